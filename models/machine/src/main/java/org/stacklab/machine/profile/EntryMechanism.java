package org.stacklab.machine.profile;

/**
 * How a system call enters and leaves the kernel (the lecture notes' comparison; papers.md §4).
 *
 * <p>Invariant: {@link #toString()} is the name written in a profile's YAML ({@code trap}, {@code fast}).
 */
public enum EntryMechanism {
    /**
     * The exception path every machine has: a software interrupt through the interrupt descriptor table
     * and back ({@code int}/{@code iret} on x86), or the exception vector and {@code rfe} on MIPS.
     */
    TRAP("trap"),
    /**
     * A dedicated fast system-call pair that skips the descriptor-table walk and most checks:
     * {@code sysenter}/{@code sysexit} (Pentium II and later), {@code syscall}/{@code sysret} (x86-64).
     */
    FAST("fast");

    private final String yamlName;

    EntryMechanism(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in profile files and in {@code config.json}. */
    @Override
    public String toString() {
        return yamlName;
    }
}
