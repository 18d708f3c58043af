package org.stacklab.kernel.time;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.machine.clock.CycleClock;
import org.stacklab.machine.profile.MachineProfile;

/**
 * The kernel's IPC timeouts (semantics.md §2.3, §4, §6.7 invariants 1–2), shared by every model.
 *
 * <p>A thread blocked (POLLING or WAITING) with a finite timeout keeps its absolute deadline in its
 * TCB's {@link TcbLayout.Shared#WAKEUP} field — the stateless model's "deadline as exported TCB state":
 * nothing re-encodes it into the lossy {@code L4_Time_t} — and is in this class's ordered set, keyed
 * (deadline, thread number), which finds the next expiry. A thread whose Call/ReplyWait send phase a
 * receiver completed (RECV_PENDING) has its receive deadline in {@code WAKEUP} too, already fixed, but
 * is not in the set: it is ready, and when its receive phase runs it either blocks with that deadline
 * or, if the deadline has passed and no sender is there, fails at once (as with Zero). {@code WAKEUP}
 * is 0 when there is no deadline.
 *
 * <p><b>Resolution: the timer tick.</b> Deadlines are in cycles but kept at the resolution of the
 * timer tick ({@link #TICK_MICROS}): the stored deadline is the first tick boundary at or after the
 * exact one ({@code entry + profile.cycles(µs)}), and the timer interrupt is due at that boundary. As in
 * Pistachio (which compares timeouts with the time at each timer tick), a timeout fires between T and
 * T + one tick after it was set. This is also what makes timeouts observably identical across the
 * models (DESIGN.md rule 3): the three models spend different kernel cycles by design, so exact-cycle
 * deadlines set microseconds apart would fire in a model-dependent order; at tick resolution two
 * deadlines fixed by the same user-level events land on the same tick in every model, and ties are
 * broken by thread number, which all models share.
 *
 * <p>Costs: every kernel access to {@code WAKEUP} goes through {@link Tcb#read}/{@link Tcb#write}; the
 * ordered set is Java-side bookkeeping (the hardware timer's comparator and the kernel's sorted wake-up
 * list are not modelled as memory), so reading it costs nothing.
 *
 * <p>Invariant: a thread is in the set at most once, and while it is, its {@code WAKEUP} equals its
 * key and it is POLLING or WAITING (checked by {@code KernelInvariants}).
 */
public final class Timers {
    /** The timer tick: deadlines have this resolution (Pistachio's default tick is about 1–2 ms). */
    public static final long TICK_MICROS = 1000;

    private record Entry(long deadline, int number, Tcb tcb) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Integer.compare(number, o.number);
        }
    }

    private final MachineProfile profile;
    private final CycleClock clock;
    private final long tickCycles;
    private final TreeSet<Entry> queue = new TreeSet<>();
    /** Lookup only (never iterated), so its order does not matter. */
    private final Map<Integer, Entry> byNumber = new HashMap<>();
    private long next = Long.MAX_VALUE;

    public Timers(MachineProfile profile, CycleClock clock) {
        this.profile = profile;
        this.clock = clock;
        this.tickCycles = Math.max(1, profile.cycles(TICK_MICROS));
    }

    /** Cycles of one timer tick on this machine. */
    public long tickCycles() {
        return tickCycles;
    }

    /**
     * The deadline {@code micros} after cycle {@code from}: the first tick boundary at or after
     * {@code from + profile.cycles(micros)} (never 0, which means "none").
     */
    public long deadline(long from, long micros) {
        long exact = from + profile.cycles(micros);
        long ticks = (exact + tickCycles - 1) / tickCycles;
        return Math.max(1, ticks) * tickCycles;
    }

    /** {@code t} blocks until {@code deadline} at the latest: {@code WAKEUP := deadline} and it joins the set. */
    public void arm(Tcb t, long deadline) {
        if (deadline <= 0) {
            throw new IllegalArgumentException("no deadline to arm for " + t + ": " + deadline);
        }
        t.write(TcbLayout.Shared.WAKEUP, deadline);
        remove(t);
        Entry e = new Entry(deadline, t.number(), t);
        queue.add(e);
        byNumber.put(t.number(), e);
        next = queue.first().deadline();
    }

    /** Fixes {@code t}'s pending receive deadline (RECV_PENDING): {@code WAKEUP := deadline}, not in the set. */
    public void setPending(Tcb t, long deadline) {
        t.write(TcbLayout.Shared.WAKEUP, deadline);
    }

    /** {@code t}'s wait ended some other way: clears {@code WAKEUP} (one load, and a store if it was set) and leaves the set. */
    public void clear(Tcb t) {
        if (t.read(TcbLayout.Shared.WAKEUP) != 0) {
            t.write(TcbLayout.Shared.WAKEUP, 0);
        }
        remove(t);
    }

    private void remove(Tcb t) {
        Entry e = byNumber.remove(t.number());
        if (e != null) {
            queue.remove(e);
            next = queue.isEmpty() ? Long.MAX_VALUE : queue.first().deadline();
        }
    }

    /** Takes the earliest entry whose deadline is at or before {@code now} out of the set; {@code null} if none. */
    public Tcb popExpired(long now) {
        if (queue.isEmpty() || queue.first().deadline() > now) {
            return null;
        }
        Entry e = queue.pollFirst();
        byNumber.remove(e.number());
        next = queue.isEmpty() ? Long.MAX_VALUE : queue.first().deadline();
        return e.tcb();
    }

    /** The cycle at which the next timer interrupt is due, or {@link Long#MAX_VALUE}. */
    public long nextEvent() {
        return next;
    }

    /** Whether any thread waits with a deadline. */
    public boolean pending() {
        return next != Long.MAX_VALUE;
    }

    /** Whether {@code t} is in the set (Java-side, no simulated access). */
    public boolean contains(Tcb t) {
        return byNumber.containsKey(t.number());
    }

    /** The deadline {@code t} is in the set with, or 0 (Java-side). */
    public long keyOf(Tcb t) {
        Entry e = byNumber.get(t.number());
        return e == null ? 0 : e.deadline();
    }

    /** The threads in the set in expiry order (invariant checks, snapshots). */
    public List<Tcb> inOrder() {
        List<Tcb> out = new ArrayList<>();
        for (Entry e : queue) {
            out.add(e.tcb());
        }
        return out;
    }

    /** Number of entries in the set. */
    public int size() {
        return queue.size();
    }

    /** The clock the deadlines are measured on. */
    public CycleClock clock() {
        return clock;
    }
}
