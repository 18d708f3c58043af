package org.stacklab.perthread;

import java.util.Arrays;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.Transfer;
import org.stacklab.kernel.ipc.MsgTag;
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
import org.stacklab.kernel.user.UserCpu;
import org.stacklab.kernel.user.Utcb;
import org.stacklab.perthread.carrier.Baton;
import org.stacklab.perthread.carrier.Carrier;

/**
 * The per-thread kernel-stack model (process model), as in L4/Pistachio: every thread has its own
 * kernel stack, which lives in the thread's TCB block, and a thread that must wait inside the kernel
 * simply blocks there — its call chain stays on its stack while other threads run on theirs.
 *
 * <h2>Memory</h2>
 * {@link #placeThread} allocates one block of {@code kernelStackBytes} bytes, aligned to its size:
 * the TCB fields at the bottom and the stack above them, growing down from the top of the block. The
 * current thread's TCB is found by masking the stack pointer ({@code sp & -blockBytes}), a register
 * operation that costs nothing; the model's only own TCB field is the saved kernel stack pointer,
 * written on every context switch and read when a thread is switched back in.
 *
 * <h2>Control flow</h2>
 * The kernel code reads as straight-line blocking code (DESIGN.md rule 2). An IPC pushes a trap frame
 * ({@code SYSCALL_ENTRY}) and the {@code IPC} frame on the caller's stack, runs its send phase in an
 * {@code IPC_SEND} frame and its receive phase in an {@code IPC_RECEIVE} frame, and where the partner
 * is not ready it blocks: {@code SCHEDULE} picks the next thread and {@code CONTEXT_SWITCH} pushes the
 * callee-saved registers, saves the stack pointer in the TCB and switches to the next thread's stack,
 * where that thread pops its own switch frame and continues after its own block. The frames of a
 * blocked thread stay on its stack, so the measured stack bytes grow with the number of blocked
 * threads. The shared rules come from {@link Ipc} and {@link Scheduler}, in the order of the
 * control-flow contract in {@code org.stacklab.kernel.spi}. The {@code IPC_SEND} and
 * {@code IPC_RECEIVE} frames are pushed without running their code again: the shared rules that
 * make up the phase bodies ({@link Ipc#readyToReceiveFrom}, {@link Ipc#selectSender}) already run it.
 *
 * <p>A thread woken by its partner writes its own result when it runs again, on its own stack: a
 * woken receiver reads the partner the sender recorded ({@link Ipc#complete}); a passive sender
 * whose message was taken looks at its state — RECV_PENDING: run the receive phase; READY: complete
 * (send-only, or with what a partner already delivered). A transfer error is written into the
 * blocked partner's UTCB for it to report the same way. Where the receiver decides the passive
 * sender's next state, it reads the sender's FromSpecifier from the sender's trap frame.
 *
 * <p>Timeouts (semantics.md §6.1, §6.7 "timeout / abort"): a thread blocks with its deadline armed in
 * the shared {@link Timers}. The timer interrupt (the waker) takes it out of its wait (the shared
 * {@link Ipc#timeOut}: out of the partner's send queue if it was polling), makes it READY and
 * {@code notify}s it — writes the handler into its {@code notify} word, as Pistachio's
 * {@code notify(handle_ipc_timeout)} does. When the thread runs again its own stack resumes in the
 * block it left, finds the notification, unwinds its IPC frames and writes the timeout error itself
 * on its own kernel path ({@code return_from_ipc}).
 *
 * <p>Every return to user mode (after a system call and after a dispatch) passes the kernel-exit
 * preemption check.
 *
 * <p>The Java side: each simulated thread runs on its own virtual thread (a {@link Carrier}) that is
 * parked while the thread is blocked in the kernel, and a {@link Baton} hands the single right to run
 * simulation code from the thread switched out to the thread switched in (see {@link Baton} for why
 * this is deterministic and cheap).
 *
 * <p>An instance serves one kernel and one {@link #run}.
 */
public final class PerThreadModel implements KernelModel {
    /** The model's name on the command line. */
    public static final String NAME = "perthread";

    /**
     * {@code notify} word: what the thread must do when it resumes after a block — 0 nothing, else the
     * ErrorCode to return from its IPC with (a timeout's or an abort's, {@code code << 1 | phase}, never 0).
     */
    private static final long NOTIFY_NONE = 0;

