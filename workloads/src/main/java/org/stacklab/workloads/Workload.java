package org.stacklab.workloads;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.stacklab.kernel.Kernel;
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
 */
public record Workload(String name, String description, Map<String, String> parameters, List<ThreadSpec> threads) {
    public Workload {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        threads = List.copyOf(threads);
        Set<String> names = new HashSet<>();
        for (ThreadSpec t : threads) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("workload " + name + ": thread name used twice: " + t.name());
            }
        }
    }

    /**
     * Creates the spaces and threads in order on the kernel:
     * {@code kernel.createThread(name, space, priority, program)}.
     *
     * @throws IllegalStateException if the kernel already has threads (the programs' thread ids would
     *                               then name the wrong threads)
     */
    public void install(Kernel kernel) {
        if (!kernel.threads().isEmpty()) {
            throw new IllegalStateException("workload " + name + " must be installed on a kernel without threads; this one has "
                    + kernel.threads().size());
        }
        for (int i = 0; i < threads.size(); i++) {
            ThreadSpec t = threads.get(i);
            Tcb tcb = kernel.createThread(t.name(), t.space(), t.priority(), t.program());
            ThreadId expected = Kernel.globalIdOf(i);
            if (!tcb.globalId().equals(expected)) {
                throw new IllegalStateException("thread " + t.name() + " got id " + tcb.globalId() + ", its programs were resolved for " + expected);
            }
        }
    }
}
