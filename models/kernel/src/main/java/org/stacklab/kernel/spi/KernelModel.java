package org.stacklab.kernel.spi;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;

/**
 * One kernel-stack model: the control flow of the shared kernel. An instance serves one
 * {@link Kernel} (one run). The harness drives it in this order: {@link #declareFields},
 * {@link #boot}, {@link #placeThread} per thread, {@link #run}.
 *
 * <p>Invariant (DESIGN.md rules 2 and 3): a model changes only how control flows when a thread must
 * wait; it uses the shared rules in {@link org.stacklab.kernel.ipc.Ipc} and the shared
 * {@link org.stacklab.kernel.sched.Scheduler}, so user programs cannot tell models apart.
 */
public interface KernelModel {

    /** Short name used on the command line: {@code perthread}, {@code continuation}, {@code stateless}. */
    String name();

    /** Adds the model's own TCB fields (continuation area, exported restart state, saved stack pointer...). */
    void declareFields(TcbLayout.Builder layout);

    /** Allocates boot-time kernel memory: per-CPU stacks and the like. */
    void boot(Kernel kernel);

    /**
     * Allocates kernel memory for a new thread's TCB of {@code tcbBytes} bytes (and, in the per-thread
     * model, its stack).
     */
    ThreadMemory placeThread(Kernel kernel, String name, int tcbBytes);

    /**
     * Runs the machine until no thread can run or the cycle limit is reached. Threads start READY in
     * the scheduler's queues; the first one dispatched is the scheduler's pick.
     */
    RunOutcome run(Kernel kernel);

    /**
     * Whether this model has a configuration with preemptibility {@code p} (Fluke §5; the option
     * {@link org.stacklab.kernel.KernelOptions#preemptibility()}). Every model has
     * {@link Preemptibility#NP}; a model that does not override this has only that. A {@link Kernel}
     * refuses options its model does not support.
     */
    default boolean supports(Preemptibility p) {
        return p == Preemptibility.NP;
    }

    /**
     * Why {@code p} is not supported, as one clause for an error message (called only when
     * {@code !supports(p)}), e.g. "its kernel runs atomically on one stack per CPU".
     */
    default String whyUnsupported(Preemptibility p) {
        return "the model implements no " + p.cliName() + " configuration";
    }

    /**
     * The model's own invariants on how it represents threads, checked with the shared ones
     * ({@link org.stacklab.kernel.check.KernelInvariants}) after every run: a thread's state must agree
     * with where the model keeps what it needs to go on (its call chain on its own stack, a continuation
     * or a kept stack, nothing on any stack). One readable line per violation, naming the model; none by
     * default. Reads Java-side state and {@code peek} only, so checking changes no figure.
     */
    default java.util.List<String> invariantViolations(Kernel kernel) {
        return java.util.List.of();
    }

    /**
     * A propagation (semantics.md §2.8, {@code Ipc.transfer}) redirected the pending receive phase of
     * RECV_PENDING thread {@code t} to {@code fromSpec}, already written to its {@code PARTNER}. The
     * pending receive phase must run with FromSpecifier = {@code PARTNER}: a model that keeps that
     * FromSpecifier elsewhere (the stateless model's exported {@code r1}, its restart point) rewrites it
     * here, charged. Default: nothing, for a model that reads {@code PARTNER} when the phase runs
     * ({@code Ipc.pendingReceive}).
     */
    default void pendingReceiveRedirected(Tcb t, ThreadId fromSpec) {
    }
}