    private TcbField savedSp;
    private TcbField notify;
    private Timers timers;
    private ExchangeRegisters exregs;
    private ThreadControl threadControl;
    private Kernel kernel;
    private KernelExec exec;
    private Ipc ipc;
    private Scheduler scheduler;
    private KernelCounters counters;
    private UserCpu userCpu;
    private int wordBytes;
    private int trapFrameBytes;
    /** Size and alignment of a thread block (TCB + stack). */
    private int blockBytes;
    private int blockShift;
    /** Base of the first thread block; blocks are found by {@code (address - firstBlock) >> blockShift}. */
    private long firstBlock = -1;
    private Tcb[] blocks = new Tcb[64];
    private final Baton baton = new Baton("perthread:");
    private boolean ran;
    /** The idle CPU reached the cycle limit waiting for a timer. */
    private boolean idleHitLimit;
    /** How the run ended; written by the carrier that hands the baton back to the host. */
    private RunOutcome outcome;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Every configuration: np, pp, and fp — a kernel path preempted at an arbitrary point waits on its
     * thread's own stack (Fluke §5: only the process model can be fully preemptible).
     */
    @Override
    public boolean supports(Preemptibility p) {
        return true;
    }

    @Override
    public void declareFields(TcbLayout.Builder layout) {
        notify = layout.add("notify", 1);
        savedSp = layout.add("saved_sp", 1);
    }

    @Override
    public void boot(Kernel k) {
        if (this.kernel != null) {
            throw new IllegalStateException("a PerThreadModel serves one kernel");
        }
        this.kernel = k;
        this.exec = k.exec();
        this.ipc = k.ipc();
        this.scheduler = k.scheduler();
        this.counters = k.counters();
        this.userCpu = k.userCpu();
        this.timers = k.timers();
        this.exregs = new ExchangeRegisters(k);
        this.threadControl = new ThreadControl(k);
        this.wordBytes = k.machine().profile().wordBytes();
        this.trapFrameBytes = exec.frameWords(KernelCode.SYSCALL_ENTRY) * wordBytes;
        this.blockBytes = k.machine().profile().kernelStackBytes();
        this.blockShift = Integer.numberOfTrailingZeros(blockBytes);
    }

    @Override
    public ThreadMemory placeThread(Kernel k, String name, int tcbBytes) {
        int size = k.machine().profile().kernelStackBytes();
        if (tcbBytes >= size) {
            throw new IllegalStateException("a " + tcbBytes + "-byte TCB leaves no room for a kernel stack in a " + size
                    + "-byte thread block (kernelStackBytes)");
        }
        long base = k.tcbs().place(size, size); // the virtual TCB array: slot (number - first) * size
        if (firstBlock < 0) {
            firstBlock = base;
        }
        KernelStack stack = k.stacks().embedded(name, base + tcbBytes, size - tcbBytes);
        return new ThreadMemory(base, size, stack);
    }

    // ------------------------------------------------------------------------------------------
    // The run: the host hands the CPU to the first thread; threads hand it to each other.
    // ------------------------------------------------------------------------------------------

