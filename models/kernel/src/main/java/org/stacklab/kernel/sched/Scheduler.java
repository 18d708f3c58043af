package org.stacklab.kernel.sched;

import java.util.BitSet;

import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;

/**
 * Strict-priority round-robin ready queues (256 levels), doubly linked through the TCBs'
 * {@code ready_next}/{@code ready_prev} fields as in Pistachio, with head and tail words per level and a
 * bitmap of non-empty levels in a kernel table. Every operation is constant time.
 *
 * <p>The policy every model follows (semantics.md §2.5 [DECIDE]): the highest priority runs; a
 * thread that blocks hands the CPU to {@code preferred} (its IPC partner) when that one is ready at
 * the highest ready priority, otherwise to the head of that level; a thread returning to user keeps
 * the CPU unless a strictly higher priority is ready, in which case it goes back to the <em>head</em>
 * of its level.
 *
 * <p>Invariant: a thread is in at most one ready queue, at most once; {@code queued} mirrors exactly
 * the set of linked threads.
 */
public final class Scheduler {
    public static final int PRIORITIES = 256;

    private final KernelExec exec;
    private final TcbTable tcbs;
    private final long table;
    private final int wordBytes;
    private final int[] head = new int[PRIORITIES];
    private final int[] tail = new int[PRIORITIES];
    private final BitSet nonEmpty = new BitSet(PRIORITIES);
    private final BitSet queued = new BitSet();
    private int size;

    public Scheduler(KernelExec exec, TcbTable tcbs, KernelMemory memory) {
        this.exec = exec;
        this.tcbs = tcbs;
        this.wordBytes = exec.profile().wordBytes();
        this.table = memory.allocate(Purpose.TABLE, (long) PRIORITIES * 2 * wordBytes + wordBytes * 8L, 64);
    }

    private long headAddr(int prio) {
        return table + (long) prio * 2 * wordBytes;
    }

    private long tailAddr(int prio) {
        return headAddr(prio) + wordBytes;
    }

    private long bitmapAddr(int prio) {
        return table + (long) PRIORITIES * 2 * wordBytes + (prio / 32) * (long) wordBytes;
    }

    private Tcb at(int link) {
        return tcbs.byNumber(link - 1);
    }

    /** Appends {@code t} to its priority's queue. */
    public void enqueueTail(Tcb t) {
        checkNotQueued(t);
        int p = t.priority();
        int link = t.number() + 1;
        exec.load(tailAddr(p));
        int last = tail[p];
        t.write(TcbLayout.Shared.READY_NEXT, 0);
        t.write(TcbLayout.Shared.READY_PREV, last);
        if (last == 0) {
            head[p] = link;
            exec.store(headAddr(p));
            setBit(p);
        } else {
            at(last).write(TcbLayout.Shared.READY_NEXT, link);
        }
        tail[p] = link;
        exec.store(tailAddr(p));
        queued.set(t.number());
        size++;
    }

    /** Puts {@code t} at the head of its priority's queue (a preempted thread keeps its turn). */
    public void enqueueHead(Tcb t) {
        checkNotQueued(t);
        int p = t.priority();
        int link = t.number() + 1;
        exec.load(headAddr(p));
        int first = head[p];
        t.write(TcbLayout.Shared.READY_NEXT, first);
        t.write(TcbLayout.Shared.READY_PREV, 0);
        if (first == 0) {
            tail[p] = link;
            exec.store(tailAddr(p));
            setBit(p);
        } else {
            at(first).write(TcbLayout.Shared.READY_PREV, link);
        }
        head[p] = link;
        exec.store(headAddr(p));
        queued.set(t.number());
        size++;
    }

    private void checkNotQueued(Tcb t) {
        if (queued.get(t.number())) {
            throw new IllegalStateException(t + " is already in a ready queue");
        }
    }

    private void setBit(int p) {
        nonEmpty.set(p);
        exec.store(bitmapAddr(p));
    }

    /** Removes {@code t} from its ready queue; returns whether it was there. */
    public boolean remove(Tcb t) {
        if (!queued.get(t.number())) {
            return false;
        }
        int p = t.priority();
        int next = (int) t.read(TcbLayout.Shared.READY_NEXT);
        int prev = (int) t.read(TcbLayout.Shared.READY_PREV);
        if (prev == 0) {
            head[p] = next;
            exec.store(headAddr(p));
        } else {
            at(prev).write(TcbLayout.Shared.READY_NEXT, next);
        }
        if (next == 0) {
            tail[p] = prev;
            exec.store(tailAddr(p));
        } else {
            at(next).write(TcbLayout.Shared.READY_PREV, prev);
        }
        if (head[p] == 0) {
            nonEmpty.clear(p);
            exec.store(bitmapAddr(p));
        }
        queued.clear(t.number());
        size--;
        return true;
    }

    /** The highest priority with a ready thread, or -1. */
    public int highestReady() {
        exec.load(bitmapAddr(PRIORITIES - 1));
        return nonEmpty.length() - 1;
    }

    /**
     * Takes the next thread to run out of the ready queues: {@code preferred} if it is queued at the
     * highest ready priority, else the head of that level; {@code null} when nothing is ready.
     */
    public Tcb pickNext(Tcb preferred) {
        int p = highestReady();
        if (p < 0) {
            return null;
        }
        if (preferred != null && preferred.priority() == p && remove(preferred)) {
            return preferred;
        }
        exec.load(headAddr(p));
        Tcb t = at(head[p]);
        remove(t);
        return t;
    }

    /** Whether a strictly higher priority than {@code current}'s is ready (the return-to-user preemption check). */
    public boolean shouldPreempt(Tcb current) {
        int highest = highestReady();
        if (highest > current.priority()) {
            return true;
        }
        if (slice != null && slice.expired()) {
            if (highest == current.priority()) {
                roundRobin = true; // its time slice ran out and a thread of its priority is ready
                return true;
            }
            slice.renew(); // alone at its priority: it goes on with a new slice
        }
        return false;
    }

    /**
     * Puts back the running thread {@link #shouldPreempt} took the CPU from: at the head of its queue when a
     * higher priority came, at the tail when its time slice ran out (round robin).
     */
    public void requeuePreempted(Tcb t) {
        if (roundRobin) {
            roundRobin = false;
            enqueueTail(t);
        } else {
            enqueueHead(t);
        }
    }

    /** The running thread's time slice, as the kernel keeps it. */
    public interface TimeSlice {
        /** Whether the running thread's slice has run out. */
        boolean expired();

        /** Starts a new slice for the running thread, now. */
        void renew();
    }

    private TimeSlice slice;
    private boolean roundRobin;

    /** Enables round-robin among equal priorities with {@code slice} ({@code null}: none). */
    public void useTimeSlice(TimeSlice slice) {
        this.slice = slice;
    }

    /** Whether {@code t} is in a ready queue (Java-side check, no simulated access). */
    public boolean isQueued(Tcb t) {
        return queued.get(t.number());
    }

    /** Number of queued threads. */
    public int size() {
        return size;
    }
}
