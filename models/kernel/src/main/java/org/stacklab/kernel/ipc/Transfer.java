package org.stacklab.kernel.ipc;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.space.PageTable;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.user.AddressSpace;
import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.memory.Mode;

/**
 * The typed-item part of one message transfer in progress: map and grant items applied to the
 * receiver's page table, string bytes copied from the sender's space into the receiver's through the
 * memory system, chunk by chunk (a chunk ends at a page boundary on either side), so that it can stop
 * at a page fault or a preemption point and go on later from where it stopped.
 *
 * <p>Costs: each chunk runs {@link KernelCode#STRING_COPY} and reads and writes its bytes word by
 * word through the caches (kernel-tagged), so a copy pays per byte and per cache line; each mapped
 * page runs {@link KernelCode#MAP_PAGE} and touches the page-table entries. The same in every model.
 *
 * <p>Invariant: {@link #offset()} is the number of string bytes copied so far and only grows; a step
 * already done is never done again by this object.
 */
public final class Transfer {

    /** How a call to {@link #run} ended. */
    public sealed interface Outcome {
    }

    /** Every item was transferred. */
    public record Done() implements Outcome {
    }

    /** MESSAGE OVERFLOW after {@code offset} string bytes (semantics.md §3.2). */
    public record Overflow(long offset) implements Outcome {
    }

    /**
     * A page fault at user address {@code address} of {@code faulter}'s space, for an access needing
     * {@code access} (read of the sender's string, write of the receiver's buffer).
     */
    public record Fault(Tcb faulter, long address, int access) implements Outcome {
    }

    /**
     * The xfer timeout expired while the pager of {@code faulter} (whose space faulted) had not answered
     * (semantics.md §4 "Xfer timeout"): the transfer ends, both sides fail with 5 / 6 at the offset reached.
     */
    public record TimedOut(Tcb faulter) implements Outcome {
    }

    /**
     * ExchangeRegisters aborted one side while the copy was stopped (semantics.md §2.7: "in the middle
     * of a transfer": both sides get ABORTED, each with its phase, at the offset reached).
     */
    public record Aborted() implements Outcome {
    }

    /** A preemption point found an interrupt pending; the copy stopped between chunks. */
    public record Preempted() implements Outcome {
    }

    private static final Outcome DONE = new Done();
    private static final Outcome PREEMPTED = new Preempted();

    /**
     * Where a copy may stop to let an interrupt in (the preemptibility axis, Fluke §5): every
     * {@link #everyBytes} string bytes (0: never) the copy runs {@link KernelCode#PREEMPTION_POINT} and
     * stops if {@link #interruptPending} says so.
     */
    public interface PreemptionPoint {
        /** Bytes of copy between two points; 0 for a non-preemptible copy. */
        long everyBytes();

        /** Whether an interrupt is due now. */
        boolean interruptPending();

        /** Never stops (a non-preemptible kernel). */
        PreemptionPoint NEVER = new PreemptionPoint() {
            @Override
            public long everyBytes() {
                return 0;
            }

            @Override
            public boolean interruptPending() {
                return false;
            }
        };
    }

    private final Tcb src;
    private final Tcb dst;
    private final TypedItems.Plan plan;
    private int step;
    private long stepDone;
    private long offset;
    private long sincePoint;
    private boolean interrupted;
    private boolean receiverWasWaiting;
    private boolean counted;
    private long xferDeadline;
    private Tcb timedOutFaulter;
    private boolean aborted;

    public Transfer(Tcb src, Tcb dst, TypedItems.Plan plan) {
        this.src = src;
        this.dst = dst;
        this.plan = plan;
    }

    public Tcb source() {
        return src;
    }

    public Tcb destination() {
        return dst;
    }

    /**
     * Whether the transfer stopped at least once (a fault or a preemption point): its passive partner
     * then left any ready queue, so whoever completes it enqueues it at the tail.
     */
    public boolean interrupted() {
        return interrupted;
    }

    public void markInterrupted() {
        interrupted = true;
    }

    /** Whether the receiver was WAITING (not RECV_PENDING) when the transfer began. */
    public boolean receiverWasWaiting() {
        return receiverWasWaiting;
    }

    public void setReceiverWasWaiting(boolean value) {
        receiverWasWaiting = value;
    }

    /** The cycle the xfer timeout expires at, fixed at the first page fault; 0 when none is armed (Never, or no fault yet). */
    public long xferDeadline() {
        return xferDeadline;
    }

    public void setXferDeadline(long cycle) {
        xferDeadline = cycle;
    }

    /** The xfer timeout expired while {@code faulter}'s pager had not answered: the next {@link #run} ends the transfer. */
    public void timedOut(Tcb faulter) {
        timedOutFaulter = faulter;
    }

    /** ExchangeRegisters aborted it: the next {@link #run} ends it. */
    public void abort() {
        aborted = true;
    }

    /** Whether its message was counted as sent (the message registers were copied). */
    public boolean counted() {
        return counted;
    }

    public void setCounted(boolean value) {
        counted = value;
    }

    /** The partner of {@code t} in this transfer. */
    public Tcb partnerOf(Tcb t) {
        return t == src ? dst : src;
    }

    /** String bytes copied so far. */
    public long offset() {
        return offset;
    }

    /** The decoded items. */
    public TypedItems.Plan plan() {
        return plan;
    }

