package org.stacklab.kernel.tcb;

/**
 * Scheduling state of a thread, as stored in the TCB's {@code state} field.
 *
 * <p>{@link #RECV_PENDING} is mung's {@code TS_R_RECV} (semantics.md §6.6): the thread's send phase
 * was completed by its partner and its receive phase has not run yet. It sits in the ready queue,
 * and senders treat it as already waiting (the atomicity rule of §2.3).
 */
public enum ThreadState {
    /** On the CPU. */
    RUNNING,
    /** In a ready queue; its last system call (if any) is complete. */
    READY,
    /** Blocked in the send phase, queued on the partner's send queue ("polling"). */
    POLLING,
    /** Blocked in the receive phase. */
    WAITING,
    /** Ready, with the receive phase of its IPC still to run; matches senders as if waiting. */
    RECV_PENDING,
    /**
     * Locked in a string transfer that stopped (a page fault the kernel took during the copy, or a
     * preemption point) and has not finished: in no queue; the copier that runs the transfer wakes it
     * when the transfer ends (Pistachio's {@code locked_waiting} / {@code locked_running}, mung's
     * {@code TS_XFER}).
     */
    XFER,
    /** The program ended. */
    HALTED,
    /**
     * Stopped by ExchangeRegisters ({@code H} with {@code h}, semantics.md §7): in no queue, runs no user
     * code until an ExchangeRegisters resume ({@code H} without {@code h}) makes it READY at the tail. A
     * halted READY thread stops at its next return to user mode; it resumes in user mode where it was.
     */
    STOPPED,
    /** Deleted by ThreadControl: its ids are stale, its TCB is freed; kept only for the record. */
    DELETED;

    private static final ThreadState[] VALUES = values();

    public static ThreadState of(long stored) {
        return VALUES[(int) stored];
    }

    /** Whether the thread is blocked inside the kernel waiting for a partner. */
    public boolean blocked() {
        return this == POLLING || this == WAITING;
    }
}
