package org.stacklab.stateless;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.Transfer;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.spi.ThreadMemory;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbField;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.kernel.user.UserCpu;

/**
 * The stateless kernel (interrupt model, Ford et al. OSDI 1999 §3–4). A system call runs on the one
 * per-CPU stack from entry to exit and never blocks there. A thread that must wait is described
 * completely by its TCB state and its exported user state (Fluke's "every state in which a thread can
 * block for long is representable as a system call plus registers"):
 *
 * <ul>
 *   <li>blocked in the send phase: state POLLING on the partner's send queue; the user PC stays on the
 *       system call. The receiver performs the transfer and finishes the call for it (seL4, mung).</li>
 *   <li>a Call whose send a receiver completed: the user state is rolled forward to the restart
 *       point {@code Ipc(nil, FromSpecifier, Timeouts)} (Fluke's connect_send_over_receive →
 *       over_receive), state RECV_PENDING; when dispatched the thread re-executes the receive-only
 *       call. Each such roll is a counted restart.</li>
 *   <li>blocked in the receive phase: state WAITING; the sender writes the message, {@code from} and
 *       the tag into the thread's UTCB and registers and makes it runnable at its next user PC.</li>
 *   <li>timeouts (semantics.md §6.7 "timeout / abort"): the deadline is exported TCB state
 *       ({@code WAKEUP}, {@link Timers}), never re-encoded into the timeout register; a restarted
 *       receive-only stage finds the absolute deadline its send completion fixed. When it expires, the
 *       timer interrupt (the waker) writes ErrorCode, MR0 = 0x8000 and from = nil into the thread's
 *       exported state and makes it runnable at its next user PC; nothing of its call remains.</li>
 * </ul>
 *
 * <p>Invariant: between system calls the per-CPU stack is empty; the user state lives in the TCB's
 * exported-state area, written at every entry and read at every exit.
 */
public final class StatelessModel implements KernelModel {
    /** Name on the command line. */
    public static final String NAME = "stateless";

    private TcbField userState;
    private Kernel kernel;
    private KernelExec exec;
    private Ipc ipc;
    private Scheduler scheduler;
    private KernelCounters counters;
    private KernelStack cpuStack;
    private Timers timers;
    private ExchangeRegisters exregs;
    private ThreadControl threadControl;
    /** The idle CPU reached the cycle limit waiting for a timer. */
    private boolean idleHitLimit;

    @Override
    public String name() {
        return NAME;
    }

    /** np and pp (a preemption point is a restart point, Fluke §5); not fp. */
    @Override
    public boolean supports(Preemptibility p) {
        return p != Preemptibility.FP;
    }

    @Override
    public String whyUnsupported(Preemptibility p) {
        return "its kernel runs atomically on one stack per CPU (Fluke's interrupt model): a system call is never suspended"
                + " inside the kernel, only rolled back to a restart point";
    }

    @Override
    public void declareFields(TcbLayout.Builder layout) {
        // Fluke exports the whole user-visible thread state; here: the trap frame.
        userState = layout.add("exported_user_state", layout.trapFrameWords());
    }

    @Override
    public void boot(Kernel k) {
        this.kernel = k;
        this.exec = k.exec();
        this.ipc = k.ipc();
        this.scheduler = k.scheduler();
        this.counters = k.counters();
        this.timers = k.timers();
        this.exregs = new ExchangeRegisters(k);
        this.threadControl = new ThreadControl(k);
        this.cpuStack = k.stacks().allocate("cpu0", k.machine().profile().kernelStackBytes());
        exec.useStack(cpuStack);
    }

    @Override
    public ThreadMemory placeThread(Kernel k, String name, int tcbBytes) {
        long base = k.tcbs().place(tcbBytes, k.machine().profile().tcbAlignment()); // the virtual TCB array
        return new ThreadMemory(base, tcbBytes, null);
    }

