package org.stacklab.workloads;

import java.util.Objects;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.user.Program;

/**
 * One thread of a workload, ready to be created.
 *
 * @param name     unique within the workload ({@code client3} for the fourth replica of {@code client})
 * @param space    the address space it runs in; threads naming the same space share it
 * @param priority scheduling priority, 0..{@value Scheduler#PRIORITIES}-1 (higher runs first)
 * @param program  its user program, thread references already resolved to ids
 * @param exceptionHandler the thread its UTCB ExceptionHandler TCR names when it starts (workload field
 *                 {@code exception_handler:}), or {@code null} for nil
 */
public record ThreadSpec(String name, String space, int priority, Program program, String exceptionHandler) {
    /** A thread with no exception handler preset (the TCR starts nil). */
    public ThreadSpec(String name, String space, int priority, Program program) {
        this(name, space, priority, program, null);
    }

    public ThreadSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a thread needs a name");
        }
        if (space == null || space.isBlank()) {
            throw new IllegalArgumentException("thread " + name + " needs an address space");
        }
        if (priority < 0 || priority >= Scheduler.PRIORITIES) {
            throw new IllegalArgumentException("thread " + name + ": priority must be 0.." + (Scheduler.PRIORITIES - 1) + ", got " + priority);
        }
        Objects.requireNonNull(program, "program");
    }
}
