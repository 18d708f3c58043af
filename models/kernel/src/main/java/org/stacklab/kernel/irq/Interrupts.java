package org.stacklab.kernel.irq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.metrics.LatencyRecorder;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.Utcb;

/**
 * Device interrupts delivered as IPC (semantics.md §1, §3.1; DESIGN.md "interrupts are events at cycle
 * times"), shared by every model.
 *
 * <p>A <em>source</em> raises interrupt {@code irq} at cycle {@code first}, then every {@code period}
 * cycles, {@code count} times (0: without end). Its interrupt thread id is {@code GlobalId(irq, 1)}, in
 * the system range (below {@link TcbTable#FIRST_USER_NUMBER}); it is no TCB table entry, so looking it up
 * as a user thread fails as before. The next firing of all sources is an event on the simulated clock
 * next to the timer ({@code Kernel.nextEventCycle()}); models take it where they take the timer
 * interrupt and call {@link #raiseDue} there, which raises every due firing in order (cycle, then irq).
 *
 * <p>Delivery: if the handler is receiving and accepts the interrupt thread (WAITING or RECV_PENDING
 * with partner anythread or the irq id), the message — MR0 = tag label {@code 0xFFF0}, u = t = 0, from
 * = the irq id — is written into it now, the handler's IPC is complete and the model's {@link Wake}
 * makes it ready as a sender's delivery would. Otherwise the interrupt stays pending (one bit per
 * irq); a firing while it is pending is <em>missed</em>. A handler's receive phase takes a pending
 * interrupt it accepts ({@link #takePending}) before looking at its send queue.
 *
 * <p>Latency: from the firing's event cycle to the handler's next return to user mode after the IPC
 * that received it ({@link #returningToUser}, called by {@code UserCpu.run}); every sample goes into a
 * {@link LatencyRecorder} (an HdrHistogram in cycles plus exact count, sum and max).
 *
 * <p>Costs: the message is written through the kernel's memory accesses ({@link KernelCode#IPC_TRANSFER},
 * the UTCB's MR0, the handler's {@code IPC_FROM}); the pending bits and the event list are Java-side
 * (the interrupt controller is not modelled as memory).
 */
public final class Interrupts {
    /** The interrupt message tag: label {@code -1 << 4} = {@code 0xFFF0}, u = t = 0. */
    public static final long TAG = MsgTag.of(0xFFF0, 0, 0).raw();

    /** What a model does for a handler whose IPC an interrupt just completed (the state change and queueing included). */
    @FunctionalInterface
    public interface Wake {
        /**
         * @param handler    the handler, message written, state still WAITING or RECV_PENDING
         * @param wasWaiting whether it was WAITING (it then joins the tail of its ready queue);
         *                   a RECV_PENDING one is already queued and stays where it is
         */
        void delivered(Tcb handler, boolean wasWaiting);
    }

    private static final class Source {
        final int irq;
        final ThreadId id;
        final Tcb handler;
        final long period;
        long next;
        long remaining;
        boolean pending;
        long pendingSince;

        Source(int irq, Tcb handler, long first, long period, long count) {
            this.irq = irq;
            this.id = idOf(irq);
            this.handler = handler;
            this.next = first;
            this.period = period;
            this.remaining = count;
        }
    }

    private final KernelExec exec;
    private final KernelCounters counters;
    private final Timers timers;
    /** By irq number. */
    private final List<Source> sources = new ArrayList<>();
    /** Handler number → event cycle of the interrupt it received and has not yet returned to user with (lookup only). */
    private final Map<Integer, Long> awaitingUser = new HashMap<>();
    private long next = Long.MAX_VALUE;

    private long raised;
    private long delivered;
    private long missed;
    private final LatencyRecorder latency = new LatencyRecorder();

    public Interrupts(KernelExec exec, KernelCounters counters, Timers timers, org.stacklab.kernel.check.MessageLedger ledger) {
        this.exec = exec;
        this.counters = counters;
        this.timers = timers;
        this.ledger = ledger;
    }

    private final org.stacklab.kernel.check.MessageLedger ledger;

    /** The interrupt thread id of {@code irq}: {@code GlobalId(irq, 1)}. */
    public static ThreadId idOf(int irq) {
        return ThreadId.global(irq, 1);
    }

    /**
     * Installs a source: irq {@code irq} (1 .. {@link TcbTable#FIRST_USER_NUMBER} - 1, one source per irq)
     * handled by {@code handler}, first raised at cycle {@code first}, then every {@code period} cycles,
     * {@code count} times in all (0: until the run ends).
     */
    public void add(int irq, Tcb handler, long first, long period, long count) {
        if (irq < 1 || irq >= TcbTable.FIRST_USER_NUMBER) {
            throw new IllegalArgumentException("irq must be 1.." + (TcbTable.FIRST_USER_NUMBER - 1) + " (the system range), got " + irq);
        }
        if (first < 0 || period <= 0 || count < 0) {
            throw new IllegalArgumentException("irq " + irq + ": first " + first + " must be >= 0, period " + period + " > 0, count "
                    + count + " >= 0");
        }
        int at = 0;
        for (Source s : sources) {
            if (s.irq == irq) {
                throw new IllegalArgumentException("irq " + irq + " has a source already");
            }
            if (s.irq < irq) {
                at++;
            }
        }
        sources.add(at, new Source(irq, handler, first, period, count));
        recompute();
    }