    /**
     * A thread blocked in the kernel (WAITING or POLLING) keeps its call chain on its own kernel stack:
     * an empty stack means nothing can resume it. A HALTED thread has left the kernel (empty stack); a
     * DELETED one no longer has a stack.
     */
    @Override
    public java.util.List<String> invariantViolations(Kernel k) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Tcb t : k.threads()) {
            ThreadState s = t.peekState();
            KernelStack st = t.stack();
            if ((s == ThreadState.WAITING || s == ThreadState.POLLING) && (st == null || st.depth() == 0)) {
                out.add("perthread: " + t + " is " + s + " but its kernel stack holds no call chain: nothing can resume it");
            } else if (s == ThreadState.HALTED && st != null && st.depth() != 0) {
                out.add("perthread: " + t + " is HALTED but its kernel stack still holds " + st.frames());
            } else if (s == ThreadState.DELETED && st != null) {
                out.add("perthread: " + t + " is DELETED but still has its kernel stack " + st);
            }
        }
        return out;
    }

    @Override
    public RunOutcome run(Kernel k) {
        if (k != kernel) {
            throw new IllegalArgumentException("this model was booted by another kernel");
        }
        if (ran) {
            throw new IllegalStateException("a PerThreadModel runs once");
        }
        ran = true;
        Tcb first = scheduler.pickNext(null);
        if (first == null) {
            idle();
            return RunOutcome.QUIESCENT;
        }
        switchIn(first);
        baton.run(carrierOf(first));
        if (outcome == null) {
            throw new IllegalStateException("the run ended without an outcome");
        }
        return outcome;
    }

    /** The body of a thread's carrier: first dispatch, then user code and system calls until it halts. */
    private void threadMain(Tcb me) {
        firstDispatch(me);
        preemptionPoint(me);
        while (true) {
            switch (userCpu.run(me)) {
                case SYSCALL -> syscall(me);
                case HALT -> {
                    halt(me);
                    return;
                }
                case CYCLE_LIMIT -> {
                    outcome = RunOutcome.CYCLE_LIMIT;
                    baton.exitTo(null);
                    return;
                }
                case TIMER -> timerInterrupt(me);
                case FPU -> fpuTrap(me);
            }
        }
    }

    /** The timer interrupt taken in user mode of {@code running}: a trap frame on its own stack, like a system call. */
    private void timerInterrupt(Tcb running) {
        counters.kernelEntries++;
        exec.trapEntry();
        if (exec.stack().depth() != 0) {
            throw new IllegalStateException(running + " takes an interrupt with frames on its stack: " + exec.stack().frames());
        }
        exec.call(KernelCode.SYSCALL_ENTRY); // the trap frame
        Tcb me = current(running);
        expireTimers();
        preemptionPoint(me);
        exec.run(KernelCode.SYSCALL_EXIT);
        exec.ret(KernelCode.SYSCALL_ENTRY);
        exec.trapExit();
    }

    /**
     * The #NM trap (lazy FPU) taken in user mode of {@code running}: a trap frame on its own stack, the
     * shared handler ({@code Fpu.trap}), and straight back to user mode, where the FPU instruction is
     * re-executed. It never blocks and wakes nobody.
     */
    private void fpuTrap(Tcb running) {
        counters.kernelEntries++;
        exec.trapEntry();
        if (exec.stack().depth() != 0) {
            throw new IllegalStateException(running + " takes an FPU trap with frames on its stack: " + exec.stack().frames());
        }
        exec.call(KernelCode.SYSCALL_ENTRY); // the trap frame
        Tcb me = current(running);
        kernel.fpu().trap(me);
        preemptionPoint(me); // the return-to-user check every model's exit makes (nothing was woken, so it stays)
        exec.run(KernelCode.SYSCALL_EXIT);
        exec.ret(KernelCode.SYSCALL_ENTRY);
        exec.trapExit();
    }

    /**
     * The timer interrupt's work, on the current stack: every thread whose deadline has passed, in
     * deadline order, leaves its wait ({@link Ipc#timeOut}), is notified ({@code notify(handle_ipc_timeout)})
     * and joins the tail of its ready queue. Its error is written when it runs, by itself.
     */
    private void expireTimers() {
        counters.timerInterrupts++;
        exec.call(KernelCode.TIMER);
        long now = kernel.machine().clock().now();
        ipc.expireTimeouts(now, (t, phase) -> t.write(notify, ErrorCode.TIMEOUT.encode(phase, 0)));
        kernel.interrupts().raiseDue(now, this::interruptDelivered);
        exec.ret(KernelCode.TIMER);
    }

    /**
     * A device interrupt completed the IPC of its handler (blocked on its own stack, receiving): as for
     * a sender's delivery, it only becomes READY (tail if it was WAITING); it writes its result itself
     * when it resumes in its receive (or send) phase.
     */
    private void interruptDelivered(Tcb handler, boolean wasWaiting) {
        handler.setState(ThreadState.READY);
        if (wasWaiting) {
            scheduler.enqueueTail(handler);
        }
    }

    /**
     * Nothing is ready: the CPU idles (on the stack of the thread that gave it up) until the next timer
     * event and takes the interrupt, until some thread is ready.
     *
     * @return the next thread, or {@code null} when none can ever run (or the cycle limit came first)
     */
    private Tcb idleUntilReady() {
        while (true) {
            Kernel.Idle idle = kernel.idleUntilNextEvent();
            if (idle != Kernel.Idle.TIMER) {
                idleHitLimit = idle == Kernel.Idle.CYCLE_LIMIT;
                return null;
            }
            exec.run(KernelCode.IDLE);
            kernel.setCurrent(null);
            counters.kernelEntries++;
            exec.trapEntry(); // no user state: the idle CPU was interrupted
            expireTimers();
            Tcb next = scheduler.pickNext(null);
            if (next != null) {
                return next;
            }
        }
    }

    /**
     * Reads {@code me}'s {@code notify} word after it resumed from a block with state READY, and clears
     * it if set.
     *
     * @return the ErrorCode it was notified of (a timeout or an abort), or {@link #NOTIFY_NONE} when it
     *         was woken by a partner
     */
    private long notified(Tcb me) {
        long n = me.read(notify);
        if (n != NOTIFY_NONE) {
            me.write(notify, NOTIFY_NONE);
        }
        return n;
    }

    /** handle_ipc_timeout / handle_ipc_error: return from the IPC with the ErrorCode {@code n} it was notified of. */
    private void failNotified(Tcb me, long n) {
        ipc.fail(me, ErrorCode.decode(n), (n & 1) == 0 ? ErrorCode.Phase.SEND : ErrorCode.Phase.RECEIVE, 0);
    }

    // ------------------------------------------------------------------------------------------
    // System calls
    // ------------------------------------------------------------------------------------------

    private void syscall(Tcb running) {
        counters.kernelEntries++;
        exec.trapEntry();
        if (exec.stack().depth() != 0) {
            throw new IllegalStateException(running + " enters the kernel with frames on its stack: " + exec.stack().frames());
        }
        exec.call(KernelCode.SYSCALL_ENTRY); // the trap frame, on this thread's own stack
        Tcb me = current(running);
        switch (UserCpu.syscallKind(me)) {
            case IPC -> ipc(me);
            case THREAD_SWITCH -> threadSwitch(me);
            case EXCHANGE_REGISTERS -> exchangeRegisters(me);
            case THREAD_CONTROL -> threadControl(me);
        }
        preemptionPoint(me);
        exec.run(KernelCode.SYSCALL_EXIT);
        exec.ret(KernelCode.SYSCALL_ENTRY); // restore the user state from the trap frame
        exec.trapExit();
    }

    /**
     * The kernel-exit preemption check, made before every return to user mode: a pending ExchangeRegisters
     * halt stops the thread here (STOPPED, CPU given away) until a resume; while a strictly higher
     * priority is ready, the current thread goes back to the head of its queue and the CPU is given
     * away; the thread continues here when it is dispatched again.
     */
    private void preemptionPoint(Tcb me) {
        while (true) {
            if (ExchangeRegisters.stopAtReturnToUser(me)) {
                reschedule(me, null); // an ExchangeRegisters halt: STOPPED here, on its own stack, until resumed
                continue;
            }
            if (!scheduler.shouldPreempt(me)) {
                return;
            }
            me.setState(ThreadState.READY);
            scheduler.requeuePreempted(me);
            counters.blocksPreemption++;
            reschedule(me, null);
        }
    }

    /** The IPC system call. */
    private void ipc(Tcb me) {
        exec.call(KernelCode.IPC);
        ipcPhases(me);
        exec.ret(KernelCode.IPC);
    }

    private void ipcPhases(Tcb me) {
        Ipc.Args a = ipc.args(me);
        if (!a.hasSend() && !a.hasReceive()) {
            ipc.completeSendOnly(me);
            return;
        }
        Tcb wokenReceiver = null;
        if (a.hasSend()) {
            // ---------------- send phase ----------------
            enter(KernelCode.IPC_SEND);
            Tcb dst = ipc.lookup(a.to(), me);
            if (dst == null) {
                ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.SEND, 0);
                leave(KernelCode.IPC_SEND);
                return;
            }
            boolean ready = ipc.readyToReceiveFrom(dst, me);
            if (ready && Ipc.inXferFault(dst)) {
                // the reply to a page-fault Call the kernel made during a string copy: its map item goes
                // into dst's space, and the copier (not dst) goes on
                boolean delivered = ipc.transfer(me, dst);
                Tcb copier = ipc.xferFaultResolved(dst);
                copier.setState(ThreadState.READY);
                scheduler.enqueueTail(copier);
                wokenReceiver = copier;
                if (!delivered) {
                    Ipc.TransferFailure failure = ipc.transferFailure();
                    ipc.fail(me, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
                    leave(KernelCode.IPC_SEND);
                    return;
                }
            } else if (ready) {
                Transfer x = ipc.startTransfer(me, dst);
                boolean delivered = copy(me, x);
                // a RECV_PENDING dst whose transfer stopped left its queue: it rejoins at the tail
                boolean wasWaiting = x.receiverWasWaiting() || x.interrupted();
                Ipc.TransferFailure failure = delivered ? null : ipc.transferFailure();
                if (!delivered) {
                    postError(dst, failure.receiverCode(), ErrorCode.Phase.RECEIVE, failure.offset());
                }
                // dst's IPC is complete; dst writes its result itself when it runs again
                dst.setState(ThreadState.READY);
                if (wasWaiting) {
                    scheduler.enqueueTail(dst);
                    wokenReceiver = dst;
                } // a RECV_PENDING dst is already queued: it becomes READY where it is
                if (!delivered) {
                    ipc.fail(me, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
                    leave(KernelCode.IPC_SEND);
                    return;
                }
            } else {
                if (a.send().isZero()) {
                    ipc.fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.SEND, 0);
                    leave(KernelCode.IPC_SEND);
                    return;
                }
                ipc.enqueueSender(dst, me);
                me.setState(ThreadState.POLLING);
                me.write(TcbLayout.Shared.PARTNER, a.to().raw());
                if (Ipc.finite(a.send())) {
                    timers.arm(me, ipc.sendDeadline(a)); // fixed at entry
                }
                ThreadState woken = block(me, null);
                long n = woken == ThreadState.READY ? notified(me) : NOTIFY_NONE;
                if (n != NOTIFY_NONE) {
                    // handle_ipc_timeout / handle_ipc_error: a send timeout or abort, or an abort of the
                    // receive phase still pending (RECV_PENDING): unwind and return with the error
                    leave(KernelCode.IPC_SEND);
                    failNotified(me, n);
                    return;
                }
                // a receiver took the message (it did the transfer): the send phase is over
                leave(KernelCode.IPC_SEND);
                if (woken == ThreadState.READY) {
                    // no receive phase (send-only success), or a partner already delivered to us
                    // while we were RECV_PENDING, or the receiver failed us (error in our UTCB)
                    if (a.hasReceive()) {
                        ipc.complete(me);
                    } else {
                        ipc.completeSendOnly(me);
                    }
                    return;
                }
                if (woken != ThreadState.RECV_PENDING) {
                    throw new IllegalStateException(me + " woke from a send in state " + woken);
                }
                receivePhase(me, ipc.pendingReceive(me, a), null); // FromSpecifier from PARTNER (§2.8 redirect)
                return;
            }
            leave(KernelCode.IPC_SEND);
        }
        if (!a.hasReceive()) {
            ipc.completeSendOnly(me);
            return;
        }
        receivePhase(me, a, wokenReceiver);
    }

    /**
     * Runs transfer {@code x} to its end on {@code me}'s own stack (Pistachio: the copy runs in the
     * copier's IPC, semantics.md §6.1). A page fault in either space nests the pager Call here: a
     * {@link KernelCode#PAGE_FAULT} frame stays on this stack while {@code me} blocks (WAITING for its own
     * pager, or XFER while the partner's pager answers), and the copy goes on when it is dispatched
     * again. A preemption point ({@code pp}, {@code fp}) takes the pending interrupt here, nested, and
     * yields to a higher priority with the whole chain kept on the stack.
     *
     * @return whether the message was delivered ({@link Ipc#endTransfer})
     */
    private boolean copy(Tcb me, Transfer x) {
        while (true) {
            Transfer.Outcome o = ipc.resumeTransfer(x);
            switch (o) {
                case Transfer.Fault f -> {
                    exec.call(KernelCode.PAGE_FAULT);
                    Ipc.FaultCall call = ipc.raiseXferFault(x, f, me, this::interruptDelivered);
                    if (!call.started()) {
                        exec.ret(KernelCode.PAGE_FAULT);
                        me.setTransfer(null);
                        return ipc.endTransfer(x, o);
                    }
                    counters.countBlock(KernelCounters.BlockKind.PAGE_FAULT);
                    counters.stackKeeps++;
                    reschedule(me, call.woken());
                    exec.ret(KernelCode.PAGE_FAULT);
                }
                case Transfer.Preempted p -> {
                    // the partner locks before the interrupt is taken: a receiver in mid-transfer is no longer receiving
                    ipc.interruptTransfer(x, me);
                    kernelInterrupt();
                    if (scheduler.shouldPreempt(me)) {
                        counters.blocksPreemption++;
                        me.setState(ThreadState.READY);
                        scheduler.requeuePreempted(me);
                        reschedule(me, null);
                    }
                }
                default -> {
                    me.setTransfer(null);
                    return ipc.endTransfer(x, o);
                }
            }
        }
    }

    /** An interrupt taken inside the kernel at a preemption point, nested on the current stack. */
    private void kernelInterrupt() {
        exec.interruptEntry();
        expireTimers();
        exec.interruptExit();
    }

    /** The receive phase; {@code wokenReceiver} is the thread this call's send phase made READY from WAITING. */
    private void receivePhase(Tcb me, Ipc.Args a, Tcb wokenReceiver) {
        enter(KernelCode.IPC_RECEIVE);
        long deadline = ipc.receiveDeadline(me, a.receive());
        if (a.closedWait() && !kernel.interrupts().isSourceOf(a.fromSpec(), me) && ipc.lookup(a.fromSpec(), me) == null) {
            ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.RECEIVE, 0);
            leave(KernelCode.IPC_RECEIVE);
            return;
        }
        if (kernel.interrupts().takePending(me, a.fromSpec())) {
            ipc.complete(me); // a pending interrupt: its message is in our UTCB
            leave(KernelCode.IPC_RECEIVE);
            return;
        }
        Tcb sender = ipc.selectSender(me, a.fromSpec());
        if (sender != null) {
            ipc.dequeueSender(me, sender);
            if (Ipc.inXferFault(sender)) {
                // a page-fault message a copier sent for it: its Call waits for our reply at once
                ipc.transfer(sender, me); // two untyped words: cannot fail
                ipc.xferFaultSent(sender);
                ipc.complete(me);
                leave(KernelCode.IPC_RECEIVE);
                return;
            }
            boolean delivered = copy(me, ipc.startTransfer(sender, me));
            Ipc.TransferFailure failure = delivered ? null : ipc.transferFailure();
            if (!delivered) {
                postError(sender, failure.senderCode(), ErrorCode.Phase.SEND, failure.offset());
            }
            senderDone(sender, delivered);
            if (delivered) {
                ipc.complete(me);
            } else {
                ipc.fail(me, failure.receiverCode(), ErrorCode.Phase.RECEIVE, failure.offset());
            }
            leave(KernelCode.IPC_RECEIVE);
            return;
        }
        if (a.receive().isZero() || ipc.expired(deadline)) {
            ipc.fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE, 0);
            leave(KernelCode.IPC_RECEIVE);
            return;
        }
        me.setState(ThreadState.WAITING);
        me.write(TcbLayout.Shared.PARTNER, a.fromSpec().raw());
        if (deadline != 0) {
            timers.arm(me, deadline);
        }
        block(me, wokenReceiver);
        leave(KernelCode.IPC_RECEIVE);
        long n = notified(me);
        if (n != NOTIFY_NONE) {
            // handle_ipc_timeout / handle_ipc_error: the receive timed out or was aborted
            failNotified(me, n);
            return;
        }
        // a sender delivered (or failed us): read the partner it recorded and return to user
        ipc.complete(me);
    }

    /**
     * Contract step 4: the send phase of the passive sender {@code s} is over. With a receive phase
     * (its FromSpecifier, read from its trap frame, is not nil) and no error it becomes RECV_PENDING
     * with PARTNER := FromSpecifier, otherwise READY; at the tail either way. It writes its own result
     * when it runs again.
     */
    private void senderDone(Tcb s, boolean delivered) {
        ThreadId fromSpec = ThreadId.of(savedUserRegister(s, 1));
        if (delivered && !fromSpec.isNil()) {
            s.setState(ThreadState.RECV_PENDING);
            s.write(TcbLayout.Shared.PARTNER, fromSpec.raw());
            // its send phase ends now: its receive deadline is fixed now, from its Timeouts (trap frame r2)
            ipc.fixReceiveDeadline(s, Timeout.receive(savedUserRegister(s, 2)));
        } else {
            s.setState(ThreadState.READY);
        }
        scheduler.enqueueTail(s);
    }

    /**
     * Writes a transfer error into a blocked partner's UTCB (ErrorCode, MR0 = error tag, from = nil)
     * without completing its system call: the partner completes it itself, on its own stack, when it
     * runs again, and {@link Ipc#complete} then reports the error (the same observation
     * {@link Ipc#fail} gives).
     */
    private void postError(Tcb t, ErrorCode code, ErrorCode.Phase phase, long offset) {
        Utcb utcb = t.user().utcb();
        exec.store(utcb.errorCodeAddress());
        utcb.setErrorCode(code.encode(phase, offset));
        exec.store(utcb.mrAddress(0));
        utcb.setMr(0, MsgTag.ERROR_TAG);
        t.write(TcbLayout.Shared.IPC_FROM, 0);
    }

    /** The ThreadSwitch system call. */
    private void threadSwitch(Tcb me) {
        exec.call(KernelCode.THREAD_SWITCH);
        ThreadId dest = ThreadId.of(me.user().reg(0));
        Tcb d = dest.isNil() ? null : ipc.lookup(dest, me);
        if (d == me) {
            ipc.completeThreadSwitch(me);
            exec.ret(KernelCode.THREAD_SWITCH);
            return;
        }
        ThreadState ds = d == null ? null : d.state();
        boolean direct = ds == ThreadState.READY || ds == ThreadState.RECV_PENDING;
        if (direct) {
            scheduler.remove(d);
        }
        me.setState(ThreadState.READY);
        scheduler.enqueueTail(me);
        counters.blocksPreemption++;
        if (direct) {
            switchDirect(me, d);
        } else {
            reschedule(me, null); // yield
        }
        ipc.completeThreadSwitch(me);
        exec.ret(KernelCode.THREAD_SWITCH);
    }

    /**
     * The ExchangeRegisters system call (the shared {@link ExchangeRegisters} rules). An aborted thread
     * is woken as a timed-out one is: {@code notify(handle_ipc_error)} with CANCELED for the phase, READY
     * at the tail; it unwinds its IPC frames and writes the error itself, on its own stack, when it runs.
     */
    private void exchangeRegisters(Tcb me) {
        exec.call(KernelCode.EXCHANGE_REGISTERS);
        exregs.exchange(me, new ExchangeRegisters.Model() {
            @Override
            public long userFrame(Tcb t) {
                return t.stack().top() - trapFrameBytes;
            }

            @Override
            public void aborted(Tcb t, ErrorCode.Phase phase) {
                t.write(notify, ErrorCode.CANCELED.encode(phase, 0));
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }
        });
        exec.ret(KernelCode.EXCHANGE_REGISTERS);
    }

    /**
     * The ThreadControl system call (the shared {@link ThreadControl} rules). A sender or closed-wait
     * receiver failed by a deletion is notified as an aborted one is. The deleted thread's block (TCB and
     * stack) is freed, and its parked carrier — the call chain it was blocked in — is unwound and ended.
     */
    private void threadControl(Tcb me) {
        exec.call(KernelCode.THREAD_CONTROL);
        threadControl.control(me, new ThreadControl.Model() {
            @Override
            public void failed(Tcb t, ErrorCode code, ErrorCode.Phase phase) {
                t.write(notify, code.encode(phase, 0));
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }

            @Override
            public void release(Tcb t) {
                Carrier c = t.modelData();
                if (c != null) {
                    baton.kill(c);
                    long index = (t.base() - firstBlock) >> blockShift;
                    if (index >= 0 && index < blocks.length && blocks[(int) index] == t) {
                        blocks[(int) index] = null;
                    }
                    t.setModelData(null);
                }
                kernel.stacks().releaseEmbedded(t.stack());
                t.setStack(null);
            }
        });
        exec.ret(KernelCode.THREAD_CONTROL);
    }

    // ------------------------------------------------------------------------------------------
    // Blocking, scheduling, context switch
    // ------------------------------------------------------------------------------------------

    /**
     * Blocks {@code me} (its state is already POLLING or WAITING) with its call chain kept on its
     * stack, and returns when it is dispatched again, with its state before that dispatch.
     */
    private ThreadState block(Tcb me, Tcb preferred) {
        counters.countBlock(me);
        counters.stackKeeps++;
        return reschedule(me, preferred);
    }

    /** Gives the CPU to {@code pickNext(preferred)}; returns when {@code me} runs again: its state before that dispatch. */
    private ThreadState reschedule(Tcb me, Tcb preferred) {
        exec.call(KernelCode.SCHEDULE);
        Tcb next = scheduler.pickNext(preferred);
        if (next == null) {
            next = idleUntilReady(); // may be me again (a Sleep that expired)
        }
        if (next != me) {
            contextSwitch(me, next);
        }
        exec.ret(KernelCode.SCHEDULE);
        return dispatched(me);
    }

    /** ThreadSwitch to a chosen thread (already removed from its queue); returns when {@code me} runs again. */
    private void switchDirect(Tcb me, Tcb next) {
        exec.call(KernelCode.SCHEDULE);
        contextSwitch(me, next);
        exec.ret(KernelCode.SCHEDULE);
        dispatched(me);
    }

    /**
     * Switches from {@code me}'s stack to {@code next}'s ({@code null}: idle, the run is over). Returns
     * on {@code me}'s stack when some thread switches back to it.
     */
    private void contextSwitch(Tcb me, Tcb next) {
        exec.call(KernelCode.CONTEXT_SWITCH); // callee-saved registers and return address, on me's stack
        me.write(savedSp, exec.stack().sp());
        if (next == null) {
            idle();
            outcome = idleHitLimit ? RunOutcome.CYCLE_LIMIT : RunOutcome.QUIESCENT;
            baton.switchTo(null); // does not return: the run is over and this carrier is unwound
        } else {
            counters.contextSwitches++;
            switchIn(next);
            baton.switchTo(carrierOf(next));
        }
        // back on our own stack: the thread that switched to us loaded our stack pointer
        exec.ret(KernelCode.CONTEXT_SWITCH);
    }

    /** The switch-in half: {@code next}'s stack becomes current and its saved stack pointer is loaded. */
    private void switchIn(Tcb next) {
        exec.useStack(next.stack());
        long sp = next.read(savedSp);
        if (sp != 0 && sp != next.stack().sp()) {
            throw new IllegalStateException(next + ": saved stack pointer " + Long.toHexString(sp) + " but its stack is at "
                    + Long.toHexString(next.stack().sp()));
        }
    }

    /** A thread ran off its program: it never runs again; its carrier ends after handing the CPU on. */
    private void halt(Tcb me) {
        me.setState(ThreadState.HALTED);
        exec.call(KernelCode.SCHEDULE);
        Tcb next = scheduler.pickNext(null);
        if (next == null) {
            next = idleUntilReady();
        }
        exec.ret(KernelCode.SCHEDULE);
        if (next == null) {
            idle();
            outcome = idleHitLimit ? RunOutcome.CYCLE_LIMIT : RunOutcome.QUIESCENT;
            baton.exitTo(null);
        } else {
            counters.contextSwitches++;
            switchIn(next);
            baton.exitTo(carrierOf(next));
        }
    }

    private void idle() {
        exec.run(KernelCode.IDLE);
        kernel.setCurrent(null);
        exec.useStack(null);
    }

    /** Dispatch of a thread resumed on its own stack: reads its state (what happened while it was away), then RUNNING. */
    private ThreadState dispatched(Tcb expected) {
        Tcb me = current(expected);
        ThreadState before = me.state();
        me.setState(ThreadState.RUNNING);
        kernel.setCurrent(me);
        counters.dispatches++;
        return before;
    }

    /** Dispatch of a thread that has never run: its stack is empty and it starts in user mode. */
    private void firstDispatch(Tcb me) {
        ThreadState before = me.state();
        if (before != ThreadState.READY) {
            throw new IllegalStateException(me + " first dispatched in state " + before);
        }
        me.setState(ThreadState.RUNNING);
        kernel.setCurrent(me);
        counters.dispatches++;
    }

    /**
     * The current thread, found as the kernel finds it: the TCB at the bottom of the block the stack
     * pointer is in ({@code sp & -blockBytes}; a register operation, so nothing is charged).
     *
     * @param expected the thread whose carrier is running; anything else is a broken invariant
     */
    private Tcb current(Tcb expected) {
        // sp - 1: an empty stack's pointer is its top, which is already the next block's base
        long sp = exec.stack().sp();
        Tcb t = tcbOfBlock((sp - 1) & -(long) blockBytes);
        if (t != expected) {
            throw new IllegalStateException("sp " + Long.toHexString(sp) + " masks to " + t + ", but " + expected + " is running");
        }
        return t;
    }

    private Tcb tcbOfBlock(long blockBase) {
        long index = (blockBase - firstBlock) >> blockShift;
        return index >= 0 && index < blocks.length ? blocks[(int) index] : null;
    }

    /** Reads register {@code r} of {@code t}'s saved user state: a load from its trap frame, on its stack. */
    private long savedUserRegister(Tcb t, int r) {
        exec.load(t.stack().top() - trapFrameBytes + (long) r * wordBytes);
        return t.user().reg(r);
    }

    /** Pushes a phase's frame; its code is run by the shared {@link Ipc} rule it calls. */
    private void enter(KernelCode phase) {
        exec.stack().push(phase.name(), exec.frameWords(phase));
    }

    private void leave(KernelCode phase) {
        exec.ret(phase);
    }

    /** The Java mechanism (tests check that no carrier outlives a run). */
    Baton baton() {
        return baton;
    }

    /** {@code t}'s carrier, made the first time {@code t} is dispatched. */
    private Carrier carrierOf(Tcb t) {
        Carrier c = t.modelData();
        if (c == null) {
            c = baton.newCarrier(t.name(), () -> threadMain(t));
            t.setModelData(c);
            long index = (t.base() - firstBlock) >> blockShift;
            if (index < 0 || index > Integer.MAX_VALUE - 8 || t.base() != (t.base() & -(long) blockBytes)) {
                throw new IllegalStateException(t + ": block " + Long.toHexString(t.base()) + " is not a thread block of this model");
            }
            if (index >= blocks.length) {
                blocks = Arrays.copyOf(blocks, (int) Math.max(index + 1, blocks.length * 2L));
            }
            blocks[(int) index] = t;
        }
        return c;
    }
}
