package org.stacklab.continuation;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.Transfer;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.UserCpu;

/**
 * The control flow of the continuation kernel for one {@link Kernel} (the contract in
 * {@code org.stacklab.kernel.spi}'s package comment, composed from the shared {@link Ipc} rules and
 * {@link Scheduler}).
 *
 * <h2>How a path ends</h2>
 * Every kernel path ends in one of two ways, and its Java method says which by its result:
 * <ul>
 *   <li>a thread returns to user mode ({@link #returnToUser}): the method returns that thread;</li>
 *   <li>the current thread gave up the CPU — {@link #block} (blocked, continuation saved, stack to be
 *       discarded), {@link #blockKeepingStack} (process-model fallback), or a preemption / ThreadSwitch
 *       (READY, continuation saved): the method returns {@code null} and leaves the choice of the next
 *       thread in {@link #preferred} or {@link #direct}.</li>
 * </ul>
 * {@link #switchCpu} is the dispatcher: it picks the next thread, discards the dead frames of the
 * thread that left, and resumes the next thread — by stack handoff and continuation recognition when it
 * is the partner the blocker just woke, otherwise by calling its continuation on the empty stack. A
 * resumed continuation may give the CPU up again; the dispatcher loops (a trampoline, so the Java stack
 * never grows with the number of kernel-level switches).
 *
 * <h2>Stack frames</h2>
 * Calls push their {@link KernelCode} frames on the per-CPU stack; functions that return pop them
 * (reading the return address). A continuation never returns: when a path ends in a return to user
 * or a block, whatever frames lie below are dead and are discarded, not popped — as Mach's
 * {@code thread_syscall_return} and {@code call_continuation} reset the stack pointer.
 *
 * <p>Invariant: {@link #cpuStack} is the stack {@code exec} pushes on; between kernel entries it holds
 * no frames.
 */
final class ContinuationKernel {

    /**
     * The rest of a code path blocked in the process-model fallback, i.e. what its kept frames would
     * return into. Stored in the thread's {@code modelData} while it is blocked; Java-side only.
     */
    @FunctionalInterface
    interface KeptPath {
        /** Continues the path on its kept stack (the switch frame already popped); same result convention as a continuation. */
        Tcb resume(ContinuationKernel k, Tcb me);
    }

    /** The kept receive-phase block: the message has arrived, finish the receive and return to user. */
    private static final KeptPath RECEIVE_KEPT = ContinuationKernel::receiveKeptResume;

    /** The {@code continuation} word of a thread blocked without one ({@code thread_no_continuation}). */
    static final long NO_CONTINUATION = 0;

    private final Kernel kernel;
    private final KernelExec exec;
    private final Ipc ipc;
    private final Scheduler scheduler;
    private final KernelCounters counters;
    private final UserCpu userCpu;
    private final Timers timers;
    private final ExchangeRegisters exregs;
    private final ThreadControl threadControl;
    private final ContinuationModel.Fields f;
    private final ContinuationModel.ReceiveBlock receiveBlock;
    private final int stackBytes;
    private final long stubBase;
    private final long[] entry = new long[Continuation.values().length];
    private KernelStack cpuStack;
    private int stacksAllocated = 1;

    /** Set by a path that gave up the CPU: the partner it just woke from WAITING (or null). */
    private Tcb preferred;
    /** Set by a path that gave up the CPU to a specific thread already taken off the ready queues. */
    private Tcb direct;
    /** The idle CPU reached the cycle limit waiting for a timer. */
    private boolean idleHitLimit;

    ContinuationKernel(Kernel kernel, ContinuationModel.Fields fields, ContinuationModel.ReceiveBlock receiveBlock, KernelStack cpu0) {
        this.kernel = kernel;
        this.exec = kernel.exec();
        this.ipc = kernel.ipc();
        this.scheduler = kernel.scheduler();
        this.counters = kernel.counters();
        this.userCpu = kernel.userCpu();
        this.timers = kernel.timers();
        this.exregs = new ExchangeRegisters(kernel);
        this.threadControl = new ThreadControl(kernel);
        this.f = fields;
        this.receiveBlock = receiveBlock;
        this.stackBytes = kernel.machine().profile().kernelStackBytes();
        this.cpuStack = cpu0;
        this.stubBase = exec.addressOf(KernelCode.CONTINUATION_CALL);
        if ((long) entry.length * Continuation.STUB_BYTES > KernelCode.CONTINUATION_CALL.codeBytes()) {
            throw new IllegalStateException("continuation stubs do not fit in CONTINUATION_CALL's code block");
        }
        for (Continuation c : Continuation.values()) {
            entry[c.ordinal()] = stubBase + (long) c.ordinal() * Continuation.STUB_BYTES;
        }
    }

