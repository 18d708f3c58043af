package org.stacklab.kernel.thread;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.kernel.user.Utcb;

/**
 * The rules of the ExchangeRegisters system call (semantics.md §7, §2.7) all models share; the
 * register conventions are in {@link SyscallKind#EXCHANGE_REGISTERS}. A model pushes the
 * {@code EXCHANGE_REGISTERS} frame, calls {@link #exchange}, pops the frame and returns to user (with
 * the kernel-exit preemption check). ExchangeRegisters never blocks.
 *
 * <p>Order (Pistachio {@code exregs.cc}): look up the destination and check the permission; take the
 * old control bits (was halted / was receiving / was sending); abort the IPC the {@code s} and
 * {@code r} bits name ({@link Ipc#abort}, then the model wakes the thread in its style with CANCELED,
 * the way it wakes a timed-out thread, and the thread joins the tail of its ready queue); then read
 * and write sp, ip, flags, user handle and pager; then the caller's results.
 *
 * <p>Permission (Pistachio {@code has_exregs_perms}, without the pager and privileged-space
 * extensions): the destination must be a live thread in the caller's address space. Anything else —
 * nil, a wildcard, an unknown or stale id, a thread of another space — fails with ErrorCode
 * {@link #INVALID_THREAD} (2), as Pistachio reports both cases; an {@code ip} outside the program
 * ({@code 0..size}) fails with {@link #INVALID_PARAM} (5) before anything changes.
 *
 * <p>Halt ({@code H} with {@code h}): after the aborts, a READY destination gets a pending stop and
 * becomes {@link ThreadState#STOPPED} at its next return to user mode ({@link #stopAtReturnToUser}),
 * after finishing what its last system call left to do — so the result an abort gave it is observed
 * in every model; a HALTED or STOPPED one stays as it is. Old control h is set for HALTED, STOPPED
 * and a pending stop. Halting the caller itself,
 * or a thread still in an IPC phase the call does not abort (Pistachio does not halt threads inside IPC;
 * {@code L4_AbortIpc_and_stop} aborts first), fails with InvalidParam before anything changes. Resume
 * ({@code H} without {@code h}, as in {@code L4_Start}) makes a STOPPED thread READY at the tail.
 */
public final class ExchangeRegisters {
    /** Control bit h: halt (1) or resume (0), applied only with {@link #HALT_VALID}. Output: was halted. */
    public static final long HALT = 1;
    /** Control bit r: abort a receive phase. Output: was receiving. */
    public static final long ABORT_RECEIVE = 1 << 1;
    /** Control bit s: abort a send phase. Output: was sending. */
    public static final long ABORT_SEND = 1 << 2;
    /** Control bit S: set sp. */
    public static final long SET_SP = 1 << 3;
    /** Control bit I: set ip. */
    public static final long SET_IP = 1 << 4;
    /** Control bit f: set flags. */
    public static final long SET_FLAGS = 1 << 5;
    /** Control bit u: set the user-defined handle. */
    public static final long SET_HANDLE = 1 << 6;
    /** Control bit p: set the pager. */
    public static final long SET_PAGER = 1 << 7;
    /** Control bit H: h is valid. */
    public static final long HALT_VALID = 1 << 8;
    /** Control bit d: deliver (accepted and ignored, semantics.md §9). */
    public static final long DELIVER = 1 << 9;

    /** The user register that is the stack pointer by convention ("sp" of ExchangeRegisters). */
    public static final int SP_REGISTER = 15;

    /** Non-IPC ErrorCode values (semantics.md §3.4). */
    public static final long NO_PRIVILEGE = 1;
    public static final long INVALID_THREAD = 2;
    public static final long INVALID_PARAM = 5;

    /** What a model supplies: where a thread's saved user state is, and how an aborted thread is woken. */
    public interface Model {
        /** Address of {@code t}'s saved user state (its trap frame: registers, then PC and flags). */
        long userFrame(Tcb t);

        /**
         * {@code t}'s IPC was aborted in {@code phase} ({@link Ipc#abort} done): write CANCELED for that
         * phase in the model's style (now or when it runs), make it READY and enqueue it at the tail.
         */
        void aborted(Tcb t, ErrorCode.Phase phase);
    }

    private final Kernel kernel;
    private final KernelExec exec;
    private final Ipc ipc;

    public ExchangeRegisters(Kernel kernel) {
        this.kernel = kernel;
        this.exec = kernel.exec();
        this.ipc = kernel.ipc();
    }

