package org.stacklab.continuation;

import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.tcb.Tcb;

/**
 * The continuation functions of the continuation kernel (Draves et al. 1991 §2.1; GNU Mach
 * {@code thread->swap_func}). A thread that gives up the CPU inside the kernel stores one of these in
 * its TCB's {@code continuation} word, together with the few values the function needs (the
 * {@link ContinuationModel scratch area}); its kernel stack is then discarded. Resuming the thread
 * means calling the function on a fresh (empty) per-CPU stack. A continuation never returns into the
 * code path that blocked: it finishes the system call and returns to user mode, or blocks again with
 * a new continuation.
 *
 * <p>In the TCB a continuation is its <em>code address</em>: entry stub {@code k} (this enum's
 * ordinal) sits at {@code addressOf(CONTINUATION_CALL) + k * STUB_BYTES}, inside the
 * continuation-call code block, so the dispatcher's indirect call and a sender's continuation
 * recognition ({@code receiver->swap_func == mach_msg_continue}) compare plain words.
 *
 * <p>Scratch words each continuation relies on (written before the block, read on resume):
 * <ul>
 *   <li>{@link #SEND_RESUME}: {@code scratch_from_spec} (the receiver reads it to decide the sender's
 *       result path and PARTNER) and, if not nil, {@code scratch_rcv_timeout} for {@link #RECEIVE_PHASE};</li>
 *   <li>{@link #RECEIVE_PHASE}: reads both;</li>
 *   <li>the others need none: their result is in the UTCB and the shared {@code ipc_from} field.</li>
 * </ul>
 */
public enum Continuation {
    /**
     * Blocked in the send phase (POLLING). Only a receiver that takes the message wakes such a thread,
     * and it always replaces this continuation with the sender's result path ({@link #RECEIVE_PHASE}
     * or {@link #RETURN_TO_USER}) — the waker picks the result path, as {@code mach_msg_interrupt} and
     * NOVA's {@code Sm::up} do; a send timeout replaces it with {@link #SEND_TIMED_OUT}, an abort with
     * {@link #SEND_CANCELED}. Calling it means some path woke a polling sender without doing so.
     */
    SEND_RESUME {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            throw new IllegalStateException(me + " resumed in SEND_RESUME: a polling sender's waker must replace its continuation");
        }
    },
    /**
     * A Call or ReplyWait whose send phase a receiver completed (state RECV_PENDING): run the receive
     * phase with the FromSpecifier and receive timeout saved in the scratch area; it completes and
     * returns to user, or blocks again in {@link #RECEIVE_COMPLETE}.
     */
    RECEIVE_PHASE {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.receivePhaseContinuation(me);
        }
    },
    /**
     * Blocked in the receive phase (WAITING); a sender has since transferred the message. Writes the
     * result ({@code Ipc.complete}) and returns to user ({@code mach_msg_receive_continue}). A sender
     * that hands its stack to such a thread recognises it and does this itself instead of calling it.
     */
    RECEIVE_COMPLETE {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.receiveCompleteContinuation(me);
        }
    },
    /**
     * returnError(send TIMEOUT): the timer interrupt timed the thread out of its send phase and put this
     * here instead of {@link #SEND_RESUME} ({@code mach_msg_interrupt}; NOVA's {@code sys_finish<TIMEOUT>}).
     * Writes ErrorCode 0x2, MR0 = 0x8000, from = nil, and returns to user.
     */
    SEND_TIMED_OUT {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.timedOutContinuation(me, ErrorCode.Phase.SEND);
        }
    },
    /** returnError(receive TIMEOUT): as {@link #SEND_TIMED_OUT}, replacing {@link #RECEIVE_COMPLETE}; ErrorCode 0x3. */
    RECEIVE_TIMED_OUT {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.timedOutContinuation(me, ErrorCode.Phase.RECEIVE);
        }
    },
    /**
     * returnError(send CANCELED): ExchangeRegisters {@code s} aborted the thread's send phase and put this
     * here instead of {@link #SEND_RESUME}, as a send timeout puts {@link #SEND_TIMED_OUT}. ErrorCode 0x6.
     */
    SEND_CANCELED {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.canceledContinuation(me, ErrorCode.Phase.SEND);
        }
    },
    /**
     * returnError(receive CANCELED): ExchangeRegisters {@code r} aborted the thread's receive phase,
     * replacing {@link #RECEIVE_COMPLETE} (WAITING) or {@link #RECEIVE_PHASE} (RECV_PENDING). ErrorCode 0x7.
     */
    RECEIVE_CANCELED {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.canceledContinuation(me, ErrorCode.Phase.RECEIVE);
        }
    },
    /**
     * A string copy stopped at a preemption point (Fluke's {@code pp}; Draves: preemption is a common
     * block point with a continuation): the progress is in the copier's TCB (the transfer and its byte
     * offset), the stack was discarded; resumed, it goes on copying and then finishes the IPC.
     */
    XFER_RESUME {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.xferResumeContinuation(me);
        }
    },
    /** A ThreadSwitch that gave the CPU away: complete it and return to user. */
    THREAD_SWITCH_DONE {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.threadSwitchDoneContinuation(me);
        }
    },
    /**
     * Nothing left to do in the kernel: the result (if any) is already written. Return to user,
     * restoring the user state from the TCB ({@code thread_exception_return}; also a new thread's
     * first continuation, Mach's {@code thread_bootstrap_return}, and a preempted thread's).
     */
    RETURN_TO_USER {
        @Override
        Tcb resume(ContinuationKernel k, Tcb me) {
            return k.returnToUser(me);
        }
    };

    /** Bytes between two continuation entry stubs (one instruction word). */
    public static final int STUB_BYTES = 4;

    private static final Continuation[] VALUES = values();

    /**
     * Runs this continuation for {@code me} on the current (fresh) stack.
     *
     * @return the thread that returns to user mode, or {@code null} if the CPU was given up again (the
     *         kernel's dispatcher then picks the next thread)
     */
    abstract Tcb resume(ContinuationKernel k, Tcb me);

    /** The continuation whose entry stub is at {@code address}, given the stub table's base. */
    static Continuation at(long address, long stubBase) {
        long offset = address - stubBase;
        if (offset < 0 || offset % STUB_BYTES != 0 || offset / STUB_BYTES >= VALUES.length) {
            throw new IllegalStateException("not a continuation entry: 0x" + Long.toHexString(address));
        }
        return VALUES[(int) (offset / STUB_BYTES)];
    }
}