    /** The code address that identifies {@code c} in a TCB. */
    long address(Continuation c) {
        return entry[c.ordinal()];
    }

    // ------------------------------------------------------------------------------------------------
    // The CPU loop and the dispatcher

    RunOutcome run() {
        // thread_create: every new thread starts in RETURN_TO_USER (Mach's thread_bootstrap_return)
        for (Tcb t : kernel.threads()) {
            t.write(f.continuation(), address(Continuation.RETURN_TO_USER));
        }
        Tcb user = switchCpu();
        while (user != null) {
            switch (userCpu.run(user)) {
                case CYCLE_LIMIT -> {
                    return RunOutcome.CYCLE_LIMIT;
                }
                case HALT -> {
                    user.setState(ThreadState.HALTED);
                    user = switchCpu();
                }
                case SYSCALL -> {
                    Tcb next = syscall(user);
                    user = next != null ? next : switchCpu();
                }
                case TIMER -> {
                    Tcb next = timerInterrupt(user);
                    user = next != null ? next : switchCpu();
                }
                case FPU -> {
                    Tcb next = fpuTrap(user);
                    user = next != null ? next : switchCpu();
                }
            }
        }
        return idleHitLimit ? RunOutcome.CYCLE_LIMIT : RunOutcome.QUIESCENT;
    }

    /**
     * The dispatcher, entered when the current thread gave up the CPU (or none runs): picks the next
     * thread ({@link #direct}, else {@code pickNext(preferred)}), discards the dead frames, and resumes
     * threads until one returns to user mode.
     *
     * @return the thread now in user mode, or {@code null} when nothing can run
     */
    private Tcb switchCpu() {
        while (true) {
            Tcb partner = preferred;
            Tcb next = direct;
            preferred = null;
            direct = null;
            if (next == null) {
                exec.call(KernelCode.SCHEDULE);
                next = scheduler.pickNext(partner);
                exec.ret(KernelCode.SCHEDULE);
            }
            // the thread that left never returns into its frames (Draves §2.1: the stack is discarded)
            exec.stack().discard();
            if (next == null) {
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
                continue;
            }
            Tcb user = resume(next, partner != null && next == partner);
            if (user != null) {
                return user;
            }
        }
    }

    /**
     * Puts {@code next} on the CPU and runs its kernel side: the kept stack of a process-model block;
     * else, after a stack handoff to the partner, continuation recognition; else its continuation.
     */
    private Tcb resume(Tcb next, boolean partner) {
        kernel.setCurrent(next);
        next.setState(ThreadState.RUNNING);
        counters.dispatches++;
        long c = next.read(f.continuation());
        if (c == NO_CONTINUATION) {
            return resumeKeptStack(next);
        }
        if (partner) {
            // Draves §2.2: the blocker hands its (now empty) stack straight to the thread it woke
            exec.run(KernelCode.STACK_HANDOFF);
            counters.handoffs++;
            if (c == address(Continuation.RECEIVE_COMPLETE)) {
                // Draves §2.3: the running path knows what the receiver would do; do it here
                counters.recognitions++;
                complete(next);
                return returnToUser(next);
            }
        }
        exec.call(KernelCode.CONTINUATION_CALL);
        return Continuation.at(c, stubBase).resume(this, next);
    }

    // ------------------------------------------------------------------------------------------------
    // Kernel entry and exit

    /** A system call by the running thread {@code me}. */
    private Tcb syscall(Tcb me) {
        counters.kernelEntries++;
        exec.trapEntry();
        exec.run(KernelCode.SYSCALL_ENTRY);
        // the trap frame goes into the TCB, not on the stack (Draves §3.3)
        me.write(f.userState(), me.user().pc());
        return switch (UserCpu.syscallKind(me)) {
            case IPC -> ipcSyscall(me);
            case THREAD_SWITCH -> threadSwitch(me);
            case EXCHANGE_REGISTERS -> exchangeRegisters(me);
            case THREAD_CONTROL -> threadControl(me);
        };
    }

    /** The timer interrupt taken in user mode of {@code me}; returns like a system call. */
    private Tcb timerInterrupt(Tcb me) {
        counters.kernelEntries++;
        exec.trapEntry();
        exec.run(KernelCode.SYSCALL_ENTRY);
        me.write(f.userState(), me.user().pc()); // the interrupted user state goes into the TCB
        expireTimers();
        return returnToUser(me); // the preemption check decides who runs
    }

