package org.stacklab.kernel.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;

/**
 * Structural invariants of the shared kernel state, checked after (or between) runs. They hold for
 * every model because every model keeps its threads in the shared {@link Scheduler} and the shared
 * send queues (see {@code org.stacklab.kernel.spi} package comment).
 *
 * <p>Each thread is in exactly one of these situations:
 * <ul>
 *   <li>{@link ThreadState#RUNNING}: it is {@link Kernel#current()}, in no queue;</li>
 *   <li>{@link ThreadState#READY} or {@link ThreadState#RECV_PENDING}: in the ready queues exactly once,
 *       in no send queue;</li>
 *   <li>{@link ThreadState#POLLING}: in exactly one send queue, once, and that queue belongs to the thread
 *       its {@code PARTNER} field names; not in the ready queues;</li>
 *   <li>{@link ThreadState#WAITING}: in no queue, with a non-nil {@code PARTNER} (its FromSpecifier);</li>
 *   <li>{@link ThreadState#HALTED}: in no queue, and its user context says halted.</li>
 *   <li>{@link ThreadState#STOPPED}: in no queue.</li>
 *   <li>{@link ThreadState#DELETED}: in no queue, not in the TCB table, no senders queued on it.</li>
 * </ul>
 * Every send queue holds only POLLING threads, has no cycle, and its tail word names its last element.
 * Every live thread is in the TCB table under its number (no thread lost), and {@code kernel.current()}
 * is RUNNING. A WAITING or POLLING thread must have a wake-up cause ({@link #wakeUpCause}): a partner that
 * may still send or receive, a deadline, an interrupt source; a Never timeout whose partner can no
 * longer answer is accepted only as "blocked forever" (the quiescent end state), and a lost wake-up (an
 * accepted sender queued on a waiting receiver), a closed wait on a thread that does not exist or a nil
 * partner are violations. Messages ({@link MessageLedger}): none lost, none duplicated. Kernel stacks:
 * none holds more than its size.
 * Timeouts ({@link Timers}): every POLLING or WAITING thread with a deadline ({@code WAKEUP != 0}) is in
 * the timer set exactly once, keyed by that deadline; no other thread is in it; a HALTED thread has no
 * deadline. {@link #snapshot} records the partner and the deadline of each. Device interrupts
 * ({@link org.stacklab.kernel.irq.Interrupts}): no interrupt is pending while its handler is WAITING in
 * a receive that accepts it (that would be a lost wake-up).
 *
 * <p>Invariant of this class: it reads kernel state only through {@code peek} methods and Java-side
 * queries ({@link Scheduler#isQueued}, {@link Scheduler#size}); it makes no simulated memory access, so
 * checking a run never changes its figures.
 */
public final class KernelInvariants {

    private KernelInvariants() {
    }

