package org.stacklab.workloads;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.user.AddressSpace;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.tcb.Tcb;

/**
 * A resolved workload: threads with their spaces, priorities and programs, ready to install.
 *
 * <p>Invariant: thread names are unique; programs were resolved assuming the threads are created in
 * list order on a kernel with no threads yet (thread {@code i} gets {@link Kernel#globalIdOf}{@code (i)}),
 * which is what {@link #install} does. {@code parameters} is sorted by key and unmodifiable.
 *
 * @param name        the workload's name
 * @param description one line for humans
 * @param parameters  every parameter with its resolved value (defaults and overrides), sorted by key
 * @param threads     in creation order
 * @param interrupts  device interrupt sources, each naming one of {@code threads} as its handler; one per irq
 * @param spaces      the paged address spaces, each naming one of {@code threads} as its pager; the others are flat
 */
public record Workload(String name, String description, Map<String, String> parameters, List<ThreadSpec> threads,
                       List<InterruptSpec> interrupts, List<SpaceSpec> spaces) {
    public Workload {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        threads = List.copyOf(threads);
        interrupts = interrupts == null ? List.of() : List.copyOf(interrupts);
        spaces = spaces == null ? List.of() : List.copyOf(spaces);
        Set<String> names = new HashSet<>();
        for (ThreadSpec t : threads) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("workload " + name + ": thread name used twice: " + t.name());
            }
        }
        Set<String> spaceNames = new HashSet<>();
        for (SpaceSpec sp : spaces) {
            if (!spaceNames.add(sp.name())) {
                throw new IllegalArgumentException("workload " + name + ": space " + sp.name() + " is listed twice");
            }
            if (!names.contains(sp.pager())) {
                throw new IllegalArgumentException("workload " + name + ": space " + sp.name() + " names no thread '" + sp.pager() + "' as pager");
            }
        }
        for (ThreadSpec t : threads) {
            if (t.exceptionHandler() != null && !names.contains(t.exceptionHandler())) {
                throw new IllegalArgumentException("workload " + name + ": thread " + t.name() + "'s exception handler names no thread '"
                        + t.exceptionHandler() + "'");
            }
        }
        Set<Integer> irqs = new HashSet<>();
        for (InterruptSpec q : interrupts) {
            if (!irqs.add(q.irq())) {
                throw new IllegalArgumentException("workload " + name + ": irq " + q.irq() + " has two sources");
            }
            if (!names.contains(q.handler())) {
                throw new IllegalArgumentException("workload " + name + ": irq " + q.irq() + " names no thread '" + q.handler() + "'");
            }
        }
    }

    /** A workload without interrupt sources. */
    public Workload(String name, String description, Map<String, String> parameters, List<ThreadSpec> threads) {
        this(name, description, parameters, threads, List.of(), List.of());
    }

    /** A workload whose spaces are all flat. */
    public Workload(String name, String description, Map<String, String> parameters, List<ThreadSpec> threads,
                    List<InterruptSpec> interrupts) {
        this(name, description, parameters, threads, interrupts, List.of());
    }

    /**
     * Creates the spaces and threads in order on the kernel:
     * {@code kernel.createThread(name, space, priority, program)}; then presets each thread's
     * ExceptionHandler TCR ({@link ThreadSpec#exceptionHandler}, the handler's global id); then installs the interrupt sources
     * ({@code kernel.interrupts().add}, times converted to cycles of the kernel's machine).
     *
     * @throws IllegalStateException if the kernel already has threads (the programs' thread ids would
     *                               then name the wrong threads)
     */
    public void install(Kernel kernel) {
        if (!kernel.threads().isEmpty()) {
            throw new IllegalStateException("workload " + name + " must be installed on a kernel without threads; this one has "
                    + kernel.threads().size());
        }
        for (SpaceSpec sp : spaces) {
            AddressSpace space = kernel.pagedSpace(sp.name());
            if (sp.premapBytes() > 0) {
                kernel.premap(space, sp.premapStart(), sp.premapBytes(), Fpage.RWX);
            }
        }
        for (int i = 0; i < threads.size(); i++) {
            ThreadSpec t = threads.get(i);
            Tcb tcb = kernel.createThread(t.name(), t.space(), t.priority(), t.program());
            ThreadId expected = Kernel.globalIdOf(i);
            if (!tcb.globalId().equals(expected)) {
                throw new IllegalStateException("thread " + t.name() + " got id " + tcb.globalId() + ", its programs were resolved for " + expected);
            }
        }
        for (SpaceSpec sp : spaces) {
            long pager = byName(kernel, sp.pager()).globalId().raw();
            for (Tcb t : kernel.threads()) {
                if (t.space().name().equals(sp.name())) {
                    t.user().utcb().setPager(pager);
                }
            }
        }
        for (int i = 0; i < threads.size(); i++) {
            String h = threads.get(i).exceptionHandler();
            if (h != null) {
                // the creator presets the TCR before the thread runs (like its program): setup, not run time
                kernel.threads().get(i).user().utcb().setExceptionHandler(byName(kernel, h).globalId().raw());
            }
        }
        for (InterruptSpec q : interrupts) {
            Tcb handler = null;
            for (Tcb t : kernel.threads()) {
                if (t.name().equals(q.handler())) {
                    handler = t;
                }
            }
            var profile = kernel.machine().profile();
            kernel.interrupts().add(q.irq(), handler, profile.cycles(q.firstMicros()), Math.max(1, profile.cycles(q.periodMicros())), q.count());
        }
    }

    private static Tcb byName(Kernel kernel, String name) {
        for (Tcb t : kernel.threads()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("no thread named '" + name + "'");
    }
}