    /**
     * The #NM trap (lazy FPU) taken in user mode of {@code me}: the user state goes into the TCB as for
     * any entry, the shared handler ({@code Fpu.trap}) runs, and {@code me} returns to user mode to
     * re-execute the FPU instruction. It never blocks, so no continuation is saved.
     */
    private Tcb fpuTrap(Tcb me) {
        counters.kernelEntries++;
        exec.trapEntry();
        exec.run(KernelCode.SYSCALL_ENTRY);
        me.write(f.userState(), me.user().pc());
        kernel.fpu().trap(me);
        return returnToUser(me);
    }

    /**
     * The timer interrupt's work: every thread whose deadline has passed, in deadline order, leaves its
     * wait (the shared {@link Ipc#timeOut}); the waker then picks its result path, as
     * {@code mach_msg_interrupt} and NOVA's {@code sys_finish<TIMEOUT>} do: it replaces the thread's
     * continuation with the returnError continuation for the phase ({@link Continuation#SEND_TIMED_OUT},
     * {@link Continuation#RECEIVE_TIMED_OUT}), a kept stack is abandoned, and the thread joins the tail of
     * its ready queue. It is never handed the stack, so nothing counts as recognition.
     */
    private void expireTimers() {
        counters.timerInterrupts++;
        exec.call(KernelCode.TIMER);
        long now = kernel.machine().clock().now();
        ipc.expireTimeouts(now, (t, phase) -> {
            abandonKeptStack(t);
            t.write(f.continuation(), address(phase == ErrorCode.Phase.SEND ? Continuation.SEND_TIMED_OUT : Continuation.RECEIVE_TIMED_OUT));
        });
        kernel.interrupts().raiseDue(now, this::interruptDelivered);
        exec.ret(KernelCode.TIMER);
    }

    /**
     * A device interrupt completed the IPC of its handler, as a sender's delivery does: a WAITING
     * handler keeps its continuation ({@link Continuation#RECEIVE_COMPLETE}, or its kept stack) and joins
     * the tail of its ready queue; a RECV_PENDING one gets {@link Continuation#RECEIVE_COMPLETE} and stays
     * where it is queued. The interrupt never hands over the stack, so this is no recognition.
     */
    private void interruptDelivered(Tcb handler, boolean wasWaiting) {
        handler.setState(ThreadState.READY);
        if (wasWaiting) {
            scheduler.enqueueTail(handler);
        } else {
            handler.write(f.continuation(), address(Continuation.RECEIVE_COMPLETE));
        }
    }

    /**
     * {@code t} leaves the kernel for user mode, its system call (if any) complete. Every return to
     * user checks for preemption first (Mach's return path takes pending ASTs): if a strictly higher
     * priority is ready, {@code t} becomes READY at the head of its queue with
     * {@link Continuation#RETURN_TO_USER} saved, and gives up the CPU.
     *
     * @return {@code t}, now in user mode, or {@code null} if it was preempted
     */
    Tcb returnToUser(Tcb t) {
        if (ExchangeRegisters.stopAtReturnToUser(t)) {
            saveContinuation(t, Continuation.RETURN_TO_USER); // an ExchangeRegisters halt: resumed, it returns to user
            return null;
        }
        if (scheduler.shouldPreempt(t)) {
            t.setState(ThreadState.READY);
            scheduler.requeuePreempted(t);
            counters.blocksPreemption++;
            saveContinuation(t, Continuation.RETURN_TO_USER);
            return null;
        }
        exec.stack().discard(); // thread_syscall_return: whatever frames remain are dead
        exec.run(KernelCode.SYSCALL_EXIT);
        t.read(f.userState());
        exec.trapExit();
        return t;
    }

    // ------------------------------------------------------------------------------------------------
    // Giving up the CPU

    private void saveContinuation(Tcb me, Continuation c) {
        exec.run(KernelCode.CONTINUATION_SAVE);
        me.write(f.continuation(), address(c));
    }

    /**
     * {@code thread_block(c)}: {@code me} (already in its blocked state, scratch already written) saves
     * continuation {@code c}; its stack is discarded when the dispatcher has picked the next thread,
     * preferring {@code partner}.
     *
     * @return {@code null}: the CPU is given up
     */
    private Tcb block(Tcb me, Continuation c, Tcb partner) {
        counters.countBlock(me);
        counters.stackDiscards++;
        saveContinuation(me, c);
        preferred = partner;
        return null;
    }