    /**
     * The interrupt model keeps nothing on a kernel stack across a block: no thread owns a stack, and
     * while no thread is on the CPU (the run ended, or the CPU idles) the CPU stack is empty — every
     * blocked thread's state is its exported user state (its restart point).
     */
    @Override
    public java.util.List<String> invariantViolations(Kernel k) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Tcb t : k.threads()) {
            if (t.stack() != null) {
                out.add("stateless: " + t + " (" + t.peekState() + ") owns a kernel stack " + t.stack());
            }
        }
        if (cpuStack != null && k.current() == null && cpuStack.depth() != 0) {
            out.add("stateless: no thread runs but the CPU stack holds frames " + cpuStack.frames()
                    + " (a blocked thread left kernel state on it)");
        }
        return out;
    }

    @Override
    public RunOutcome run(Kernel k) {
        UserCpu user = k.userCpu();
        Tcb t = dispatch(scheduler.pickNext(null));
        while (t != null) {
            switch (user.run(t)) {
                case CYCLE_LIMIT -> {
                    return RunOutcome.CYCLE_LIMIT;
                }
                case HALT -> t = halt(t);
                case SYSCALL -> t = syscall(t);
                case TIMER -> t = timerInterrupt(t);
                case FPU -> t = fpuTrap(t);
            }
        }
        return idleHitLimit ? RunOutcome.CYCLE_LIMIT : RunOutcome.QUIESCENT;
    }

    /**
     * A propagation redirected RECV_PENDING {@code t}'s pending receive (semantics.md §2.8): its restart
     * point {@code Ipc(nil, FromSpecifier, Timeouts)} is rewritten in the exported state, {@code r1} :=
     * {@code fromSpec}, so the re-executed stage waits for the propagation's destination.
     */
    @Override
    public void pendingReceiveRedirected(Tcb t, ThreadId fromSpec) {
        exec.store(t.address(userState) + exec.profile().wordBytes()); // its FromSpecifier (r1)
        t.user().setReg(1, fromSpec.raw());
    }

    /** The timer interrupt taken in user mode of {@code me}: a kernel entry like a system call's. */
    private Tcb timerInterrupt(Tcb me) {
        enter(me);
        expireTimers();
        return continueOrPreempt(me);
    }

    /**
     * The #NM trap (lazy FPU) taken in user mode of {@code me}: an entry like a system call's, the shared
     * handler ({@code Fpu.trap}), and the exit; the PC was never moved off the FPU instruction, so the
     * exit re-executes it (the model's natural restart).
     */
    private Tcb fpuTrap(Tcb me) {
        enter(me);
        kernel.fpu().trap(me);
        return continueOrPreempt(me);
    }

    /**
     * The timer interrupt's work: every thread whose deadline has passed, in deadline order, leaves its
     * wait (the shared {@link Ipc#timeOut}) and gets its result written here, by the waker, into its
     * exported state — ErrorCode, MR0 = 0x8000, from = nil, PC past the system call — and is made
     * runnable at the tail of its ready queue.
     */
    private void expireTimers() {
        counters.timerInterrupts++;
        exec.call(KernelCode.TIMER);
        long now = kernel.machine().clock().now();
        ipc.expireTimeouts(now, (t, phase) -> ipc.fail(t, ErrorCode.TIMEOUT, phase, 0));
        kernel.interrupts().raiseDue(now, this::interruptDelivered);
        exec.ret(KernelCode.TIMER);
    }

    /**
     * A device interrupt completed the IPC of its handler: as on a sender's path, the waker writes the
     * handler's result into its exported state ({@link Ipc#complete}: from, tag, PC past the system
     * call) and makes it runnable.
     */
    private void interruptDelivered(Tcb handler, boolean wasWaiting) {
        ipc.complete(handler);
        wake(handler, wasWaiting);
    }

    /** Kernel entry for a system call; returns the thread that goes back to user mode next, or {@code null}. */
    private Tcb syscall(Tcb me) {
        enter(me);
        return switch (UserCpu.syscallKind(me)) {
            case IPC -> ipc(me);
            case THREAD_SWITCH -> threadSwitch(me);
            case EXCHANGE_REGISTERS -> exchangeRegisters(me);
            case THREAD_CONTROL -> threadControl(me);
        };
    }

    private void enter(Tcb me) {
        counters.kernelEntries++;
        exec.trapEntry();
        exec.run(KernelCode.SYSCALL_ENTRY);
        exec.storeWords(me.address(userState), frameWords());
    }

    private int frameWords() {
        return exec.frameWords(KernelCode.SYSCALL_ENTRY);
    }

    private Tcb halt(Tcb me) {
        me.setState(ThreadState.HALTED);
        return dispatch(schedule(null));
    }

    /**
     * The IPC system call. Every wait ends in "set restart point and return": the TCB state says what
     * the thread waits for, the user state says how to resume, and this method unwinds.
     */
    Tcb ipc(Tcb me) {
        exec.call(KernelCode.IPC);
        if (me.transfer() != null) {
            return restartCopy(me);
        }
        Ipc.Args a = ipc.args(me);
        Tcb woken = null;
        if (a.hasSend()) {
            exec.call(KernelCode.IPC_SEND);
            Tcb dst = ipc.lookup(a.to(), me);
            if (dst == null) {
                ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.SEND, 0);
                return leave(me, KernelCode.IPC_SEND);
            }
            if (!ipc.readyToReceiveFrom(dst, me)) {
                if (a.send().isZero()) {
                    ipc.fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.SEND, 0);
                    return leave(me, KernelCode.IPC_SEND);
                }
                // restart point: PC stays on the system call with its registers; the receiver finishes it
                ipc.enqueueSender(dst, me);
                me.write(TcbLayout.Shared.PARTNER, a.to().raw());
                me.setState(ThreadState.POLLING);
                if (Ipc.finite(a.send())) {
                    timers.arm(me, ipc.sendDeadline(a)); // exported: the deadline fixed at entry, not the register
                }
                exec.ret(KernelCode.IPC_SEND);
                exec.ret(KernelCode.IPC);
                return block(null);
            }
            if (Ipc.inXferFault(dst)) {
                // the reply to a page-fault Call the kernel made during a string copy: its map item goes
                // into dst's space, and the copier (not dst) goes on: it re-executes its call
                boolean delivered = ipc.transfer(me, dst);
                Tcb copier = ipc.xferFaultResolved(dst);
                copier.setState(ThreadState.READY);
                scheduler.enqueueTail(copier);
                woken = copier;
                if (!delivered) {
                    Ipc.TransferFailure failure = ipc.transferFailure();
                    ipc.fail(me, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
                    return leave(me, KernelCode.IPC_SEND);
                }
                exec.ret(KernelCode.IPC_SEND);
            } else {
                Transfer x = ipc.startTransfer(me, dst);
                Transfer.Outcome o = copy(me, x);
                if (o == null) {
                    exec.ret(KernelCode.IPC_SEND);
                    exec.ret(KernelCode.IPC);
                    return stopped(me);
                }
                if (!sent(me, dst, x, o)) {
                    return leave(me, KernelCode.IPC_SEND);
                }
                if (x.receiverWasWaiting() || x.interrupted()) {
                    woken = dst;
                }
                exec.ret(KernelCode.IPC_SEND);
            }
        }
        return afterSend(me, a, woken);
    }

    /** After the send phase (or with none): send-only completion, or the receive phase. */
    private Tcb afterSend(Tcb me, Ipc.Args a, Tcb woken) {
        if (!a.hasReceive()) {
            ipc.completeSendOnly(me);
            exec.ret(KernelCode.IPC);
            return continueOrPreempt(me);
        }
        stoppedInReceive = false;
        if (receivePhase(me, a)) {
            exec.ret(KernelCode.IPC);
            return block(woken);
        }
        exec.ret(KernelCode.IPC);
        if (stoppedInReceive) {
            return stopped(me);
        }
        return continueOrPreempt(me);
    }

    /** Set by a receive phase whose copy stopped (a page fault or a preemption): the call unwinds to its restart point. */
    private boolean stoppedInReceive;
    /** The thread a stopped copy's page-fault Call made READY from WAITING (the pager), preferred next. */
    private Tcb stoppedWoke;

    /**
     * The send side of a transfer that ended with {@code o}: the receiver's result is written here, by the
     * sender, or both fail. Returns whether it was delivered.
     */
    private boolean sent(Tcb me, Tcb dst, Transfer x, Transfer.Outcome o) {
        boolean requeue = x.receiverWasWaiting() || x.interrupted();
        if (!ipc.endTransfer(x, o)) {
            Ipc.TransferFailure failure = ipc.transferFailure();
            ipc.fail(me, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
            ipc.fail(dst, failure.receiverCode(), ErrorCode.Phase.RECEIVE, failure.offset());
            wake(dst, requeue);
            return false;
        }
        ipc.complete(dst); // the receiver's result registers, written by the sender
        wake(dst, requeue);
        return true;
    }

    /** The receive side of a transfer from the polling {@code sender} that ended with {@code o}. */
    private void received(Tcb me, Tcb sender, Transfer x, Transfer.Outcome o) {
        if (!ipc.endTransfer(x, o)) {
            Ipc.TransferFailure failure = ipc.transferFailure();
            ipc.fail(sender, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
            ipc.fail(me, failure.receiverCode(), ErrorCode.Phase.RECEIVE, failure.offset());
            sender.setState(ThreadState.READY);
            scheduler.enqueueTail(sender);
            return;
        }
        passiveSenderDone(sender);
        ipc.complete(me);
    }

    /**
     * Runs transfer {@code x} with {@code me} as copier. Returns its end outcome, or {@code null} when
     * it stopped (Fluke §4, semantics.md §6.7): at a page fault, the faulting thread's pager Call is
     * under way and {@code me} waits for it; at a preemption point, {@code me} is READY at the head of its
     * queue. Either way the progress is recorded in {@code me}'s exported state and its user state is
     * its restart point: the same system call, which on re-execution finds the progress
     * ({@link #restartCopy}) and redoes only the set-up. The caller unwinds ({@link #stopped}).
     */
    private Transfer.Outcome copy(Tcb me, Transfer x) {
        while (true) {
            Transfer.Outcome o = ipc.resumeTransfer(x);
            switch (o) {
                case Transfer.Fault f -> {
                    Ipc.FaultCall call = ipc.raiseXferFault(x, f, me, this::interruptDelivered);
                    if (!call.started()) {
                        me.setTransfer(null);
                        return o;
                    }
                    exportProgress(me, x);
                    counters.countBlock(KernelCounters.BlockKind.PAGE_FAULT);
                    stoppedWoke = call.woken();
                    return null;
                }
                case Transfer.Preempted p -> {
                    // the partner locks before the interrupt is taken: a receiver in mid-transfer is no longer receiving
                    ipc.interruptTransfer(x, me);
                    kernelInterrupt();
                    if (scheduler.shouldPreempt(me)) {
                        exportProgress(me, x);
                        counters.blocksPreemption++;
                        me.setState(ThreadState.READY);
                        scheduler.requeuePreempted(me);
                        stoppedWoke = null;
                        return null;
                    }
                }
                default -> {
                    me.setTransfer(null);
                    return o;
                }
            }
        }
    }

    /** An interrupt taken inside the kernel at a preemption point. */
    private void kernelInterrupt() {
        exec.interruptEntry();
        expireTimers();
        exec.interruptExit();
    }

    /**
     * Records a stopped copy in {@code me}'s exported state (the transfer's partner and progress, two
     * words) and rolls its user state to the restart point: the system call stays at its PC; a receiver
     * whose send stage is over gets {@code r0 := nil} so the restart is the receive-only stage. Counted
     * as a restart.
     */
    private void exportProgress(Tcb me, Transfer x) {
        exec.run(KernelCode.RESTART_POINT);
        exec.storeWords(me.address(userState), 2);
        if (x.destination() == me && me.user().reg(0) != ThreadId.NIL.raw()) {
            me.user().setReg(0, ThreadId.NIL.raw());
        }
        counters.restarts++;
    }

    /** The call unwound at a stopped copy: the CPU goes to the next thread. */
    private Tcb stopped(Tcb me) {
        Tcb preferred = stoppedWoke;
        stoppedWoke = null;
        return dispatch(schedule(preferred));
    }

    /**
     * The re-executed system call of a thread whose copy stopped: reads the progress from its exported
     * state, decodes the items again ({@link Ipc#restartTransfer}) — the rolled-back work, counted in
     * {@code rollbackCycles} — and goes on copying; then finishes the call as its first execution would
     * have: the sender's receive phase, or the receiver's result.
     */
    private Tcb restartCopy(Tcb me) {
        long start = kernel.machine().clock().now();
        exec.run(KernelCode.RESTART_POINT);
        exec.loadWords(me.address(userState), 2);
        Transfer earlier = me.transfer();
        me.setTransfer(null);
        Tcb partner = earlier.partnerOf(me);
        ipc.lookup(partner.globalId(), me); // the partner, named in the exported state
        Transfer x = ipc.restartTransfer(earlier);
        counters.rollbackCycles += kernel.machine().clock().now() - start;
        Transfer.Outcome o = copy(me, x);
        if (o == null) {
            exec.ret(KernelCode.IPC);
            return stopped(me);
        }
        if (x.source() == me) {
            exec.call(KernelCode.IPC_SEND);
            boolean delivered = sent(me, x.destination(), x, o);
            exec.ret(KernelCode.IPC_SEND);
            if (!delivered) {
                exec.ret(KernelCode.IPC);
                return continueOrPreempt(me);
            }
            return afterSend(me, ipc.args(me), x.destination());
        }
        exec.call(KernelCode.IPC_RECEIVE);
        received(me, x.source(), x, o);
        exec.ret(KernelCode.IPC_RECEIVE);
        exec.ret(KernelCode.IPC);
        return continueOrPreempt(me);
    }

    /** Makes a receiver whose IPC was just completed runnable (a RECV_PENDING one is already queued). */
    private void wake(Tcb dst, boolean wasWaiting) {
        dst.setState(ThreadState.READY);
        if (wasWaiting) {
            scheduler.enqueueTail(dst);
        }
    }

    /** Leaves the IPC after an error in the send phase: pops the phase and IPC frames, returns to user. */
    private Tcb leave(Tcb me, KernelCode phase) {
        exec.ret(phase);
        exec.ret(KernelCode.IPC);
        return continueOrPreempt(me);
    }

    /** The receive phase; returns whether {@code me} must wait (state WAITING recorded). */
    private boolean receivePhase(Tcb me, Ipc.Args a) {
        exec.call(KernelCode.IPC_RECEIVE);
        try {
            long deadline = ipc.receiveDeadline(me, a.receive());
            if (a.closedWait() && !kernel.interrupts().isSourceOf(a.fromSpec(), me) && ipc.lookup(a.fromSpec(), me) == null) {
                ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.RECEIVE, 0);
                return false;
            }
            if (kernel.interrupts().takePending(me, a.fromSpec())) {
                ipc.complete(me); // a pending interrupt: its message is in our UTCB
                return false;
            }
            Tcb sender = ipc.selectSender(me, a.fromSpec());
            if (sender != null) {
                ipc.dequeueSender(me, sender);
                if (Ipc.inXferFault(sender)) {
                    // a page-fault message a copier sent for it: its Call waits for our reply at once
                    ipc.transfer(sender, me); // two untyped words: cannot fail
                    ipc.xferFaultSent(sender);
                    ipc.complete(me);
                    return false;
                }
                Transfer x = ipc.startTransfer(sender, me);
                Transfer.Outcome o = copy(me, x);
                if (o == null) {
                    stoppedInReceive = true;
                    return false;
                }
                received(me, sender, x, o);
                return false;
            }
            if (a.receive().isZero() || ipc.expired(deadline)) {
                ipc.fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE, 0);
                return false;
            }
            me.write(TcbLayout.Shared.PARTNER, a.fromSpec().raw());
            me.setState(ThreadState.WAITING);
            if (deadline != 0) {
                timers.arm(me, deadline);
            }
            return true;
        } finally {
            exec.ret(KernelCode.IPC_RECEIVE);
        }
    }

    /**
     * A polling sender whose message this receiver just took. Without a receive phase its call is
     * complete. With one, its user state is rolled forward to the restart point: the remaining stage
     * of the call is the receive-only {@code Ipc(nil, FromSpecifier, Timeouts)}.
     */
    private void passiveSenderDone(Tcb sender) {
        exec.load(sender.address(userState) + exec.profile().wordBytes()); // its FromSpecifier (r1)
        ThreadId fromSpec = ThreadId.of(sender.user().reg(1));
        if (fromSpec.isNil()) {
            ipc.completeSendOnly(sender);
            sender.setState(ThreadState.READY);
        } else {
            exec.run(KernelCode.RESTART_POINT);
            // the receive deadline is fixed now and exported; the restarted stage must not recompute it
            exec.load(sender.address(userState) + 2L * exec.profile().wordBytes()); // its Timeouts (r2)
            ipc.fixReceiveDeadline(sender, Timeout.receive(sender.user().reg(2)));
            exec.store(sender.address(userState)); // r0 := nil: no send stage left
            sender.user().setReg(0, ThreadId.NIL.raw());
            counters.restarts++;
            sender.write(TcbLayout.Shared.PARTNER, fromSpec.raw());
            sender.setState(ThreadState.RECV_PENDING);
        }
        scheduler.enqueueTail(sender);
    }

    /**
     * The ExchangeRegisters system call (the shared {@link ExchangeRegisters} rules). An aborted thread's
     * result is written by the waker into its exported state, as for a timeout: ErrorCode CANCELED for
     * the phase, MR0 = 0x8000, from = nil, PC past the system call (a RECV_PENDING thread's restart
     * point is dropped with it); it becomes READY at the tail.
     */
    private Tcb exchangeRegisters(Tcb me) {
        exec.call(KernelCode.EXCHANGE_REGISTERS);
        exregs.exchange(me, new ExchangeRegisters.Model() {
            @Override
            public long userFrame(Tcb t) {
                return t.address(userState);
            }

            @Override
            public void aborted(Tcb t, ErrorCode.Phase phase) {
                ipc.fail(t, ErrorCode.CANCELED, phase, 0);
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }
        });
        exec.ret(KernelCode.EXCHANGE_REGISTERS);
        return continueOrPreempt(me);
    }

    /**
     * The ThreadControl system call (the shared {@link ThreadControl} rules): the waker writes the error
     * of a sender or closed-wait receiver a deletion failed into its exported state; a deleted thread
     * has nothing but its TCB, which the shared rules free.
     */
    private Tcb threadControl(Tcb me) {
        exec.call(KernelCode.THREAD_CONTROL);
        threadControl.control(me, new ThreadControl.Model() {
            @Override
            public void failed(Tcb t, ErrorCode code, ErrorCode.Phase phase) {
                ipc.fail(t, code, phase, 0);
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }

            @Override
            public void release(Tcb t) {
            }
        });
        exec.ret(KernelCode.THREAD_CONTROL);
        return continueOrPreempt(me);
    }

    private Tcb threadSwitch(Tcb me) {
        exec.call(KernelCode.THREAD_SWITCH);
        ThreadId dest = ThreadId.of(me.user().reg(0));
        ipc.completeThreadSwitch(me);
        if (dest.raw() == me.globalId().raw() || dest.raw() == me.localId().raw()) {
            exec.ret(KernelCode.THREAD_SWITCH);
            return continueOrPreempt(me);
        }
        Tcb d = dest.isNil() ? null : ipc.lookup(dest, me);
        me.setState(ThreadState.READY);
        scheduler.enqueueTail(me);
        counters.blocksPreemption++;
        Tcb next = null;
        if (d != null) {
            ThreadState s = d.state();
            if ((s == ThreadState.READY || s == ThreadState.RECV_PENDING) && scheduler.remove(d)) {
                next = d;
            }
        }
        if (next == null) {
            next = schedule(null);
        }
        exec.ret(KernelCode.THREAD_SWITCH);
        return dispatch(next);
    }

    /** The current thread's call is done (or failed); it keeps the CPU unless a higher priority is ready. */
    private Tcb continueOrPreempt(Tcb me) {
        if (ExchangeRegisters.stopAtReturnToUser(me)) {
            return dispatch(schedule(null)); // an ExchangeRegisters halt: its user state waits in the TCB
        }
        if (scheduler.shouldPreempt(me)) {
            me.setState(ThreadState.READY);
            scheduler.requeuePreempted(me);
            counters.blocksPreemption++;
            return dispatch(schedule(null));
        }
        exit(me);
        return me;
    }

    /** The current thread waits; its state is already in the TCB. */
    private Tcb block(Tcb preferred) {
        counters.countBlock(kernel.current());
        return dispatch(schedule(preferred));
    }

    private Tcb schedule(Tcb preferred) {
        exec.run(KernelCode.SCHEDULE);
        return scheduler.pickNext(preferred);
    }

    /** Puts {@code next} on the CPU and returns it to user mode at its (possibly restart) PC. */
    private Tcb dispatch(Tcb next) {
        while (next == null) {
            kernel.setCurrent(null);
            exec.run(KernelCode.IDLE);
            Kernel.Idle idle = kernel.idleUntilNextEvent();
            if (idle != Kernel.Idle.TIMER) {
                idleHitLimit = idle == Kernel.Idle.CYCLE_LIMIT;
                return null;
            }
            // the timer interrupt wakes the idle CPU: no user state to save
            counters.kernelEntries++;
            exec.trapEntry();
            expireTimers();
            next = schedule(null);
        }
        next.setState(ThreadState.RUNNING);
        kernel.setCurrent(next);
        counters.dispatches++;
        // every return to user checks for a higher priority (a directed ThreadSwitch may pick a lower one)
        return continueOrPreempt(next);
    }

    private void exit(Tcb t) {
        exec.run(KernelCode.SYSCALL_EXIT);
        exec.loadWords(t.address(userState), frameWords());
        exec.trapExit();
    }
}
