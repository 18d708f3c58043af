package org.stacklab.kernel.thread;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.kernel.user.Utcb;

/**
 * The rules of the ThreadControl system call all models share (semantics.md §2.7; conventions in
 * {@link SyscallKind#THREAD_CONTROL}): deletion and creation. A model pushes the
 * {@code THREAD_CONTROL} frame, calls {@link #control}, pops it and returns to user.
 *
 * <p>Deleting thread D (in the caller's space, not the caller):
 * <ol>
 *   <li>D leaves whatever it was in: its partner's send queue (POLLING), its ready queue (READY,
 *       RECV_PENDING), the timer set.</li>
 *   <li>Every passive sender queued on D, in queue order, fails with send-phase NON_EXISTING (0x4)
 *       [MU {@code cancel_ipc_to}].</li>
 *   <li>Every thread WAITING in a closed wait for D (its PARTNER names D by global id, or by local id
 *       from D's space), in thread-number order, fails with receive-phase NON_EXISTING (0x5). A
 *       RECV_PENDING Call on D fails the same way when its receive phase runs (the lookup finds nothing).</li>
 *   <li>D leaves the TCB table (its ids become stale), becomes DELETED, and the model frees its kernel
 *       memory ({@link Model#release}: the TCB block, its stack, in the per-thread model its parked call chain).</li>
 * </ol>
 * Each failed thread is woken in its model's style ({@link Model#failed}) and joins the tail of its
 * ready queue, as for an abort.
 */
public final class ThreadControl {
    /** Operation in {@code r1}: delete {@code r0}. */
    public static final long DELETE = 0;
    /** Operation in {@code r1}: create {@code r0} in the caller's space, running the caller's program from {@code r2} at priority {@code r3}. */
    public static final long CREATE = 1;

    /** What a model supplies. */
    public interface Model {
        /** {@code t}'s IPC ends with {@code code} in {@code phase}: write it (now or when it runs), READY, tail. */
        void failed(Tcb t, ErrorCode code, ErrorCode.Phase phase);

        /** {@code t} was deleted (its TCB block already freed): free its stacks and model data. */
        void release(Tcb t);

        /** {@code t} was just created, READY at the tail: set up what the model needs before its first dispatch. */
        default void created(Tcb t) {
        }
    }

    private final Kernel kernel;
    private final KernelExec exec;
    private final Ipc ipc;

    public ThreadControl(Kernel kernel) {
        this.kernel = kernel;
        this.exec = kernel.exec();
        this.ipc = kernel.ipc();
    }

    /** Performs {@code me}'s ThreadControl and completes it. */
    public void control(Tcb me, Model model) {
        UserContext u = me.user();
        ThreadId destId = ThreadId.of(u.reg(0));
        long op = u.reg(1);
        if (op == CREATE) {
            create(me, destId, model);
            return;
        }
        if (op != DELETE) {
            failWith(me, ExchangeRegisters.INVALID_PARAM);
            return;
        }
        Tcb dest = destId.isNil() || destId.isWildcard() ? null : ipc.lookup(destId, me);
        if (dest == null || dest.space() != me.space()) {
            failWith(me, ExchangeRegisters.INVALID_THREAD);
            return;
        }
        if (dest == me) {
            failWith(me, ExchangeRegisters.INVALID_PARAM); // self-deletion: not supported yet
            return;
        }
        if (Ipc.inStoppedTransfer(dest)) {
            // [DECIDE] a thread locked in an unfinished string transfer (its copier, its partner, or a thread
            // in the page-fault Call of one) is not deleted: the call fails with InvalidThread
            failWith(me, ExchangeRegisters.INVALID_THREAD);
            return;
        }
        long global = dest.globalId().raw();
        delete(dest, model);
        finish(me, global, 0);
    }

    /**
     * Creation: {@code id} must be a global id whose number is the next unused one or one a deletion
     * freed, with another version than the deleted thread had (so the old ids stay stale); else
     * InvalidThread. The start ip ({@code r2}) must lie in the caller's program ({@code 0..size}) and the
     * priority ({@code r3}) in {@code 0..255}; else InvalidParam. The new thread runs in the caller's
     * space, gets the next UTCB slot there, is named {@code c<number>.<version>}, and is READY at the tail.
     */
    private void create(Tcb me, ThreadId id, Model model) {
        UserContext u = me.user();
        long ip = u.reg(2);
        long priority = u.reg(3);
        if (!id.isGlobal() || id.isNil() || id.isWildcard() || !available(id)) {
            failWith(me, ExchangeRegisters.INVALID_THREAD);
            return;
        }
        if (ip < 0 || ip > u.program().size() || priority < 0 || priority >= org.stacklab.kernel.sched.Scheduler.PRIORITIES) {
            failWith(me, ExchangeRegisters.INVALID_PARAM);
            return;
        }
        Tcb t = kernel.createThreadAt(id, "c" + id.number() + "." + id.version(), me.space().name(), (int) priority, u.program(), (int) ip);
        model.created(t);
        finish(me, id.raw(), 0);
    }