    /**
     * {@code thread_block(thread_no_continuation)}: the process-model fallback. {@code me} keeps the
     * per-CPU stack with its frames (a switch frame on top, its SP saved in the TCB), and the CPU
     * continues on a newly allocated stack. When resumed, {@code rest} runs on the kept stack.
     *
     * @return {@code null}: the CPU is given up
     */
    private Tcb blockKeepingStack(Tcb me, Tcb partner, KeptPath rest) {
        counters.countBlock(me);
        return keepStack(me, partner, rest);
    }

    /** {@link #blockKeepingStack} for a block of {@code kind} (a page fault during a copy, where {@code me} may not be in an IPC wait). */
    private Tcb blockKeepingStack(Tcb me, Tcb partner, KernelCounters.BlockKind kind, KeptPath rest) {
        counters.countBlock(kind);
        return keepStack(me, partner, rest);
    }

    private Tcb keepStack(Tcb me, Tcb partner, KeptPath rest) {
        counters.stackKeeps++;
        me.write(f.continuation(), NO_CONTINUATION);
        exec.call(KernelCode.CONTEXT_SWITCH);
        KernelStack kept = cpuStack;
        me.write(f.kernelSp(), kept.sp());
        me.setStack(kept);
        me.setModelData(rest);
        cpuStack = kernel.stacks().allocate("cpu0." + stacksAllocated++, stackBytes);
        exec.useStack(cpuStack);
        preferred = partner;
        return null;
    }

    /** Switches back to the stack {@code me} kept: free the (empty) per-CPU stack, pop the switch frame, continue. */
    private Tcb resumeKeptStack(Tcb me) {
        KernelStack kept = me.stack();
        if (kept == null) {
            throw new IllegalStateException(me + " has no continuation and no kept stack");
        }
        me.read(f.kernelSp());
        counters.contextSwitches++;
        KernelStack spare = cpuStack;
        cpuStack = kept;
        exec.useStack(kept);
        kernel.stacks().release(spare);
        me.setStack(null);
        exec.ret(KernelCode.CONTEXT_SWITCH);
        KeptPath rest = me.modelData();
        me.setModelData(null);
        return rest.resume(this, me);
    }

    /**
     * A waker is about to write the result of {@code t}, which may be blocked in the process-model
     * fallback: its kept frames will never run, so its stack is freed (as Pistachio's unwind abandons
     * the rest of a blocked IPC). Only a kernel configured to keep stacks pays for the check.
     */
    private void abandonKeptStack(Tcb t) {
        if (receiveBlock != ContinuationModel.ReceiveBlock.KEEP_STACK || t.read(f.continuation()) != NO_CONTINUATION) {
            return;
        }
        KernelStack kept = t.stack();
        kept.discard();
        kernel.stacks().release(kept);
        t.setStack(null);
        t.setModelData(null);
    }

    // ------------------------------------------------------------------------------------------------
    // IPC

