package org.stacklab.kernel.reference;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.spi.ThreadMemory;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.user.UserCpu;

/**
 * A minimal executable reading of the control-flow contract in {@code org.stacklab.kernel.spi}'s
 * package comment, used only to test the conformance kit itself inside {@code models/kernel} (where no
 * real model is on the classpath). It is deliberately not registered as a service, so the kit never
 * runs it next to the real models.
 *
 * <p>It writes every result eagerly (the partner's {@code complete} at transfer time, a timed-out
 * thread's error in the timer interrupt) and pushes no stack frames: its cost figures mean nothing,
 * only its observations do.
 *
 * <p>{@link Variant} lets kit tests build deliberately wrong models to check that the kit notices.
 */
public final class ReferenceModel implements KernelModel {

    /** Deliberate deviations, for testing the kit's divergence reports. */
    public enum Variant {
        /** Follows the contract. */
        CORRECT,
        /** A receiver takes the newest polling sender instead of the oldest (breaks FIFO, §8.9). */
        LIFO_RECEIVE,
        /** A Zero-timeout send to a busy partner fails with the receive-phase code (0x3, not 0x2). */
        WRONG_SEND_TIMEOUT_CODE,
        /** A woken WAITING thread is made READY but never enqueued (breaks the kernel invariants). */
        LOSE_WOKEN_THREAD,
        /** A receiver found waiting gets the message, then fails with a receive timeout (loses the message). */
        LOSE_MESSAGE,
        /** A receiver found waiting completes its receive twice for one message (duplicates it). */
        DELIVER_TWICE,
        /** A sender that finds its receiver waiting transfers its message twice (a send phase run twice). */
        SEND_TWICE
    }

    /** A provider for {@link #ReferenceModel(Variant)}. */
    public static KernelModelProvider provider(Variant variant) {
        String name = variant == Variant.CORRECT ? "reference" : "reference-" + variant.name().toLowerCase(java.util.Locale.ROOT);
        return new KernelModelProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test-only reference reading of the SPI contract (" + variant + ")";
            }

