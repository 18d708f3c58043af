package org.stacklab.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the kernel may be preempted: the second axis of every run, as in Fluke (Ford et al., OSDI 1999,
 * §5 "Preemptibility"). Interrupts are events at cycle times; this option says at which points of
 * kernel execution a pending one may take the CPU away from a kernel path.
 *
 * <p>A model declares which configurations it has ({@link org.stacklab.kernel.spi.KernelModel#supports});
 * every model has {@link #NP}. {@link #FP} needs a kernel stack per thread, on which a kernel path
 * preempted at an arbitrary point waits: only the per-thread (process) model can be fully preemptible.
 */
public enum Preemptibility {
    /**
     * Non-preemptible: interrupts are taken only at user instruction boundaries and at kernel exit (the
     * return-to-user preemption check). A system call runs to completion or to a block.
     */
    NP("np", "non-preemptible: interrupts are taken only in user mode and at kernel exit"),
    /**
     * Preemption points: as {@link #NP}, plus explicit points inside long kernel operations — the string
     * copy of an IPC every {@link KernelOptions#preemptChunkBytes()} bytes — where a pending
     * interrupt is taken.
     */
    PP("pp", "preemption points in long kernel operations (the string copy every --preempt-chunk bytes)"),
    /** Fully preemptible: at any kernel step outside short critical sections (per-thread model only). */
    FP("fp", "fully preemptible: at any kernel step outside short critical sections (perthread only; in a string copy: every chunk)");

    private final String cliName;
    private final String description;

    Preemptibility(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name on the command line, in result files and in {@code config.json}: {@code np}, {@code pp}, {@code fp}. */
    public String cliName() {
        return cliName;
    }

    /** One line: what the configuration means. */
    public String description() {
        return description;
    }

    /** {@link #cliName()}, so records and result files print {@code np}, {@code pp}, {@code fp}. */
    @Override
    public String toString() {
        return cliName;
    }

    /**
     * The configuration called {@code name} ({@code np}, {@code pp} or {@code fp}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid values if there is none
     */
    public static Preemptibility parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Preemptibility p : values()) {
            if (p.cliName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preemptibility '" + name + "'; valid: "
                + Arrays.stream(values()).map(Preemptibility::cliName).collect(Collectors.joining(", ")));
    }
}
