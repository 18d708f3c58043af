package org.stacklab.kernel.trace;

import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.ipc.Transfer;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.UserCpu;

/**
 * An observer of the shared kernel code, for traces ({@code stacklab trace}). Every hook is called from
 * code all three models share (the user CPU, the TCB, the kernel stacks, {@code KernelExec},
 * {@code Ipc}), so the models are traced identically without code of their own.
 *
 * <p>Invariant: a tracer only observes. It must not touch the simulated memory system or the clock, so
 * a run with a tracer gives the same figures as a run without one. With no tracer installed
 * ({@link org.stacklab.kernel.Kernel#trace}) each hook costs one field check.
 *
 * <p>Every method has an empty default; an implementation overrides what it needs. The simulated time
 * of an event is the machine clock when the hook is called.
 */
public interface KernelTracer {

    /** {@code t} left user mode: {@code trap} is what {@link UserCpu#run} returned (a system call, an interrupt, a halt...). */
    default void kernelEntered(Tcb t, UserCpu.Trap trap) {
    }

    /** {@code t} is about to run user code ({@link UserCpu#run} entered): whatever it did in the kernel is over. */
    default void returningToUser(Tcb t) {
    }

    /** {@code t}'s state field was written: {@code from} to {@code to} (may be equal). */
    default void stateChanged(Tcb t, ThreadState from, ThreadState to) {
    }

    /** The thread on the CPU changed ({@code Kernel.setCurrent}); {@code t == null}: the CPU idles. */
    default void currentChanged(Tcb t) {
    }

    /** A frame of {@code bytes} bytes named {@code frame} was pushed on {@code s}. */
    default void framePushed(KernelStack s, String frame, int bytes) {
    }

    /** The top frame of {@code s} was popped. */
    default void framePopped(KernelStack s) {
    }

    /** Every frame of {@code s} was discarded ({@code frames} of them, {@code bytes} bytes), as a continuation kernel abandons its stack. */
    default void stackDiscarded(KernelStack s, int frames, int bytes) {
    }

    /** A code block ran without a frame of its own ({@code KernelExec.run}). */
    default void codeRun(KernelCode code) {
    }

    /** An interrupt is taken inside the kernel (at a preemption point): {@code KernelExec.interruptEntry}. */
    default void interruptEntered() {
    }

    /** The in-kernel interrupt of {@link #interruptEntered} returns. */
    default void interruptExited() {
    }

    /** A message from {@code src} was transferred to {@code dst} (the message ledger's "sent"). */
    default void messageSent(Tcb src, Tcb dst) {
    }

    /** {@code t}'s IPC result was written ({@code Ipc.complete}): a message it received is now visible to it. */
    default void resultWritten(Tcb t) {
    }

    /**
     * A transfer from {@code src} to {@code dst} is being set up (the message registers are copied next);
     * {@code restart}: a restarted system call sets up a stopped transfer again (stateless model).
     * {@link #transferStarted} or {@link #transferRestarted} follows.
     */
    default void transferStarting(Tcb src, Tcb dst, boolean restart) {
    }

    /** Transfer {@code x} (message registers and typed items) was set up; its copier runs it. */
    default void transferStarted(Transfer x) {
    }

    /** A restarted system call set up {@code x} again to continue stopped transfer {@code earlier} (stateless model). */
    default void transferRestarted(Transfer earlier, Transfer x) {
    }

    /** Transfer {@code x} ended with {@code outcome} (delivered or failed). */
    default void transferEnded(Transfer x, Transfer.Outcome outcome) {
    }

    /** A page fault at {@code address} in {@code faulter}'s space stopped transfer {@code x}; the pager Call started. */
    default void transferFaulted(Transfer x, Tcb faulter, long address) {
    }

    /** The pager answered {@code faulter}'s page-fault Call; {@code copier} goes on with the copy. */
    default void transferFaultResolved(Tcb faulter, Tcb copier) {
    }
}