            @Override
            public KernelModel create() {
                return new ReferenceModel(variant, name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private final Variant variant;
    private final String name;
    private Kernel kernel;
    private Ipc ipc;
    private Scheduler scheduler;
    private KernelCounters counters;

    public ReferenceModel(Variant variant, String name) {
        this.variant = variant;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void declareFields(TcbLayout.Builder layout) {
    }

    @Override
    public void boot(Kernel k) {
        KernelStack cpu = k.stacks().allocate("cpu0", k.machine().profile().kernelStackBytes());
        k.exec().useStack(cpu);
    }

    @Override
    public ThreadMemory placeThread(Kernel k, String threadName, int tcbBytes) {
        long base = k.tcbs().place(tcbBytes, k.machine().profile().tcbAlignment()); // the virtual TCB array
        return new ThreadMemory(base, tcbBytes, null);
    }

    /** What the kernel does after handling an event for the current thread. */
    private sealed interface Next {
    }

    /** Return to user mode (after the kernel-exit preemption check). */
    private record Continue() implements Next {
    }

    /** The thread blocked: pick the next thread, preferring {@code partner}. */
    private record Block(Tcb partner) implements Next {
    }

    /** Run {@code next} (already removed from its queue); the caller was made READY. */
    private record SwitchTo(Tcb next) implements Next {
    }

    @Override
    public RunOutcome run(Kernel k) {
        this.kernel = k;
        this.ipc = k.ipc();
        this.scheduler = k.scheduler();
        this.counters = k.counters();
        Tcb next = scheduler.pickNext(null);
        while (true) {
            while (next == null) {
                k.setCurrent(null);
                Kernel.Idle idle = k.idleUntilNextEvent();
                if (idle == Kernel.Idle.NOTHING_PENDING) {
                    return RunOutcome.QUIESCENT;
                }
                if (idle == Kernel.Idle.CYCLE_LIMIT) {
                    return RunOutcome.CYCLE_LIMIT;
                }
                counters.kernelEntries++;
                k.exec().trapEntry();
                expireTimers();
                next = scheduler.pickNext(null);
            }
            Tcb t = next;
            ThreadState before = t.state();
            k.setCurrent(t);
            t.setState(ThreadState.RUNNING);
            counters.dispatches++;
            Next n = before == ThreadState.RECV_PENDING ? receivePhase(t, ipc.pendingReceive(t, ipc.args(t)), null) : new Continue();
            while (true) {
                if (n instanceof Continue) {
                    if (ExchangeRegisters.stopAtReturnToUser(t)) {
                        next = scheduler.pickNext(null);
                        break;
                    }
                    if (scheduler.shouldPreempt(t)) {
                        t.setState(ThreadState.READY);
                        scheduler.requeuePreempted(t);
                        counters.blocksPreemption++;
                        next = scheduler.pickNext(null);
                        break;
                    }
                    UserCpu.Trap trap = k.userCpu().run(t);
                    if (trap == UserCpu.Trap.CYCLE_LIMIT) {
                        return RunOutcome.CYCLE_LIMIT;
                    }
                    if (trap == UserCpu.Trap.HALT) {
                        t.setState(ThreadState.HALTED);
                        next = scheduler.pickNext(null);
                        break;
                    }
                    if (trap == UserCpu.Trap.FPU) {
                        counters.kernelEntries++;
                        k.exec().trapEntry();
                        k.fpu().trap(t);
                        k.exec().trapExit();
                        n = new Continue();
                        continue;
                    }
                    if (trap == UserCpu.Trap.TIMER) {
                        counters.kernelEntries++;
                        k.exec().trapEntry();
                        expireTimers();
                        k.exec().trapExit();
                        n = new Continue(); // the preemption check decides who runs
                        continue;
                    }
                    counters.kernelEntries++;
                    k.exec().trapEntry();
                    k.exec().call(KernelCode.SYSCALL_ENTRY);
                    n = switch (UserCpu.syscallKind(t)) {
                        case IPC -> ipcSyscall(t);
                        case THREAD_SWITCH -> threadSwitch(t);
                        case EXCHANGE_REGISTERS -> exchangeRegisters(t);
                        case THREAD_CONTROL -> threadControl(t);
                    };
                    if (n instanceof Continue) {
                        k.exec().ret(KernelCode.SYSCALL_ENTRY);
                        k.exec().run(KernelCode.SYSCALL_EXIT);
                        k.exec().trapExit();
                    } else {
                        k.exec().stack().discard();
                    }
                } else if (n instanceof Block b) {
                    counters.countBlock(t);
                    next = scheduler.pickNext(b.partner());
                    break;
                } else if (n instanceof SwitchTo s) {
                    next = s.next();
                    break;
                }
            }
        }
    }

    private Next ipcSyscall(Tcb me) {
        k().exec().run(KernelCode.IPC);
        Ipc.Args a = ipc.args(me);
        if (!a.hasSend() && !a.hasReceive()) {
            ipc.completeSendOnly(me);
            return new Continue();
        }
        Tcb woken = null;
        if (a.hasSend()) {
            Tcb dst = ipc.lookup(a.to(), me);
            if (dst == null) {
                ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.SEND, 0);
                return new Continue();
            }
            if (ipc.readyToReceiveFrom(dst, me)) {
                ThreadState dstState = dst.state();
                if (!ipc.transfer(me, dst)) {
                    Ipc.TransferFailure f = ipc.transferFailure(); // both sides, the same offset (semantics.md §6.7 invariant 5)
                    ipc.fail(me, f.senderCode(), ErrorCode.Phase.SEND, f.offset());
                    ipc.fail(dst, f.receiverCode(), ErrorCode.Phase.RECEIVE, f.offset());
                    makeReady(dst, dstState);
                    return new Continue();
                }
                if (variant == Variant.SEND_TWICE) {
                    ipc.transfer(me, dst);
                }
                if (variant == Variant.LOSE_MESSAGE) {
                    ipc.fail(dst, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE, 0);
                } else {
                    ipc.complete(dst);
                }
                if (variant == Variant.DELIVER_TWICE) {
                    ipc.complete(dst);
                }
                makeReady(dst, dstState);
                if (dstState == ThreadState.WAITING) {
                    woken = dst;
                }
            } else {
                if (a.send().isZero()) {
                    ErrorCode.Phase phase = variant == Variant.WRONG_SEND_TIMEOUT_CODE ? ErrorCode.Phase.RECEIVE : ErrorCode.Phase.SEND;
                    ipc.fail(me, ErrorCode.TIMEOUT, phase, 0);
                    return new Continue();
                }
                ipc.enqueueSender(dst, me);
                me.setState(ThreadState.POLLING);
                me.write(TcbLayout.Shared.PARTNER, a.to().raw());
                if (Ipc.finite(a.send())) {
                    k().timers().arm(me, ipc.sendDeadline(a));
                }
                return new Block(null);
            }
        }
        if (!a.hasReceive()) {
            ipc.completeSendOnly(me);
            return new Continue();
        }
        return receivePhase(me, a, woken);
    }

    private void makeReady(Tcb dst, ThreadState was) {
        dst.setState(ThreadState.READY);
        if (was == ThreadState.WAITING && variant != Variant.LOSE_WOKEN_THREAD) {
            scheduler.enqueueTail(dst);
        }
    }

    private Next receivePhase(Tcb me, Ipc.Args a, Tcb woken) {
        long deadline = ipc.receiveDeadline(me, a.receive());
        if (a.closedWait() && !k().interrupts().isSourceOf(a.fromSpec(), me) && ipc.lookup(a.fromSpec(), me) == null) {
            ipc.fail(me, ErrorCode.NON_EXISTING, ErrorCode.Phase.RECEIVE, 0);
            return new Continue();
        }
        if (k().interrupts().takePending(me, a.fromSpec())) {
            ipc.complete(me);
            return new Continue();
        }
        Tcb s = variant == Variant.LIFO_RECEIVE ? lastMatching(me, a.fromSpec()) : ipc.selectSender(me, a.fromSpec());
        if (s != null) {
            ipc.dequeueSender(me, s);
            if (!ipc.transfer(s, me)) {
                Ipc.TransferFailure f = ipc.transferFailure();
                ipc.fail(s, f.senderCode(), ErrorCode.Phase.SEND, f.offset());
                ipc.fail(me, f.receiverCode(), ErrorCode.Phase.RECEIVE, f.offset());
                s.setState(ThreadState.READY);
                scheduler.enqueueTail(s);
                return new Continue();
            }
            Ipc.Args sa = ipc.args(s);
            if (sa.hasReceive()) {
                s.setState(ThreadState.RECV_PENDING);
                s.write(TcbLayout.Shared.PARTNER, sa.fromSpec().raw());
                ipc.fixReceiveDeadline(s, sa.receive());
            } else {
                ipc.completeSendOnly(s);
                s.setState(ThreadState.READY);
            }
            scheduler.enqueueTail(s);
            ipc.complete(me);
            return new Continue();
        }
        if (a.receive().isZero() || ipc.expired(deadline)) {
            ipc.fail(me, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE, 0);
            return new Continue();
        }
        me.setState(ThreadState.WAITING);
        me.write(TcbLayout.Shared.PARTNER, a.fromSpec().raw());
        if (deadline != 0) {
            k().timers().arm(me, deadline);
        }
        return new Block(woken);
    }

    /** The timer interrupt: expired threads, in deadline order, get their error now and become READY (tail). */
    private void expireTimers() {
        counters.timerInterrupts++;
        long now = k().machine().clock().now();
        ipc.expireTimeouts(now, (t, phase) -> ipc.fail(t, ErrorCode.TIMEOUT, phase, 0));
        k().interrupts().raiseDue(now, (h, wasWaiting) -> {
            ipc.complete(h);
            makeReady(h, wasWaiting ? ThreadState.WAITING : ThreadState.RECV_PENDING);
        });
    }

    private Tcb lastMatching(Tcb me, ThreadId fromSpec) {
        Tcb found = null;
        for (long cur = me.peek(TcbLayout.Shared.SEND_HEAD); cur != 0; ) {
            Tcb s = k().tcbs().byNumber((int) cur - 1);
            boolean match = fromSpec.isAny()
                    || (fromSpec.isAnyLocal() && s.space() == me.space())
                    || fromSpec.raw() == s.globalId().raw()
                    || (s.space() == me.space() && fromSpec.raw() == s.localId().raw());
            if (match) {
                found = s;
            }
            cur = s.peek(TcbLayout.Shared.SEND_NEXT);
        }
        return found;
    }

    /** ExchangeRegisters: an aborted thread gets its CANCELED error at once and becomes READY (tail). */
    private Next exchangeRegisters(Tcb me) {
        k().exec().run(KernelCode.EXCHANGE_REGISTERS);
        new ExchangeRegisters(k()).exchange(me, new ExchangeRegisters.Model() {
            @Override
            public long userFrame(Tcb t) {
                return t.base();
            }

            @Override
            public void aborted(Tcb t, ErrorCode.Phase phase) {
                ipc.fail(t, ErrorCode.CANCELED, phase, 0);
                t.setState(ThreadState.READY);
                scheduler.enqueueTail(t);
            }
        });
        return new Continue();
    }

    /** ThreadControl: threads a deletion fails get their error at once and become READY (tail). */
    private Next threadControl(Tcb me) {
        k().exec().run(KernelCode.THREAD_CONTROL);
        new ThreadControl(k()).control(me, new ThreadControl.Model() {
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
        return new Continue();
    }

    private Next threadSwitch(Tcb me) {
        k().exec().run(KernelCode.THREAD_SWITCH);
        ThreadId dest = ThreadId.of(me.user().reg(0));
        if (!dest.isNil() && (dest.raw() == me.globalId().raw() || dest.raw() == me.localId().raw())) {
            ipc.completeThreadSwitch(me);
            return new Continue();
        }
        Tcb d = dest.isNil() ? null : ipc.lookup(dest, me);
        ipc.completeThreadSwitch(me);
        me.setState(ThreadState.READY);
        counters.blocksPreemption++;
        if (d != null && (d.state() == ThreadState.READY || d.state() == ThreadState.RECV_PENDING)) {
            scheduler.remove(d);
            scheduler.enqueueTail(me);
            return new SwitchTo(d);
        }
        scheduler.enqueueTail(me);
        return new SwitchTo(scheduler.pickNext(null));
    }

    private Kernel k() {
        return kernel;
    }
}
