package org.stacklab.kernel.sched;

import java.util.BitSet;

import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;

/**
 * Strict-priority round-robin ready queues (256 levels), linked through the TCBs' {@code ready_next}
 * field, with head and tail words per level in a kernel table.
 *
 * <p>The policy every model follows (semantics.md §2.5 [DECIDE]): the highest priority runs; a
 * thread that blocks hands the CPU to {@code preferred} (its IPC partner) when that one is ready at
 * the highest ready priority, otherwise to the head of that level; a thread that does not block
 * keeps the CPU unless a strictly higher priority is ready, in which case it goes back to the
 * <em>head</em> of its level.
 *
 * <p>Invariant: a thread is in at most one ready queue, at most once.
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
    private int queued;

    public Scheduler(KernelExec exec, TcbTable tcbs, KernelMemory memory) {
        this.exec = exec;
        this.tcbs = tcbs;
        this.wordBytes = exec.profile().wordBytes();
        this.table = memory.allocate(Purpose.TABLE, (long) PRIORITIES * 2 * wordBytes + wordBytes * 8L, 64);
    }

    private long headAddr(int prio) {
        return table + (long) prio * 2 * wordBytes;
    }

    private long bitmapAddr(int prio) {
        return table + (long) PRIORITIES * 2 * wordBytes + (prio / 32) * (long) wordBytes;
    }

    /** Appends {@code t} to its priority's queue. */
    public void enqueueTail(Tcb t) {
        int p = t.priority();
        int link = t.number() + 1;
        t.write(TcbLayout.Shared.READY_NEXT, 0);
        exec.load(headAddr(p) + wordBytes);
        if (tail[p] == 0) {
            head[p] = link;
            exec.store(headAddr(p));
            setBit(p);
        } else {
            tcbs.byNumber(tail[p] - 1).write(TcbLayout.Shared.READY_NEXT, link);
        }
        tail[p] = link;
        exec.store(headAddr(p) + wordBytes);
        queued++;
    }

    /** Puts {@code t} at the head of its priority's queue (a preempted thread keeps its turn). */
    public void enqueueHead(Tcb t) {
        int p = t.priority();
        int link = t.number() + 1;
        exec.load(headAddr(p));
        t.write(TcbLayout.Shared.READY_NEXT, head[p]);
        if (head[p] == 0) {
            tail[p] = link;
            exec.store(headAddr(p) + wordBytes);
            setBit(p);
        }
        head[p] = link;
        exec.store(headAddr(p));
        queued++;
    }

    private void setBit(int p) {
        nonEmpty.set(p);
        exec.store(bitmapAddr(p));
    }

    /** Removes {@code t} from its ready queue; returns whether it was there. */
    public boolean remove(Tcb t) {
        int p = t.priority();
        int link = t.number() + 1;
        exec.load(headAddr(p));
        int prev = 0;
        int cur = head[p];
        while (cur != 0) {
            Tcb c = tcbs.byNumber(cur - 1);
            int next = (int) c.read(TcbLayout.Shared.READY_NEXT);
            if (cur == link) {
                if (prev == 0) {
                    head[p] = next;
                    exec.store(headAddr(p));
                } else {
                    tcbs.byNumber(prev - 1).write(TcbLayout.Shared.READY_NEXT, next);
                }
                if (tail[p] == link) {
                    tail[p] = prev;
                    exec.store(headAddr(p) + wordBytes);
                }
                if (head[p] == 0) {
                    nonEmpty.clear(p);
                    exec.store(bitmapAddr(p));
                }
                queued--;
                return true;
            }
            prev = cur;
            cur = next;
        }
        return false;
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
        if (preferred != null && preferred.priority() == p && isQueued(preferred) && remove(preferred)) {
            return preferred;
        }
        Tcb t = tcbs.byNumber(head[p] - 1);
        remove(t);
        return t;
    }

    /** Whether a strictly higher priority than {@code current}'s is ready (kernel-exit preemption check). */
    public boolean shouldPreempt(Tcb current) {
        return highestReady() > current.priority();
    }

    /** Whether {@code t} is in a ready queue (Java-side check, no simulated access). */
    public boolean isQueued(Tcb t) {
        int p = t.priority();
        int link = t.number() + 1;
        for (int cur = head[p]; cur != 0; cur = (int) tcbs.byNumber(cur - 1).peek(TcbLayout.Shared.READY_NEXT)) {
            if (cur == link) {
                return true;
            }
        }
        return false;
    }

    /** Number of queued threads. */
    public int size() {
        return queued;
    }
}