    /** Every violated invariant, one readable line each; empty when the kernel state is consistent. */
    public static List<String> violations(Kernel k) {
        List<String> out = new ArrayList<>();
        List<Tcb> threads = k.threads();
        Scheduler scheduler = k.scheduler();
        Tcb current = k.current();

        Map<Tcb, List<Tcb>> sendQueueOwners = sendQueueMembership(k, threads, out);
        timerMembership(k, threads, out);
        pendingInterrupts(k, out);
        fpu(k, threads, out);
        out.addAll(k.messageLedger().violations(k));
        out.addAll(k.model().invariantViolations(k));
        stacks(k, out);
        Senders senders = Senders.of(threads);
        for (Tcb t : threads) {
            wakeUpCause(k, t, threads, senders, out);
        }

        int running = 0;
        int readyStates = 0;
        int queuedThreads = 0;
        for (Tcb t : threads) {
            ThreadState s = t.peekState();
            boolean queued = scheduler.isQueued(t);
            if (queued) {
                queuedThreads++;
            }
            List<Tcb> owners = sendQueueOwners.getOrDefault(t, List.of());
            switch (s) {
                case RUNNING -> {
                    running++;
                    if (current != t) {
                        out.add(t + " is RUNNING but kernel.current() is " + current);
                    }
                    if (queued) {
                        out.add(t + " is RUNNING but sits in a ready queue");
                    }
                }
                case READY, RECV_PENDING -> {
                    readyStates++;
                    if (!queued) {
                        out.add(t + " is " + s + " but is not in its ready queue (priority " + t.priority() + ")");
                    }
                }
                case POLLING -> {
                    if (queued) {
                        out.add(t + " is POLLING but sits in a ready queue");
                    }
                    if (owners.isEmpty()) {
                        out.add(t + " is POLLING but is in no send queue");
                    } else if (owners.size() > 1) {
                        out.add(t + " is POLLING but appears " + owners.size() + " times in send queues: " + owners);
                    } else {
                        long partner = t.peek(TcbLayout.Shared.PARTNER);
                        Tcb named = resolve(k, t, ThreadId.of(partner));
                        if (named != owners.get(0)) {
                            out.add(t + " is POLLING in " + owners.get(0) + "'s send queue but its PARTNER "
                                    + ThreadId.of(partner) + " names " + named);
                        }
                    }
                }
                case WAITING -> {
                    if (queued) {
                        out.add(t + " is WAITING but sits in a ready queue");
                    }
                }
                case DELETED -> {
                    if (queued) {
                        out.add(t + " is DELETED but sits in a ready queue");
                    }
                    if (k.tcbs().byNumber(t.number()) == t) {
                        out.add(t + " is DELETED but still in the TCB table");
                    }
                    if (t.peek(TcbLayout.Shared.SEND_HEAD) != 0) {
                        out.add(t + " is DELETED but has senders queued");
                    }
                }
                case XFER -> {
                    if (queued) {
                        out.add(t + " is XFER but sits in a ready queue");
                    }
                    boolean inTransfer = false;
                    for (Tcb c : threads) {
                        org.stacklab.kernel.ipc.Transfer x = c.transfer();
                        if (x != null && (x.source() == t || x.destination() == t)) {
                            inTransfer = true;
                        }
                    }
                    if (!inTransfer) {
                        out.add(t + " is XFER but no copier holds a transfer with it (no wake-up cause)");
                    }
                }
                case STOPPED -> {
                    if (queued) {
                        out.add(t + " is STOPPED but sits in a ready queue");
                    }
                }
                case HALTED -> {
                    if (queued) {
                        out.add(t + " is HALTED but sits in a ready queue");
                    }
                    if (!t.user().halted()) {
                        out.add(t + " is HALTED but its user context has not halted (pc " + t.user().pc() + ")");
                    }
                }
            }
            if (s != ThreadState.POLLING && !owners.isEmpty()) {
                out.add(t + " is " + s + " but is queued in the send queue of " + owners);
            }
            if (s != ThreadState.HALTED && s != ThreadState.DELETED && t.user().halted()) {
                out.add(t + " has halted in user mode but its state is " + s);
            }
            if (s != ThreadState.DELETED && k.tcbs().byNumber(t.number()) != t) {
                out.add(t + " is " + s + " but the TCB table does not hold it under its number " + t.number() + " (a lost thread)");
            }
        }
        if (current != null && current.peekState() != ThreadState.RUNNING) {
            out.add("kernel.current() is " + current + " but its state is " + current.peekState());
        }
        if (running > 1) {
            out.add(running + " threads are RUNNING on one CPU");
        }
        if (queuedThreads != scheduler.size()) {
            out.add("the scheduler counts " + scheduler.size() + " queued entries but " + queuedThreads
                    + " distinct threads are in its queues (a thread queued twice, or a lost link)");
        }
        if (readyStates != queuedThreads) {
            out.add(readyStates + " threads are READY/RECV_PENDING but " + queuedThreads + " are in the ready queues");
        }
        if (current != null && !threads.contains(current)) {
            out.add("kernel.current() is " + current + ", which is not one of the kernel's threads");
        }
        return out;
    }