    /**
     * Continues at {@code earlier}'s progress (the same plan, decoded again by a restarted system call):
     * steps already done are not done again.
     */
    public void resumeAt(Transfer earlier) {
        if (earlier.plan.steps().size() != plan.steps().size()) {
            throw new IllegalStateException("a restarted transfer decoded a different plan");
        }
        step = earlier.step;
        stepDone = earlier.stepDone;
        offset = earlier.offset;
        interrupted = earlier.interrupted;
        receiverWasWaiting = earlier.receiverWasWaiting;
        counted = earlier.counted;
        xferDeadline = earlier.xferDeadline;
        timedOutFaulter = earlier.timedOutFaulter;
        aborted = earlier.aborted;
    }

    /** Goes on with the transfer until it is done, overflows, faults, or {@code point} stops it. */
    public Outcome run(Kernel kernel, PreemptionPoint point) {
        KernelExec exec = kernel.exec();
        MemorySystem memory = kernel.machine().memory();
        KernelCounters counters = kernel.counters();
        long pageBytes = kernel.machine().profile().pageBytes();
        if (aborted) {
            return new Aborted();
        }
        if (timedOutFaulter != null) {
            return new TimedOut(timedOutFaulter);
        }
        long every = point.everyBytes();
        while (step < plan.steps().size()) {
            TypedItems.Step s = plan.steps().get(step);
            if (s instanceof TypedItems.Map m) {
                map(kernel, m);
                step++;
                continue;
            }
            TypedItems.Copy c = (TypedItems.Copy) s;
            while (stepDone < c.bytes()) {
                long from = c.src() + stepDone;
                long to = c.dst() + stepDone;
                long sp = src.space().translate(from, Fpage.R);
                if (sp < 0) {
                    counters.xferFaults++;
                    return new Fault(src, from, Fpage.R);
                }
                long dp = dst.space().translate(to, Fpage.W);
                if (dp < 0) {
                    counters.xferFaults++;
                    return new Fault(dst, to, Fpage.W);
                }
                long n = Math.min(c.bytes() - stepDone,
                        Math.min(pageBytes - (from & (pageBytes - 1)), pageBytes - (to & (pageBytes - 1))));
                exec.run(KernelCode.STRING_COPY);
                memory.range(sp, n, false, Mode.KERNEL);
                memory.range(dp, n, true, Mode.KERNEL);
                stepDone += n;
                offset += n;
                sincePoint += n;
                counters.bytesCopied += n;
                boolean more = stepDone < c.bytes() || step + 1 < plan.steps().size();
                if (more && every > 0 && sincePoint >= every) {
                    sincePoint = 0;
                    exec.run(KernelCode.PREEMPTION_POINT);
                    if (point.interruptPending()) {
                        if (stepDone == c.bytes()) {
                            step++;
                            stepDone = 0;
                        }
                        return PREEMPTED;
                    }
                }
            }
            step++;
            stepDone = 0;
        }
        return plan.overflow() ? new Overflow(offset) : DONE;
    }

    /**
     * Places fpage {@code m} in the receive window (semantics.md §3.2, [DECIDE] placement by
     * {@code snd_base} modulo the larger of the two sizes) and maps or grants every page the sender has
     * mapped there, with the fpage's rights limited to the sender's. A receiver whose space is flat
     * already has all its memory: the item changes nothing there.
     */
    private void map(Kernel kernel, TypedItems.Map m) {
        KernelExec exec = kernel.exec();
        exec.run(KernelCode.TYPED_ITEM);
        Fpage f = m.fpage();
        if (f.isNil()) {
            return;
        }
        AddressSpace from = src.space();
        AddressSpace to = dst.space();
        long fsize = f.size();
        long wsize = m.window().size();
        long size;
        long srcBase;
        long dstBase;
        if (fsize <= wsize) {
            size = fsize;
            srcBase = f.base();
            dstBase = m.window().base() + ((m.sndBase() & (wsize - 1)) & -fsize);
        } else {
            size = wsize;
            srcBase = f.base() + ((m.sndBase() & (fsize - 1)) & -wsize);
            dstBase = m.window().base();
        }
        PageTable target = to.pages();
        long pageBytes = kernel.machine().profile().pageBytes();
        for (long p = 0; p < size; p += pageBytes) {
            long v = srcBase + p;
            int rights;
            long frame;
            if (from.paged() && !AddressSpace.inUtcbArea(v)) {
                for (long a : from.pages().walkAddresses(v)) {
                    exec.load(a);
                }
                long e = from.pages().entry(v);
                if (e == 0) {
                    continue;
                }
                rights = (int) (e & Fpage.RWX) & f.rights();
                frame = e & -pageBytes;
            } else {
                rights = f.rights();
                frame = from.window(v);
            }
            if (rights == 0 || target == null || AddressSpace.inUtcbArea(dstBase + p)) {
                continue;
            }
            exec.run(KernelCode.MAP_PAGE);
            target.map(dstBase + p, frame, rights);
            long[] walk = target.walkAddresses(dstBase + p);
            exec.store(walk[walk.length - 1]);
            kernel.counters().pagesMapped++;
            if (m.grant() && from.paged()) {
                from.pages().unmap(v);
                long[] w = from.pages().walkAddresses(v);
                exec.store(w[w.length - 1]);
            }
        }
        if (m.grant() && fsize > wsize && from.paged()) {
            // a grant of an fpage larger than the window: the whole send fpage leaves the sender (Pistachio ipcx.cc)
            for (long p = 0; p < fsize; p += pageBytes) {
                long v = f.base() + p;
                if (!AddressSpace.inUtcbArea(v) && from.pages().unmap(v) != 0) {
                    long[] w = from.pages().walkAddresses(v);
                    exec.store(w[w.length - 1]);
                }
            }
        }
    }
}