    /** Whether {@code id} may be created: the next unused number, or a freed one under a new version. */
    private boolean available(ThreadId id) {
        int n = id.number();
        if (n == kernel.nextThreadId().number()) {
            return true;
        }
        if (!kernel.tcbs().freed(n)) {
            return false;
        }
        int lastVersion = 0;
        for (Tcb t : kernel.threads()) { // the deleted thread's version (Java-side: its freed TCB's id word)
            if (t.number() == n) {
                lastVersion = t.globalId().version();
            }
        }
        return id.version() != lastVersion;
    }

    /**
     * The pager {@code t} waits for in a page-fault Call during a copy is being deleted: the Call ends
     * with no mapping, and the copier goes on (READY at the tail); it faults again, finds no pager, and
     * the transfer fails with an xfer timeout for both sides.
     */
    private void pagerGone(Tcb t) {
        Tcb copier = ipc.xferFaultResolved(t);
        copier.setState(ThreadState.READY);
        kernel.scheduler().enqueueTail(copier);
    }

    private void delete(Tcb d, Model model) {
        ThreadState s = d.state();
        if (s == ThreadState.POLLING) {
            Tcb owner = ipc.lookup(ThreadId.of(d.read(TcbLayout.Shared.PARTNER)), d);
            if (owner == null || !ipc.dequeueSender(owner, d)) {
                throw new IllegalStateException(d + " is POLLING but not in its partner's send queue");
            }
        } else if (s == ThreadState.READY || s == ThreadState.RECV_PENDING) {
            kernel.scheduler().remove(d);
        }
        kernel.timers().clear(d);
        d.setStopPending(false);
        // passive senders to d: send-phase NON_EXISTING, in queue order
        for (long head = d.read(TcbLayout.Shared.SEND_HEAD); head != 0; head = d.read(TcbLayout.Shared.SEND_HEAD)) {
            Tcb sender = kernel.tcbs().byNumber((int) head - 1);
            ipc.dequeueSender(d, sender);
            if (Ipc.inXferFault(sender)) {
                pagerGone(sender);
                continue;
            }
            model.failed(sender, ErrorCode.NON_EXISTING, ErrorCode.Phase.SEND);
        }
        // closed waits for d: receive-phase NON_EXISTING, in thread-number order
        long local = d.localId().raw();
        for (Tcb t : kernel.tcbs().all()) {
            if (t == d || t.state() != ThreadState.WAITING) {
                continue;
            }
            long partner = t.read(TcbLayout.Shared.PARTNER);
            if (partner == d.globalId().raw() || (t.space() == d.space() && partner == local)) {
                if (Ipc.inXferFault(t)) {
                    pagerGone(t);
                    continue;
                }
                kernel.timers().clear(t);
                model.failed(t, ErrorCode.NON_EXISTING, ErrorCode.Phase.RECEIVE);
            }
        }
        kernel.messageLedger().discarded(d);
        d.write(TcbLayout.Shared.MY_GLOBAL_ID, 0);
        d.setState(ThreadState.DELETED);
        kernel.tcbs().remove(d, d.blockBytes());
        kernel.threadDeleted(d);
        kernel.fpu().released(d);
        model.release(d);
    }

    private void failWith(Tcb me, long code) {
        Utcb utcb = me.user().utcb();
        exec.store(utcb.errorCodeAddress());
        utcb.setErrorCode(code);
        finish(me, ThreadId.NIL.raw(), code);
    }

    private void finish(Tcb me, long id, long errorCode) {
        UserContext u = me.user();
        u.setReg(0, id);
        u.completeSyscall();
        u.observeValues(SyscallKind.THREAD_CONTROL, id, 0, errorCode, new long[0], kernel.machine().clock().now());
        kernel.counters().ops++;
        kernel.machine().memory().endOperation();
    }
}