    /**
     * Lazy FPU (semantics.md §7): the owner is a live thread with a save area; the FPU is enabled only for
     * the current thread; deleted threads hold no save area; the FPU kernel memory is exactly the live areas.
     */
    private static void fpu(Kernel k, List<Tcb> threads, List<String> out) {
        org.stacklab.kernel.fpu.Fpu fpu = k.fpu();
        Tcb owner = fpu.owner();
        if (owner != null && (owner.peekState() == ThreadState.DELETED || owner.fpuArea() < 0)) {
            out.add("FPU owner " + owner + " is " + owner.peekState() + " with save area " + owner.fpuArea());
        }
        if (fpu.enabled() && owner != k.current()) {
            out.add("the FPU is enabled for " + owner + " but " + k.current() + " is current");
        }
        long areas = 0;
        for (Tcb t : threads) {
            if (t.fpuArea() >= 0) {
                if (t.peekState() == ThreadState.DELETED) {
                    out.add(t + " is DELETED but still holds an FPU save area");
                }
                areas++;
            }
        }
        long bytes = k.machine().kernelMemory().reserved(org.stacklab.machine.memory.Purpose.FPU);
        if (bytes != areas * k.machine().profile().fpuStateBytes()) {
            out.add("FPU kernel memory is " + bytes + " bytes but " + areas + " threads hold a save area of "
                    + k.machine().profile().fpuStateBytes());
        }
    }

    /** A pending interrupt whose handler waits in a receive that accepts it was never delivered. */
    private static void pendingInterrupts(Kernel k, List<String> out) {
        for (org.stacklab.kernel.irq.Interrupts.SourceState q : k.interrupts().sources()) {
            Tcb h = q.handler();
            if (q.pending() && h.peekState() == ThreadState.WAITING) {
                ThreadId partner = ThreadId.of(h.peek(TcbLayout.Shared.PARTNER));
                if (partner.isAny() || partner.raw() == org.stacklab.kernel.irq.Interrupts.idOf(q.irq()).raw()) {
                    out.add("irq " + q.irq() + " is pending but its handler " + h + " is WAITING for it (partner " + partner + ")");
                }
            }
        }
    }

    /** Throws {@link IllegalStateException} listing every violation (and a state snapshot), if any. */
    public static void check(Kernel k) {
        List<String> v = violations(k);
        if (!v.isEmpty()) {
            throw new IllegalStateException("kernel invariants violated (model " + k.model().name() + "):\n  - "
                    + String.join("\n  - ", v) + "\nthread states:\n" + snapshot(k));
        }
    }