    /** Whether any source is installed. */
    public boolean any() {
        return !sources.isEmpty();
    }

    /** The cycle of the next firing, or {@link Long#MAX_VALUE}. */
    public long nextEvent() {
        return next;
    }

    private void recompute() {
        long n = Long.MAX_VALUE;
        for (Source s : sources) {
            if (s.next < n) {
                n = s.next;
            }
        }
        next = n;
    }

    /**
     * Raises every firing due at or before {@code now}, in order of (cycle, irq): delivers to a handler
     * that accepts it now ({@code wake} completes the model's side), else sets the pending bit (or counts
     * a miss).
     */
    public void raiseDue(long now, Wake wake) {
        while (next <= now) {
            Source due = null;
            for (Source s : sources) { // sources are in irq order: the first with the minimum cycle
                if (s.next == next) {
                    due = s;
                    break;
                }
            }
            long at = due.next;
            if (due.remaining == 1) {
                due.next = Long.MAX_VALUE;
                due.remaining = 0;
            } else {
                if (due.remaining > 1) {
                    due.remaining--;
                }
                due.next = at + due.period;
            }
            recompute();
            raise(due, at, wake);
        }
    }

    private void raise(Source s, long at, Wake wake) {
        raised++;
        counters.deviceInterrupts++;
        exec.run(KernelCode.IPC_SEND);
        if (s.pending) {
            missed++;
            return;
        }
        Tcb h = s.handler;
        ThreadState st = h.state();
        if ((st == ThreadState.WAITING || st == ThreadState.RECV_PENDING) && accepts(ThreadId.of(h.read(TcbLayout.Shared.PARTNER)), s)) {
            boolean wasWaiting = st == ThreadState.WAITING;
            transfer(s, h, at);
            wake.delivered(h, wasWaiting);
        } else {
            s.pending = true;
            s.pendingSince = at;
        }
    }

    private static boolean accepts(ThreadId partner, Source s) {
        return partner.isAny() || partner.raw() == s.id.raw();
    }

    /** The message of {@code s} into {@code h}'s UTCB: MR0 := the interrupt tag, {@code IPC_FROM} := the irq id. */
    private void transfer(Source s, Tcb h, long at) {
        exec.run(KernelCode.IPC_TRANSFER);
        timers.clear(h); // its receive ends here: no deadline any more
        Utcb to = h.user().utcb();
        exec.store(to.mrAddress(0));
        to.setMr(0, TAG);
        h.write(TcbLayout.Shared.IPC_FROM, s.id.raw());
        counters.messages++;
        ledger.sentInterrupt(s.irq, h);
        delivered++;
        awaitingUser.put(h.number(), at);
    }

    /**
     * Whether {@code fromSpec} is the interrupt thread id of a source {@code me} handles: a closed wait on
     * it is valid although no TCB has that id.
     */
    public boolean isSourceOf(ThreadId fromSpec, Tcb me) {
        for (Source s : sources) {
            if (s.id.raw() == fromSpec.raw() && s.handler == me) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code me}'s receive phase with FromSpecifier {@code fromSpec}: takes the lowest pending interrupt
     * {@code me} handles and accepts, writing its message into {@code me}'s UTCB. The caller then
     * completes {@code me}'s IPC as after a transfer from a polling sender.
     *
     * @return whether a pending interrupt was taken
     */
    public boolean takePending(Tcb me, ThreadId fromSpec) {
        if (sources.isEmpty()) {
            return false;
        }
        for (Source s : sources) {
            if (s.pending && s.handler == me && accepts(fromSpec, s)) {
                s.pending = false;
                transfer(s, me, s.pendingSince);
                return true;
            }
        }
        return false;
    }

    /** {@code t} is about to run user code: if it received an interrupt since it last did, records the latency. */
    public void returningToUser(Tcb t, long now) {
        if (awaitingUser.isEmpty()) {
            return;
        }
        Long at = awaitingUser.remove(t.number());
        if (at != null) {
            latency.record(now - at);
        }
    }

    /** Firings raised so far. */
    public long raised() {
        return raised;
    }

    /** Interrupts delivered to their handler (at once or from pending). */
    public long delivered() {
        return delivered;
    }

    /** Firings that found their irq still pending. */
    public long missed() {
        return missed;
    }

    /** Interrupts whose handler has returned to user mode with them (the latency samples). */
    public long latencyCount() {
        return latency.count();
    }

    /** Sum of the latencies in cycles. */
    public long latencySum() {
        return latency.sum();
    }

    /** The largest latency in cycles (0 without samples). */
    public long latencyMax() {
        return latency.max();
    }

    /** Every latency sample in cycles: the distribution ({@link LatencyRecorder#histogram()}) besides count, sum and max. */
    public LatencyRecorder latency() {
        return latency;
    }

    /** One source as the invariant checks see it (Java-side, no simulated access). */
    public record SourceState(int irq, Tcb handler, boolean pending, long nextFiring) {
    }

    /** The sources in irq order (Java-side). */
    public List<SourceState> sources() {
        List<SourceState> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            out.add(new SourceState(s.irq, s.handler, s.pending, s.next));
        }
        return out;
    }

    /** Whether {@code irq} is pending (Java-side). */
    public boolean pending(int irq) {
        for (Source s : sources) {
            if (s.irq == irq) {
                return s.pending;
            }
        }
        return false;
    }
}