    private Tcb ipcSyscall(Tcb me) {
        exec.call(KernelCode.IPC);
        Ipc.Args a = ipc.args(me);
        if (!a.hasSend() && !a.hasReceive()) {
            completeSendOnly(me);
            return syscallDone(me, KernelCode.IPC);
        }
        Tcb woken = null;
        if (a.hasSend()) {
            enter(KernelCode.IPC_SEND);
            Tcb dst = lookup(a.to(), me);
            if (dst == null) {
                exec.ret(KernelCode.IPC_SEND);
                fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.SEND);
                return syscallDone(me, KernelCode.IPC);
            }
            if (!ipc.readyToReceiveFrom(dst, me)) {
                if (a.send().isZero()) {
                    exec.ret(KernelCode.IPC_SEND);
                    fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.SEND);
                    return syscallDone(me, KernelCode.IPC);
                }
                ipc.enqueueSender(dst, me);
                me.setState(ThreadState.POLLING);
                me.write(TcbLayout.Shared.PARTNER, a.to().raw());
                // what the receiver and RECEIVE_PHASE will need once this frame is gone
                me.write(f.scratchFromSpec(), a.fromSpec().raw());
                if (a.hasReceive()) {
                    me.write(f.scratchRcvTimeout(), a.receive().raw());
                }
                if (Ipc.finite(a.send())) {
                    timers.arm(me, ipc.sendDeadline(a)); // fixed at entry
                }
                return block(me, Continuation.SEND_RESUME, null);
            }
            if (Ipc.inXferFault(dst)) {
                // the reply to a page-fault Call the kernel made during a string copy: its map item goes
                // into dst's space, and the copier (not dst) goes on
                boolean delivered = transfer(me, dst);
                Tcb copier = ipc.xferFaultResolved(dst);
                copier.setState(ThreadState.READY);
                scheduler.enqueueTail(copier);
                woken = copier;
                exec.ret(KernelCode.IPC_SEND);
                if (!delivered) {
                    failTransfer(me, ErrorCode.Phase.SEND);
                    return syscallDone(me, KernelCode.IPC);
                }
                return afterSend(me, a, woken, true);
            }
            enter(KernelCode.IPC_TRANSFER);
            Transfer x = ipc.startTransfer(me, dst);
            return copyThen(me, x, true, (delivered, frames) -> sent(me, a, dst, x, delivered, frames));
        }
        return afterSend(me, a, null, true);
    }

    /**
     * The rest of the send phase once the transfer to {@code dst} ended ({@code frames}: the call's
     * frames are still on the stack; after a copy that stopped they are dead and a return to user
     * discards them).
     */
    private Tcb sent(Tcb me, Ipc.Args a, Tcb dst, Transfer x, boolean delivered, boolean frames) {
        if (frames) {
            exec.ret(KernelCode.IPC_TRANSFER);
        }
        // a RECV_PENDING dst whose transfer stopped left its queue: it rejoins at the tail
        boolean requeue = x.receiverWasWaiting() || x.interrupted();
        if (!delivered) {
            abandonKeptStack(dst);
            failTransfer(me, ErrorCode.Phase.SEND);
            failTransfer(dst, ErrorCode.Phase.RECEIVE);
            dst.write(f.continuation(), address(Continuation.RETURN_TO_USER));
            dst.setState(ThreadState.READY);
            if (requeue) {
                scheduler.enqueueTail(dst); // a RECV_PENDING dst is already queued and stays there
            }
            return frames ? leaveCall(me, KernelCode.IPC_SEND) : returnToUser(me);
        }
        Tcb woken = null;
        dst.setState(ThreadState.READY);
        if (!x.receiverWasWaiting()) {
            // RECV_PENDING: its pending receive phase is satisfied
            dst.write(f.continuation(), address(Continuation.RECEIVE_COMPLETE));
        }
        if (requeue) {
            // its continuation (RECEIVE_COMPLETE) writes the result when it runs, unless recognised
            scheduler.enqueueTail(dst);
            woken = dst;
        } // else RECV_PENDING, still queued: it stays where it is
        if (frames) {
            exec.ret(KernelCode.IPC_SEND);
        }
        return afterSend(me, a, woken, frames);
    }

    private Tcb leaveCall(Tcb me, KernelCode phase) {
        exec.ret(phase);
        return syscallDone(me, KernelCode.IPC);
    }

    /** After the send phase (or with none): send-only completion or the receive phase. */
    private Tcb afterSend(Tcb me, Ipc.Args a, Tcb woken, boolean frames) {
        if (!a.hasReceive()) {
            completeSendOnly(me);
            return frames ? syscallDone(me, KernelCode.IPC) : returnToUser(me);
        }
        if (!receivePhase(me, a.fromSpec(), a.receive(), woken)) {
            return null;
        }
        return frames ? syscallDone(me, KernelCode.IPC) : returnToUser(me);
    }

    /** The rest of a transfer's caller: given whether it was delivered and whether its frames are still on the stack. */
    @FunctionalInterface
    interface AfterTransfer {
        Tcb apply(boolean delivered, boolean frames);
    }

    /** What a preempted copy needs to go on ({@link Continuation#XFER_RESUME}): the transfer and the rest of the call. */
    private record XferResume(Transfer transfer, AfterTransfer then) {
    }

    /**
     * Runs transfer {@code x} with {@code me} as copier until it ends, then {@code then}. A page fault
     * the kernel takes during the copy is one of Draves' rare block points (§2.7): the copier keeps its
     * stack (process-model fallback, {@link #blockKeepingStack}) while the pager answers, so the number
     * of stacks in use rises above one only here. A preemption point ({@code pp}) is a common block
     * point: the progress is in the TCB and the copier blocks with {@link Continuation#XFER_RESUME}, its
     * stack discarded.
     */
    private Tcb copyThen(Tcb me, Transfer x, boolean frames, AfterTransfer then) {
        while (true) {
            Transfer.Outcome o = ipc.resumeTransfer(x);
            switch (o) {
                case Transfer.Fault fault -> {
                    exec.call(KernelCode.PAGE_FAULT);
                    Ipc.FaultCall call = ipc.raiseXferFault(x, fault, me, this::interruptDelivered);
                    if (!call.started()) {
                        exec.ret(KernelCode.PAGE_FAULT);
                        me.setTransfer(null);
                        return then.apply(ipc.endTransfer(x, o), frames);
                    }
                    return blockKeepingStack(me, call.woken(), KernelCounters.BlockKind.PAGE_FAULT, (k, m) -> {
                        k.exec.ret(KernelCode.PAGE_FAULT);
                        return k.copyThen(m, x, false, then);
                    });
                }
                case Transfer.Preempted p -> {
                    // the partner locks before the interrupt is taken: a receiver in mid-transfer is no longer receiving
                    ipc.interruptTransfer(x, me);
                    kernelInterrupt();
                    if (scheduler.shouldPreempt(me)) {
                        counters.blocksPreemption++;
                        me.setState(ThreadState.READY);
                        scheduler.requeuePreempted(me);
                        me.setModelData(new XferResume(x, then));
                        exec.storeWords(me.address(f.scratchFromSpec()), 2); // the copy's progress, in the scratch area
                        // a preemption, not a block: counted in blocksPreemption like the return-to-user one
                        saveContinuation(me, Continuation.XFER_RESUME);
                        return null;
                    }
                }
                default -> {
                    me.setTransfer(null);
                    return then.apply(ipc.endTransfer(x, o), frames);
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

    /** {@link Continuation#XFER_RESUME}: a preempted copy goes on (its call's frames are gone). */
    Tcb xferResumeContinuation(Tcb me) {
        XferResume r = me.modelData();
        me.setModelData(null);
        exec.loadWords(me.address(f.scratchFromSpec()), 2);
        return copyThen(me, r.transfer(), false, r.then());
    }

    /** Pops the system call's frame and returns to user (preemption check included). */
    private Tcb syscallDone(Tcb me, KernelCode syscallFrame) {
        exec.ret(syscallFrame);
        return returnToUser(me);
    }

    /**
     * The receive phase of {@code me}'s IPC.
     *
     * @param woken the thread this system call made READY from WAITING, preferred if {@code me} blocks
     * @return {@code true} if {@code me}'s IPC is complete and it keeps the CPU; {@code false} if it
     *         blocked (the CPU is given up)
     */
    private boolean receivePhase(Tcb me, ThreadId fromSpec, Timeout rcvTimeout, Tcb woken) {
        enter(KernelCode.IPC_RECEIVE);
        long deadline = ipc.receiveDeadline(me, rcvTimeout);
        if (!fromSpec.isWildcard() && !kernel.interrupts().isSourceOf(fromSpec, me) && lookup(fromSpec, me) == null) {
            exec.ret(KernelCode.IPC_RECEIVE);
            fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.RECEIVE);
            return true;
        }
        if (kernel.interrupts().takePending(me, fromSpec)) {
            exec.ret(KernelCode.IPC_RECEIVE);
            complete(me); // a pending interrupt: its message is in our UTCB
            return true;
        }
        Tcb s = ipc.selectSender(me, fromSpec);
        if (s != null) {
            ipc.dequeueSender(me, s);
            if (Ipc.inXferFault(s)) {
                // a page-fault message a copier sent for it: its Call waits for our reply at once
                transfer(s, me); // two untyped words: cannot fail
                ipc.xferFaultSent(s);
                exec.ret(KernelCode.IPC_RECEIVE);
                complete(me);
                return true;
            }
            enter(KernelCode.IPC_TRANSFER);
            Transfer x = ipc.startTransfer(s, me);
            boolean[] finished = {false};
            copyThen(me, x, true, (delivered, frames) -> {
                received(me, s, delivered, frames);
                if (frames) {
                    finished[0] = true;
                    return null;
                }
                return returnToUser(me);
            });
            return finished[0];
        }
        if (rcvTimeout.isZero() || ipc.expired(deadline)) {
            exec.ret(KernelCode.IPC_RECEIVE);
            fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE);
            return true;
        }
        me.setState(ThreadState.WAITING);
        me.write(TcbLayout.Shared.PARTNER, fromSpec.raw());
        if (deadline != 0) {
            timers.arm(me, deadline);
        }
        if (receiveBlock == ContinuationModel.ReceiveBlock.KEEP_STACK) {
            blockKeepingStack(me, woken, RECEIVE_KEPT);
        } else {
            block(me, Continuation.RECEIVE_COMPLETE, woken);
        }
        return false;
    }

    /** The rest of the receive phase once the transfer from the polling sender {@code s} ended. */
    private void received(Tcb me, Tcb s, boolean delivered, boolean frames) {
        if (frames) {
            exec.ret(KernelCode.IPC_TRANSFER);
        }
        if (!delivered) {
            failTransfer(s, ErrorCode.Phase.SEND);
            s.write(f.continuation(), address(Continuation.RETURN_TO_USER));
            s.setState(ThreadState.READY);
            scheduler.enqueueTail(s);
            if (frames) {
                exec.ret(KernelCode.IPC_RECEIVE);
            }
            failTransfer(me, ErrorCode.Phase.RECEIVE);
            return;
        }
        passiveSenderDone(s);
        if (frames) {
            exec.ret(KernelCode.IPC_RECEIVE);
        }
        complete(me);
    }

    /**
     * A polling sender whose message {@code me}'s receive phase just took: its send phase is over. The
     * receiver picks its result path from the FromSpecifier it saved: none — send-only success now,
     * READY, {@link Continuation#RETURN_TO_USER}; else RECV_PENDING with PARTNER := FromSpecifier and
     * {@link Continuation#RECEIVE_PHASE}. Either way it joins the tail of its ready queue.
     */
    private void passiveSenderDone(Tcb s) {
        long fromSpec = s.read(f.scratchFromSpec());
        if (fromSpec == ThreadId.NIL.raw()) {
            completeSendOnly(s);
            s.setState(ThreadState.READY);
            s.write(f.continuation(), address(Continuation.RETURN_TO_USER));
        } else {
            s.setState(ThreadState.RECV_PENDING);
            s.write(TcbLayout.Shared.PARTNER, fromSpec);
            s.write(f.continuation(), address(Continuation.RECEIVE_PHASE));
            // its send phase ends now, so its receive deadline is fixed now (RECEIVE_PHASE reads it back)
            ipc.fixReceiveDeadline(s, new Timeout((int) s.read(f.scratchRcvTimeout())));
        }
        scheduler.enqueueTail(s);
    }

    // ------------------------------------------------------------------------------------------------
    // ThreadSwitch

    private Tcb threadSwitch(Tcb me) {
        exec.call(KernelCode.THREAD_SWITCH);
        ThreadId destId = ThreadId.of(me.user().reg(0));
        Tcb dest = destId.isNil() ? null : lookup(destId, me);
        if (dest == me) {
            completeThreadSwitch(me);
            return syscallDone(me, KernelCode.THREAD_SWITCH);
        }
        if (dest != null) {
            ThreadState ds = dest.state();
            if ((ds == ThreadState.READY || ds == ThreadState.RECV_PENDING) && scheduler.remove(dest)) {
                direct = dest;
            }
        }
        me.setState(ThreadState.READY);
        scheduler.enqueueTail(me);
        counters.blocksPreemption++;
        saveContinuation(me, Continuation.THREAD_SWITCH_DONE);
        return null;
    }

    // ------------------------------------------------------------------------------------------------
    // ExchangeRegisters

    /**
     * The ExchangeRegisters system call (the shared {@link ExchangeRegisters} rules). The waker picks an
     * aborted thread's result path as for a timeout ({@code mach_msg_interrupt}): a kept stack is
     * abandoned, the continuation becomes {@link Continuation#SEND_CANCELED} or
     * {@link Continuation#RECEIVE_CANCELED}, and the thread joins the tail of its ready queue.
     */
    private Tcb exchangeRegisters(Tcb me) {
        exec.call(KernelCode.EXCHANGE_REGISTERS);
        exregs.exchange(me, new ExchangeRegisters.Model() {
            @Override
            public long userFrame(Tcb t) {
                return t.address(f.userState());
            }

            @Override
            public void aborted(Tcb t, ErrorCode.Phase phase) {
                abandonKeptStack(t);
                t.write(f.continuation(), address(phase == ErrorCode.Phase.SEND ? Continuation.SEND_CANCELED : Continuation.RECEIVE_CANCELED));
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }
        });
        return syscallDone(me, KernelCode.EXCHANGE_REGISTERS);
    }

    /**
     * The ThreadControl system call (the shared {@link ThreadControl} rules). The waker writes the error
     * of a sender or closed-wait receiver a deletion failed and gives it {@link Continuation#RETURN_TO_USER}
     * (as for a transfer error); a deleted thread's kept stack, if any, is freed.
     */
    private Tcb threadControl(Tcb me) {
        exec.call(KernelCode.THREAD_CONTROL);
        threadControl.control(me, new ThreadControl.Model() {
            @Override
            public void failed(Tcb t, ErrorCode code, ErrorCode.Phase phase) {
                abandonKeptStack(t);
                fail(t, code, phase);
                t.write(f.continuation(), address(Continuation.RETURN_TO_USER));
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }

            @Override
            public void release(Tcb t) {
                abandonKeptStack(t);
            }

            @Override
            public void created(Tcb t) {
                t.write(f.continuation(), address(Continuation.RETURN_TO_USER)); // thread_bootstrap_return
            }
        });
        return syscallDone(me, KernelCode.THREAD_CONTROL);
    }

    // ------------------------------------------------------------------------------------------------
    // Continuations (called on the fresh stack, above the CONTINUATION_CALL frame)

    /** {@link Continuation#RECEIVE_PHASE}: the receive half of a Call/ReplyWait whose send a receiver completed. */
    Tcb receivePhaseContinuation(Tcb me) {
        ThreadId fromSpec = ipc.pendingFromSpec(me); // PARTNER: a propagation may have redirected it (§2.8)
        Timeout rcvTimeout = new Timeout((int) me.read(f.scratchRcvTimeout()));
        if (!receivePhase(me, fromSpec, rcvTimeout, null)) {
            return null;
        }
        return returnToUser(me);
    }

    /** {@link Continuation#RECEIVE_COMPLETE}: the message arrived while blocked; write the result, return. */
    Tcb receiveCompleteContinuation(Tcb me) {
        complete(me);
        return returnToUser(me);
    }

    /** {@link Continuation#SEND_TIMED_OUT} and {@link Continuation#RECEIVE_TIMED_OUT}: returnError(TIMEOUT). */
    Tcb timedOutContinuation(Tcb me, ErrorCode.Phase phase) {
        fail(me, ErrorCode.TIMEOUT, phase);
        return returnToUser(me);
    }

    /** {@link Continuation#SEND_CANCELED} and {@link Continuation#RECEIVE_CANCELED}: returnError(CANCELED). */
    Tcb canceledContinuation(Tcb me, ErrorCode.Phase phase) {
        fail(me, ErrorCode.CANCELED, phase);
        return returnToUser(me);
    }

    /** {@link Continuation#THREAD_SWITCH_DONE}. */
    Tcb threadSwitchDoneContinuation(Tcb me) {
        completeThreadSwitch(me);
        return returnToUser(me);
    }

    /** {@link #RECEIVE_KEPT}: back on the kept stack, inside the receive phase, the message has arrived. */
    private Tcb receiveKeptResume(Tcb me) {
        exec.ret(KernelCode.IPC_RECEIVE);
        complete(me);
        return returnToUser(me);
    }

    // ------------------------------------------------------------------------------------------------
    // Calls into the shared rules, each with its frame (Ipc runs the code blocks; frames are ours)

    private void enter(KernelCode code) {
        exec.stack().push(code.name(), exec.frameWords(code));
    }

    private Tcb lookup(ThreadId id, Tcb me) {
        enter(KernelCode.LOOKUP);
        Tcb t = ipc.lookup(id, me);
        exec.ret(KernelCode.LOOKUP);
        return t;
    }

    private boolean transfer(Tcb src, Tcb dst) {
        enter(KernelCode.IPC_TRANSFER);
        boolean ok = ipc.transfer(src, dst);
        exec.ret(KernelCode.IPC_TRANSFER);
        return ok;
    }

    private void complete(Tcb t) {
        enter(KernelCode.IPC_RESULT);
        ipc.complete(t);
        exec.ret(KernelCode.IPC_RESULT);
    }

    private void completeSendOnly(Tcb t) {
        enter(KernelCode.IPC_RESULT);
        ipc.completeSendOnly(t);
        exec.ret(KernelCode.IPC_RESULT);
    }

    private void completeThreadSwitch(Tcb t) {
        enter(KernelCode.IPC_RESULT);
        ipc.completeThreadSwitch(t);
        exec.ret(KernelCode.IPC_RESULT);
    }

    /** Fails {@code t}'s side ({@code phase}) of the transfer that just failed, with its code and offset. */
    private void failTransfer(Tcb t, ErrorCode.Phase phase) {
        Ipc.TransferFailure failure = ipc.transferFailure();
        enter(KernelCode.IPC_RESULT);
        ipc.fail(t, failure.code(phase), phase, failure.offset());
        exec.ret(KernelCode.IPC_RESULT);
    }

    private void fail(Tcb t, ErrorCode code, ErrorCode.Phase phase) {
        enter(KernelCode.IPC_RESULT);
        ipc.fail(t, code, phase, 0);
        exec.ret(KernelCode.IPC_RESULT);
    }
}