    /**
     * Performs {@code me}'s ExchangeRegisters and completes it (results in its registers, PC past the
     * system call, observation recorded).
     */
    public void exchange(Tcb me, Model model) {
        UserContext u = me.user();
        ThreadId destId = ThreadId.of(u.reg(0));
        long control = u.reg(1);
        Tcb dest = destId.isNil() || destId.isWildcard() ? null : ipc.lookup(destId, me);
        if (dest == null || dest.space() != me.space()) {
            failWith(me, INVALID_THREAD);
            return;
        }
        UserContext d = dest.user();
        long ip = u.reg(3);
        if ((control & SET_IP) != 0 && (ip < 0 || ip > d.program().size())) {
            failWith(me, INVALID_PARAM);
            return;
        }
        ThreadState s = dest.state();
        boolean abortSend = (control & ABORT_SEND) != 0;
        boolean abortReceive = (control & ABORT_RECEIVE) != 0;
        boolean halt = (control & HALT_VALID) != 0 && (control & HALT) != 0;
        boolean resume = (control & HALT_VALID) != 0 && (control & HALT) == 0;
        if (halt) {
            boolean stillInIpc = (s == ThreadState.POLLING && !abortSend)
                    || ((s == ThreadState.WAITING || s == ThreadState.RECV_PENDING) && !abortReceive)
                    // [DECIDE] a thread taking part in a string transfer that stopped and has not ended is inside
                    // kernel IPC until the copier ends it (even when aborted): it cannot be halted yet
                    || Ipc.inStoppedTransfer(dest);
            if (dest == me || stillInIpc) {
                failWith(me, INVALID_PARAM); // no self-halt; abort before halting (Pistachio)
                return;
            }
        }
        long old = (s == ThreadState.HALTED || s == ThreadState.STOPPED || dest.stopPending() ? HALT : 0)
                | (s == ThreadState.WAITING || s == ThreadState.RECV_PENDING ? ABORT_RECEIVE : 0)
                | (s == ThreadState.POLLING ? ABORT_SEND : 0);
        ErrorCode.Phase aborted = ipc.abort(dest, abortSend, abortReceive);
        if (aborted != null) {
            model.aborted(dest, aborted);
        }
        if (halt && dest.state() == ThreadState.READY) {
            // after any abort: it stops at its next return to user mode, once whatever its last system
            // call left to do (a result some models write only when it runs) is done
            dest.setStopPending(true);
        } else if (resume && s == ThreadState.STOPPED) {
            dest.setState(ThreadState.READY);
            kernel.scheduler().enqueueTail(dest);
        } else if (resume) {
            dest.setStopPending(false);
        }
        int word = kernel.machine().profile().wordBytes();
        int regs = kernel.machine().profile().userRegisters();
        long frame = model.userFrame(dest);
        long spAddr = frame + (long) Math.min(SP_REGISTER, regs - 1) * word;
        long pcAddr = frame + (long) regs * word;
        long flagsAddr = pcAddr + word;
        Utcb utcb = d.utcb();
        exec.load(spAddr);
        long oldSp = d.reg(SP_REGISTER);
        exec.load(pcAddr);
        // a thread in a user page fault goes on at the faulting instruction (it runs again), not after it
        long oldIp = dest.pageFaultSaved() ? d.retryPc() : d.resumePc();
        exec.load(flagsAddr);
        long oldFlags = d.flags();
        exec.load(utcb.userHandleAddress());
        long oldHandle = utcb.userHandle();
        exec.load(utcb.pagerAddress());
        long oldPager = utcb.pager();
        if ((control & SET_SP) != 0) {
            exec.store(spAddr);
            d.setReg(SP_REGISTER, u.reg(2));
        }
        if ((control & SET_IP) != 0) {
            exec.store(pcAddr);
            d.redirect((int) ip);
        }
        if ((control & SET_FLAGS) != 0) {
            exec.store(flagsAddr);
            d.setFlags(u.reg(4));
        }
        if ((control & SET_HANDLE) != 0) {
            exec.store(utcb.userHandleAddress());
            utcb.setUserHandle(u.reg(5));
        }
        if ((control & SET_PAGER) != 0) {
            exec.store(utcb.pagerAddress());
            utcb.setPager(u.reg(6));
        }
        // a thread that set its own registers sees the old values in its results (read above)
        finish(me, dest.globalId().raw(), old, 0, new long[] {oldSp, oldIp, oldFlags, oldHandle, oldPager});
    }

    /**
     * Every model calls this on every return to user mode, before the preemption check: if a halt is
     * pending for {@code t} it becomes {@link ThreadState#STOPPED} (in no queue) and the caller gives the
     * CPU away as when blocking; a resume makes it READY at the tail, and it returns to user then.
     *
     * @return whether {@code t} stopped
     */
    public static boolean stopAtReturnToUser(Tcb t) {
        if (!t.stopPending()) {
            return false;
        }
        t.setStopPending(false);
        t.setState(ThreadState.STOPPED);
        return true;
    }

    private void failWith(Tcb me, long code) {
        Utcb utcb = me.user().utcb();
        exec.store(utcb.errorCodeAddress());
        utcb.setErrorCode(code);
        finish(me, ThreadId.NIL.raw(), 0, code, new long[5]);
    }

    private void finish(Tcb me, long id, long control, long errorCode, long[] out) {
        UserContext u = me.user();
        u.setReg(0, id);
        u.setReg(1, control);
        for (int i = 0; i < out.length; i++) {
            u.setReg(2 + i, out[i]);
        }
        u.completeSyscall();
        u.observeValues(SyscallKind.EXCHANGE_REGISTERS, id, control, errorCode, out, kernel.machine().clock().now());
        kernel.counters().ops++;
        kernel.machine().memory().endOperation();
    }
}