    /**
     * One line per thread: name, id, state, the partner it waits for or sends to, its send queue, and
     * whether it is in a ready queue. Reads only through {@code peek}.
     */
    public static String snapshot(Kernel k) {
        StringBuilder sb = new StringBuilder();
        List<Tcb> threads = k.threads();
        Senders senders = Senders.of(threads);
        for (Tcb t : threads) {
            ThreadState s = t.peekState();
            sb.append("  ").append(t).append(' ').append(s);
            if (s == ThreadState.POLLING || s == ThreadState.WAITING || s == ThreadState.RECV_PENDING) {
                sb.append(" partner=").append(ThreadId.of(t.peek(TcbLayout.Shared.PARTNER)));
                if (s == ThreadState.RECV_PENDING) {
                    long wakeup = t.peek(TcbLayout.Shared.WAKEUP);
                    sb.append(wakeup == 0 ? "" : " receive deadline " + wakeup + " (pending)");
                } else {
                    sb.append(" wake-up=").append(wakeUpCause(k, t, threads, senders, new ArrayList<>()));
                }
            }
            List<String> queue = new ArrayList<>();
            int guard = threads.size() + 1;
            for (long cur = t.peek(TcbLayout.Shared.SEND_HEAD); cur != 0 && guard-- > 0; ) {
                Tcb q = k.tcbs().byNumber((int) cur - 1);
                if (q == null) {
                    queue.add("?" + (cur - 1));
                    break;
                }
                queue.add(q.name());
                cur = q.peek(TcbLayout.Shared.SEND_NEXT);
            }
            if (!queue.isEmpty()) {
                sb.append(" sendQueue=").append(queue);
            }
            if (k.scheduler().isQueued(t)) {
                sb.append(" (ready-queued)");
            }
            if (k.current() == t) {
                sb.append(" (current)");
            }
            sb.append(" pc=").append(t.user().pc()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Why blocked thread {@code t} (WAITING or POLLING) can still run again, as the snapshot shows it,
     * or {@code null} for a thread that is not blocked. Adds a violation to {@code out} when it has no
     * wake-up cause, or lost one:
     * <ul>
     *   <li>a deadline ({@code WAKEUP}, a finite timeout: the timer interrupt ends the wait);</li>
     *   <li>an interrupt source: a closed wait on {@code irq(N)} the thread handles, with firings left;</li>
     *   <li>a partner: the thread it sends to, or the thread its closed wait names, still alive and
     *       not halted; for an open wait (anythread, anylocalthread), any thread that may still send;</li>
     *   <li>"blocked forever": a wait with timeout Never whose partner can no longer answer (halted,
     *       itself, an interrupt source that fires no more, no thread left that can send). Accepted —
     *       it is what the user program asked for, e.g. a server left waiting at the end of a run — and
     *       reported as such.</li>
     * </ul>
     * Violations: a WAITING thread with partner nil; a closed wait on a thread that does not exist (a
     * deletion or the receive phase must have failed it with NON_EXISTING); a WAITING thread with a
     * sender it accepts POLLING in its own send queue (a lost wake-up: the rendezvous never happened).
     */
    static String wakeUpCause(Kernel k, Tcb t, List<String> out) {
        List<Tcb> threads = k.threads();
        return wakeUpCause(k, t, threads, Senders.of(threads), out);
    }

    /**
     * The threads that may still send (neither HALTED nor DELETED): the first two overall and per address
     * space, so "is there one other than me" costs O(1) per thread, also with 100,000 threads.
     */
    private record Senders(List<Tcb> any, Map<org.stacklab.kernel.user.AddressSpace, List<Tcb>> bySpace) {
        static Senders of(List<Tcb> threads) {
            List<Tcb> any = new ArrayList<>(2);
            Map<org.stacklab.kernel.user.AddressSpace, List<Tcb>> bySpace = new IdentityHashMap<>();
            for (Tcb t : threads) {
                ThreadState s = t.peekState();
                if (s == ThreadState.HALTED || s == ThreadState.DELETED) {
                    continue;
                }
                if (any.size() < 2) {
                    any.add(t);
                }
                List<Tcb> local = bySpace.computeIfAbsent(t.space(), x -> new ArrayList<>(2));
                if (local.size() < 2) {
                    local.add(t);
                }
            }
            return new Senders(any, bySpace);
        }

        /** A thread other than {@code t} that may still send to it, or {@code null}. */
        Tcb other(Tcb t, boolean sameSpaceOnly) {
            for (Tcb c : sameSpaceOnly ? bySpace.getOrDefault(t.space(), List.of()) : any) {
                if (c != t) {
                    return c;
                }
            }
            return null;
        }
    }

    private static String wakeUpCause(Kernel k, Tcb t, List<Tcb> threads, Senders senders, List<String> out) {
        ThreadState s = t.peekState();
        if (s != ThreadState.WAITING && s != ThreadState.POLLING) {
            return null;
        }
        ThreadId partner = ThreadId.of(t.peek(TcbLayout.Shared.PARTNER));
        long wakeup = t.peek(TcbLayout.Shared.WAKEUP);
        String deadline = wakeup == 0 ? null : "deadline " + wakeup + (k.timers().contains(t) ? " (armed)" : " (not armed)");
        if (s == ThreadState.POLLING) {
            Tcb owner = resolve(k, t, partner); // send-queue consistency is checked in violations()
            if (deadline != null) {
                return deadline;
            }
            if (owner == null) {
                return "none (sends to " + partner + ", which names no live thread)";
            }
            return owner.peekState() == ThreadState.HALTED ? "blocked forever (timeout Never; sends to " + owner + ", which has halted)"
                    : "partner " + owner + " (" + owner.peekState() + ") receiving from it";
        }
        if (partner.isNil()) {
            out.add(t + " is WAITING with PARTNER nil: nothing can ever wake it (no wake-up cause)");
            return "none (partner nil)";
        }
        for (long cur = t.peek(TcbLayout.Shared.SEND_HEAD), guard = threads.size(); cur != 0 && guard-- > 0; ) {
            Tcb sender = k.tcbs().byNumber((int) cur - 1);
            if (sender == null) {
                break;
            }
            if (accepts(t, partner, sender)) {
                out.add(t + " is WAITING for " + partner + " but " + sender + ", which it accepts, is POLLING in its send queue: "
                        + "a lost wake-up (the rendezvous never happened)");
                break;
            }
            cur = sender.peek(TcbLayout.Shared.SEND_NEXT);
        }
        if (deadline != null) {
            return deadline;
        }
        if (partner.isAny() || partner.isAnyLocal()) {
            Tcb other = senders.other(t, partner.isAnyLocal());
            if (other != null) {
                return "any sender (" + other + " and others may still send)";
            }
            for (org.stacklab.kernel.irq.Interrupts.SourceState q : k.interrupts().sources()) {
                if (q.handler() == t && partner.isAny() && (q.pending() || q.nextFiring() != Long.MAX_VALUE)) {
                    return "interrupt irq " + q.irq();
                }
            }
            return "blocked forever (timeout Never; open wait and no thread left that can send)";
        }
        if (k.interrupts().isSourceOf(partner, t)) {
            for (org.stacklab.kernel.irq.Interrupts.SourceState q : k.interrupts().sources()) {
                if (org.stacklab.kernel.irq.Interrupts.idOf(q.irq()).raw() == partner.raw()) {
                    return q.pending() || q.nextFiring() != Long.MAX_VALUE ? "interrupt irq " + q.irq()
                            : "blocked forever (timeout Never; irq " + q.irq() + " fires no more)";
                }
            }
        }
        Tcb named = resolve(k, t, partner);
        if (named == null) {
            out.add(t + " is WAITING for " + partner + ", which names no live thread: a closed wait on a deleted or invalid thread "
                    + "must fail with NON_EXISTING (no wake-up cause)");
            return "none (" + partner + " names no live thread)";
        }
        if (named == t) {
            return "blocked forever (timeout Never; waits for itself: a Sleep without end)";
        }
        return named.peekState() == ThreadState.HALTED ? "blocked forever (timeout Never; waits for " + named + ", which has halted)"
                : "partner " + named + " (" + named.peekState() + ") that may still send";
    }

    /** Whether a receiver {@code dst} waiting with FromSpecifier {@code partner} accepts {@code sender} (semantics.md §2.4). */
    private static boolean accepts(Tcb dst, ThreadId partner, Tcb sender) {
        boolean sameSpace = dst.space() == sender.space();
        return partner.isAny() || partner.raw() == sender.globalId().raw() || (sameSpace && partner.isAnyLocal())
                || (sameSpace && partner.raw() == sender.localId().raw());
    }

    /** Every blocked thread and its wake-up cause ({@link #wakeUpCause}), in thread order. */
    public static Map<Tcb, String> wakeUpCauses(Kernel k) {
        Map<Tcb, String> out = new java.util.LinkedHashMap<>();
        List<Tcb> threads = k.threads();
        Senders senders = Senders.of(threads);
        for (Tcb t : threads) {
            String cause = wakeUpCause(k, t, threads, senders, new ArrayList<>());
            if (cause != null) {
                out.put(t, cause);
            }
        }
        return out;
    }

    /**
     * Kernel stacks: no stack holds more bytes than its size (a push past it throws
     * {@link org.stacklab.kernel.stack.KernelStackOverflowException} with the call chain; this catches a
     * meter that disagrees), reported with the frames on it.
     */
    private static void stacks(Kernel k, List<String> out) {
        for (org.stacklab.kernel.stack.KernelStack st : k.stacks().stacks()) {
            if (st.depth() < 0 || st.depth() > st.size()) {
                out.add("kernel stack " + st.name() + " overflowed: " + st.depth() + " bytes in use of " + st.size()
                        + "; call chain: " + String.join(" > ", st.frames()));
            }
        }
    }

    /** The timer set against the {@code WAKEUP} fields and states (Java-side and {@code peek} only). */
    private static void timerMembership(Kernel k, List<Tcb> threads, List<String> out) {
        Timers timers = k.timers();
        Map<Tcb, Integer> times = new IdentityHashMap<>();
        for (Tcb t : timers.inOrder()) {
            times.merge(t, 1, Integer::sum);
        }
        for (Tcb t : threads) {
            ThreadState s = t.peekState();
            long wakeup = t.peek(TcbLayout.Shared.WAKEUP);
            int n = times.getOrDefault(t, 0);
            if (s == ThreadState.POLLING || s == ThreadState.WAITING) {
                if (wakeup != 0 && n != 1) {
                    out.add(t + " is " + s + " with deadline " + wakeup + " but is in the timer set " + n + " times (must be once)");
                } else if (wakeup != 0 && timers.keyOf(t) != wakeup) {
                    out.add(t + " is " + s + " with deadline " + wakeup + " but the timer set has it at " + timers.keyOf(t));
                } else if (wakeup == 0 && n != 0) {
                    out.add(t + " is " + s + " without a deadline but is in the timer set");
                }
            } else if (n != 0) {
                out.add(t + " is " + s + " but is in the timer set (only blocked threads wait for a deadline)");
            }
            if (s == ThreadState.HALTED && wakeup != 0) {
                out.add(t + " is HALTED but still has a deadline " + wakeup);
            }
        }
        if (timers.nextEvent() != (timers.size() == 0 ? Long.MAX_VALUE : timers.keyOf(timers.inOrder().get(0)))) {
            out.add("the timer's next event " + timers.nextEvent() + " is not the earliest deadline in its set");
        }
    }

    /** Walks every send queue with {@code peek}; returns, per queued thread, the owners of the queues it is in. */
    private static Map<Tcb, List<Tcb>> sendQueueMembership(Kernel k, List<Tcb> threads, List<String> out) {
        Map<Tcb, List<Tcb>> owners = new IdentityHashMap<>();
        for (Tcb owner : threads) {
            long head = owner.peek(TcbLayout.Shared.SEND_HEAD);
            long tail = owner.peek(TcbLayout.Shared.SEND_TAIL);
            long last = 0;
            int steps = 0;
            long cur = head;
            while (cur != 0) {
                if (++steps > threads.size()) {
                    out.add("send queue of " + owner + " has a cycle (more than " + threads.size() + " links)");
                    break;
                }
                Tcb member = k.tcbs().byNumber((int) cur - 1);
                if (member == null) {
                    out.add("send queue of " + owner + " links to thread number " + (cur - 1) + ", which does not exist");
                    break;
                }
                owners.computeIfAbsent(member, x -> new ArrayList<>()).add(owner);
                last = cur;
                cur = member.peek(TcbLayout.Shared.SEND_NEXT);
            }
            if (steps <= threads.size() && tail != last) {
                out.add("send queue of " + owner + ": SEND_TAIL is " + link(k, tail) + " but the last element is " + link(k, last));
            }
        }
        return owners;
    }

    private static String link(Kernel k, long link) {
        if (link == 0) {
            return "none";
        }
        Tcb t = k.tcbs().byNumber((int) link - 1);
        return t == null ? "thread number " + (link - 1) : t.toString();
    }

    /** The thread {@code id} names as seen from {@code asker}, resolved without simulated accesses. */
    private static Tcb resolve(Kernel k, Tcb asker, ThreadId id) {
        if (id.isNil() || id.isWildcard()) {
            return null;
        }
        if (id.isLocal()) {
            for (Tcb t : k.threads()) {
                if (t.space() == asker.space() && t.localId().raw() == id.raw()) {
                    return t;
                }
            }
            return null;
        }
        Tcb t = k.tcbs().byNumber(id.number());
        return t != null && t.globalId().raw() == id.raw() ? t : null;
    }
}
