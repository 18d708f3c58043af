package org.stacklab.kernel.ipc;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.kernel.user.Utcb;

/**
 * The IPC rules all three models share (semantics.md §2–§5): argument decoding, partner lookup,
 * ready-to-receive, FIFO sender selection, the message transfer, and writing a thread's result. A
 * model composes these in its own control flow; it never re-implements them.
 *
 * <p>Every method charges its kernel work through the {@link KernelExec} (code block and memory
 * accesses) but pushes no stack frame: frames belong to the model's call structure.
 *
 * <p>The common contract the models follow (semantics.md §2.3, §6.6 and §6.7, [DECIDE] for stacklab):
 * <ol>
 *   <li>Send phase, partner ready ({@link #readyToReceiveFrom}): {@link #transfer} now; the receiver's
 *       IPC is complete; a WAITING receiver becomes READY at the tail of its ready queue, a
 *       RECV_PENDING one becomes READY where it already is.</li>
 *   <li>Send phase, partner not ready: Zero send timeout fails with send-phase TIMEOUT; otherwise the
 *       sender is appended to the partner's send queue (POLLING) and blocks.</li>
 *   <li>A receiver that finds a polling sender ({@link #selectSender}) dequeues it and performs the
 *       transfer itself. The sender's send phase is then complete: with no receive phase it becomes
 *       READY (send-only success, at the tail); with one it becomes RECV_PENDING (tail), matching
 *       senders as if waiting, and runs its receive phase when dispatched (mung {@code TS_R_RECV}).</li>
 *   <li>Receive phase with no sender: Zero receive timeout fails with receive-phase TIMEOUT; otherwise
 *       the thread blocks WAITING. A closed wait on an invalid thread fails at once with receive-phase
 *       NON_EXISTING.</li>
 *   <li>Who runs next: see {@link Scheduler}; a blocking thread prefers the partner it just made ready.</li>
 *   <li>Propagation (semantics.md §2.8) is part of these rules, not of a model: {@link #readyToReceiveFrom}
 *       and {@link #transfer} apply it; a RECV_PENDING thread's receive phase takes its FromSpecifier from
 *       PARTNER ({@link #pendingReceive}), which the propagation fixup may have redirected.</li>
 * </ol>
 *
 * <p>Timeouts (semantics.md §2.3, §6.7 invariants 1–2; {@link Timers}): the send deadline is fixed at
 * system call entry ({@link Args#entry()}, {@link #sendDeadline}); the receive deadline when the send
 * phase ends — by the thread itself when there is no send phase or its send completed actively, by the
 * receiver that completes a passive sender's send ({@link #fixReceiveDeadline}); {@link #receiveDeadline}
 * reads a deadline so fixed back. A thread blocks with a finite deadline through {@link Timers#arm};
 * whatever ends its wait clears it ({@link #transfer} for the receiving side, {@link #dequeueSender} for
 * the sending side, {@link #timeOut} in the timer interrupt).
 */
public final class Ipc {

    /**
     * Decoded IPC arguments (semantics.md §2.1) and {@code entry}, the cycle they were decoded at (the
     * system call entry, where the send deadline is fixed).
     */
    public record Args(ThreadId to, ThreadId fromSpec, Timeout send, Timeout receive, long entry) {
        public boolean hasSend() {
            return !to.isNil();
        }

        public boolean hasReceive() {
            return !fromSpec.isNil();
        }

        /** A closed wait (receive from one named thread). */
        public boolean closedWait() {
            return hasReceive() && !fromSpec.isWildcard();
        }

        /** These arguments with FromSpecifier {@code f}. */
        public Args withFromSpec(ThreadId f) {
            return new Args(to, f, send, receive, entry);
        }
    }

    private final Kernel kernel;
    private final KernelExec exec;
    private final KernelCounters counters;
    private final Timers timers;

    public Ipc(Kernel kernel) {
        this.kernel = kernel;
        this.exec = kernel.exec();
        this.counters = kernel.counters();
        this.timers = kernel.timers();
    }

    /**
     * The IPC arguments in {@code t}'s user registers ({@code r0} to, {@code r1} FromSpecifier,
     * {@code r2} Timeouts), stamped with the current cycle.
     */
    public Args args(Tcb t) {
        UserContext u = t.user();
        return new Args(ThreadId.of(u.reg(0)), ThreadId.of(u.reg(1)), Timeout.send(u.reg(2)), Timeout.receive(u.reg(2)),
                kernel.machine().clock().now());
    }

    /**
     * Whether waiting with {@code t} needs a deadline: a relative period other than Zero, or an absolute
     * point (one that has already passed gets a deadline of now, so it expires at the next timer check).
     */
    public static boolean finite(Timeout t) {
        return !t.isNever() && !t.isZero();
    }

    /**
     * The deadline of timeout {@code t} interpreted at cycle {@code from}: {@link Timeout#deadlineMicros}
     * at that moment (in whole µs of simulated time), as an offset added to {@code from}, at tick
     * resolution ({@link Timers#deadline}); {@code t} finite.
     */
    private long deadline(Timeout t, long from) {
        long nowMicros = (long) kernel.machine().profile().micros(from);
        long micros = t.deadlineMicros(nowMicros) - nowMicros;
        return timers.deadline(from, micros);
    }

    /** The send deadline of {@code a} (finite send timeout): fixed at system call entry (§2.3). */
    public long sendDeadline(Args a) {
        return deadline(a.send(), a.entry());
    }

    /**
     * The deadline of the receive phase {@code me} is starting, with receive timeout {@code rcv}: 0 for
     * Never and Zero (no deadline; a Zero timeout is the caller's test). For a finite period: the deadline
     * fixed when {@code me}'s send phase ended, if a receiver fixed one ({@code WAKEUP}, read and cleared:
     * a restarted stage keeps the absolute deadline, §6.7 invariant 2), else now + the period. The caller
     * fails at once if it has passed and no sender is there, otherwise arms it when blocking.
     */
    public long receiveDeadline(Tcb me, Timeout rcv) {
        if (!finite(rcv)) {
            return 0;
        }
        long fixed = me.read(TcbLayout.Shared.WAKEUP);
        if (fixed != 0) {
            me.write(TcbLayout.Shared.WAKEUP, 0);
            return fixed;
        }
        return deadline(rcv, kernel.machine().clock().now());
    }

    /** Whether {@code deadline} (non-zero) has passed. */
    public boolean expired(long deadline) {
        return deadline != 0 && deadline <= kernel.machine().clock().now();
    }

    /**
     * A receiver just completed passive sender {@code s}'s send phase and {@code s} has a receive phase
     * with timeout {@code rcv}: its receive deadline is fixed now (§2.3 "clock starts when the send phase
     * ends", also when {@code s} runs its receive phase later) and kept in {@code WAKEUP}.
     */
    public void fixReceiveDeadline(Tcb s, Timeout rcv) {
        if (finite(rcv)) {
            timers.setPending(s, deadline(rcv, kernel.machine().clock().now()));
        }
    }

    /**
     * The timer interrupt's loop over expired waits, shared by every model: each thread whose deadline
     * has passed, in deadline order, leaves its wait ({@link #timeOut}), is woken in the model's own
     * style by {@code wake} (given the phase that timed out), and joins the tail of its ready queue.
     */
    public void expireTimeouts(long now, java.util.function.BiConsumer<Tcb, ErrorCode.Phase> wake) {
        for (Tcb t = timers.popExpired(now); t != null; t = timers.popExpired(now)) {
            if (inXferFault(t)) {
                counters.timeouts++;
                Tcb copier = xferTimedOut(t);
                copier.setState(ThreadState.READY);
                kernel.scheduler().enqueueTail(copier);
                continue;
            }
            ErrorCode.Phase phase = timeOut(t);
            wake.accept(t, phase);
            t.setState(ThreadState.READY);
            kernel.scheduler().enqueueTail(t);
        }
    }

    /**
     * The shared half of an expired timeout, run by the timer interrupt for a thread {@link Timers#popExpired}
     * returned: a POLLING thread leaves its partner's send queue (the partner sees nothing, §2.7), a
     * WAITING one just stops waiting; {@code WAKEUP} is cleared. The caller writes the result in its
     * model's style and makes the thread READY.
     *
     * @return the phase the timeout belongs to
     */
    public ErrorCode.Phase timeOut(Tcb t) {
        counters.timeouts++;
        ThreadState s = t.state();
        if (s == ThreadState.POLLING) {
            Tcb owner = lookup(ThreadId.of(t.read(TcbLayout.Shared.PARTNER)), t);
            if (owner == null || !dequeueSender(owner, t)) {
                throw new IllegalStateException(t + " timed out POLLING but is not in its partner's send queue");
            }
            return ErrorCode.Phase.SEND;
        }
        if (s != ThreadState.WAITING) {
            throw new IllegalStateException(t + " timed out in state " + s);
        }
        timers.clear(t);
        return ErrorCode.Phase.RECEIVE;
    }

    /**
     * The shared half of an ExchangeRegisters abort (semantics.md §2.7, bits {@code s} and {@code r}):
     * with {@code send}, a POLLING thread leaves its partner's send queue (the partner sees nothing);
     * with {@code receive}, a WAITING thread stops waiting and a RECV_PENDING one leaves its ready queue
     * (its receive phase will not run). Its deadline ({@code WAKEUP}, the timer set) is cleared either
     * way. The caller writes CANCELED for the returned phase in its model's style — as for a timeout —
     * and makes the thread READY at the tail of its ready queue.
     *
     * @return the phase aborted, or {@code null} when {@code t} is in no phase the bits abort
     */
    public ErrorCode.Phase abort(Tcb t, boolean send, boolean receive) {
        ThreadState s = t.state();
        if (t.lockedIn() != null) {
            abortTransfer(t.lockedIn(), t, send, receive);
            return null; // the copier writes both results when it ends the transfer
        }
        if (send && s == ThreadState.POLLING) {
            Tcb owner = lookup(ThreadId.of(t.read(TcbLayout.Shared.PARTNER)), t);
            if (owner == null || !dequeueSender(owner, t)) {
                throw new IllegalStateException(t + " aborted POLLING but is not in its partner's send queue");
            }
            return ErrorCode.Phase.SEND;
        }
        if (receive && (s == ThreadState.WAITING || s == ThreadState.RECV_PENDING)) {
            if (s == ThreadState.RECV_PENDING && !kernel.scheduler().remove(t)) {
                throw new IllegalStateException(t + " is RECV_PENDING but not in a ready queue");
            }
            timers.clear(t);
            return ErrorCode.Phase.RECEIVE;
        }
        return null;
    }

    /** Looks up {@code id} as seen from {@code me}; {@code null} if it names no live thread. */
    public Tcb lookup(ThreadId id, Tcb me) {
        exec.run(KernelCode.LOOKUP);
        return kernel.tcbs().lookup(id, me);
    }

    /** The id under which {@code receiver} sees {@code sender}: local when they share a space (§2.6). */
    public long idAsSeenBy(Tcb sender, Tcb receiver) {
        return sender.space() == receiver.space() ? sender.localId().raw() : sender.globalId().raw();
    }

    /**
     * Whether {@code dst} is receiving and will accept {@code sender} (the thread making its send phase)
     * now: WAITING or RECV_PENDING, with partner anythread, the sender's global id, the sender's local
     * id (same space), or anylocalthread (same space) — semantics.md §2.4 — or, when the sender's tag
     * requests propagation and it is allowed ({@link #virtualSender}), the virtual sender's global id or
     * (same space as dst) its local id: the senderId of §2.3. The sender's MR0 is loaded only when dst
     * waits for some other thread.
     */
    public boolean readyToReceiveFrom(Tcb dst, Tcb sender) {
        exec.run(KernelCode.IPC_SEND);
        ThreadState s = dst.state();
        if (s != ThreadState.WAITING && s != ThreadState.RECV_PENDING) {
            return false;
        }
        ThreadId partner = ThreadId.of(dst.read(TcbLayout.Shared.PARTNER));
        if (accepts(dst, partner, sender)) {
            return true;
        }
        if (partner.isNil() || partner.isWildcard()) {
            return false;
        }
        Utcb utcb = sender.user().utcb();
        exec.load(utcb.mrAddress(0));
        if (!new MsgTag(utcb.mr(0)).propagated()) {
            return false;
        }
        Tcb v = virtualSender(sender, dst);
        return v != null && (partner.raw() == v.globalId().raw()
                || (v.space() == dst.space() && partner.raw() == v.localId().raw()));
    }

    /**
     * The virtual sender of {@code src}'s propagated send to {@code dst} (semantics.md §2.8, Pistachio
     * {@code ipc.cc}), or {@code null} when propagation is not allowed: the VirtualSender TCR (UTCB word
     * -6, loaded) must name a live thread as seen from {@code src} ({@link #lookup}: a global id with the
     * right version, or a local id of a thread in {@code src}'s space; nil and the wildcards are invalid),
     * and that thread must be in {@code src}'s space, or {@code dst} must be in {@code src}'s space. The
     * caller has seen the p bit in {@code src}'s tag. [DECIDE] Pistachio accepts only global ids here;
     * stacklab also accepts a valid local id (§1), so a forwarding server can name the client it received
     * from ({@code setvs r0}) whichever form {@code from} had.
     */
    public Tcb virtualSender(Tcb src, Tcb dst) {
        Utcb utcb = src.user().utcb();
        exec.load(utcb.virtualSenderAddress());
        ThreadId vs = ThreadId.of(utcb.virtualSender());
        if (vs.isNil() || vs.isWildcard()) {
            return null;
        }
        Tcb v = lookup(vs, src);
        if (v == null) {
            return null;
        }
        return v.space() == src.space() || dst.space() == src.space() ? v : null;
    }

    /**
     * The fixup of a propagation ({@code fixup_propagation} in Pistachio's {@code transfer_message}):
     * if virtual sender {@code v} is in a closed wait on the propagator {@code src} (WAITING, or
     * RECV_PENDING — logically waiting, §2.3 — with PARTNER = src's global id, or its local id in the
     * same space), its partner becomes {@code dst}'s global id, so {@code dst} can reply to it directly.
     * A RECV_PENDING thread's pending receive phase then runs with FromSpecifier = PARTNER; the model is
     * told ({@link org.stacklab.kernel.spi.KernelModel#pendingReceiveRedirected}) in case it keeps that
     * FromSpecifier elsewhere.
     */
    private void redirect(Tcb v, Tcb src, Tcb dst) {
        if (v == dst || v == src) {
            return;
        }
        ThreadState s = v.state();
        if (s != ThreadState.WAITING && s != ThreadState.RECV_PENDING) {
            return;
        }
        long partner = v.read(TcbLayout.Shared.PARTNER);
        if (partner == src.globalId().raw() || (v.space() == src.space() && partner == src.localId().raw())) {
            v.write(TcbLayout.Shared.PARTNER, dst.globalId().raw());
            counters.redirections++;
            if (s == ThreadState.RECV_PENDING) {
                kernel.model().pendingReceiveRedirected(v, dst.globalId());
            }
        }
    }

    /**
     * The arguments of {@code me}'s pending receive phase (RECV_PENDING; its send phase was completed by
     * a receiver): {@code a} with the FromSpecifier read back from PARTNER, which a propagation may have
     * redirected since ({@link #redirect}, semantics.md §2.8).
     */
    public Args pendingReceive(Tcb me, Args a) {
        return a.withFromSpec(pendingFromSpec(me));
    }

    /** The FromSpecifier of RECV_PENDING {@code me}'s pending receive phase: its PARTNER (loaded). */
    public ThreadId pendingFromSpec(Tcb me) {
        return ThreadId.of(me.read(TcbLayout.Shared.PARTNER));
    }

    private static boolean accepts(Tcb dst, ThreadId partner, Tcb sender) {
        boolean sameSpace = dst.space() == sender.space();
        return partner.isAny()
                || partner.raw() == sender.globalId().raw()
                || (sameSpace && partner.isAnyLocal())
                || (sameSpace && partner.raw() == sender.localId().raw());
    }

    /** Appends {@code sender} to {@code dst}'s send queue (FIFO by arrival, §2.4). */
    public void enqueueSender(Tcb dst, Tcb sender) {
        int link = sender.number() + 1;
        sender.write(TcbLayout.Shared.SEND_NEXT, 0);
        long tail = dst.read(TcbLayout.Shared.SEND_TAIL);
        if (tail == 0) {
            dst.write(TcbLayout.Shared.SEND_HEAD, link);
        } else {
            kernel.tcbs().byNumber((int) tail - 1).write(TcbLayout.Shared.SEND_NEXT, link);
        }
        dst.write(TcbLayout.Shared.SEND_TAIL, link);
    }

    /** Removes {@code sender} from {@code dst}'s send queue; returns whether it was queued there. */
    public boolean dequeueSender(Tcb dst, Tcb sender) {
        int link = sender.number() + 1;
        long prev = 0;
        long cur = dst.read(TcbLayout.Shared.SEND_HEAD);
        while (cur != 0) {
            Tcb c = kernel.tcbs().byNumber((int) cur - 1);
            long next = c.read(TcbLayout.Shared.SEND_NEXT);
            if (cur == link) {
                if (prev == 0) {
                    dst.write(TcbLayout.Shared.SEND_HEAD, next);
                } else {
                    kernel.tcbs().byNumber((int) prev - 1).write(TcbLayout.Shared.SEND_NEXT, next);
                }
                if (dst.read(TcbLayout.Shared.SEND_TAIL) == link) {
                    dst.write(TcbLayout.Shared.SEND_TAIL, prev);
                }
                sender.write(TcbLayout.Shared.SEND_NEXT, 0);
                timers.clear(sender); // its send phase no longer waits
                return true;
            }
            prev = cur;
            cur = next;
        }
        return false;
    }

    /**
     * The polling sender {@code me} should receive from now, or {@code null}: the head of the queue for
     * anythread, the first same-space sender for anylocalthread, the named thread (if queued) for a
     * closed wait. Does not dequeue.
     */
    public Tcb selectSender(Tcb me, ThreadId fromSpec) {
        exec.run(KernelCode.IPC_RECEIVE);
        long cur = me.read(TcbLayout.Shared.SEND_HEAD);
        while (cur != 0) {
            Tcb s = kernel.tcbs().byNumber((int) cur - 1);
            boolean match = fromSpec.isAny()
                    || (fromSpec.isAnyLocal() && s.space() == me.space())
                    || fromSpec.raw() == s.globalId().raw()
                    || (s.space() == me.space() && fromSpec.raw() == s.localId().raw());
            if (match) {
                return s;
            }
            cur = s.read(TcbLayout.Shared.SEND_NEXT);
        }
        return null;
    }

    /**
     * Why the last {@link #transfer} failed: the code each side gets (semantics.md §5.1: both partners,
     * each with its own phase bit) and the byte offset reached.
     */
    public record TransferFailure(ErrorCode senderCode, ErrorCode receiverCode, long offset) {
        /** The code for the side in {@code phase} (the sender's is SEND). */
        public ErrorCode code(ErrorCode.Phase phase) {
            return phase == ErrorCode.Phase.SEND ? senderCode : receiverCode;
        }
    }

    private TransferFailure lastFailure;

    /** Why the last {@link #transfer} returned {@code false}. */
    public TransferFailure transferFailure() {
        return lastFailure;
    }

    /**
     * Copies the message in {@code src}'s UTCB (MR0..MR(u+t)) into {@code dst}'s, clears the receive
     * flags in the tag, records {@code src} as {@code dst}'s partner ({@code ipc_from}), then carries
     * out the typed items ({@link TypedItems}, {@link Transfer}: map and grant items, string copies).
     * {@code dst}'s receive ends here either way, so its deadline is cleared first.
     *
     * <p>Propagation (semantics.md §2.8, §2.6): when the tag has the p bit, {@link #virtualSender}
     * decides. Allowed: {@code dst} records the virtual sender as its partner (local id when it is in
     * {@code dst}'s space), keeps p in the received tag, gets {@code src}'s global id in its ActualSender
     * TCR (UTCB word -6), and a virtual sender in a closed wait on {@code src} is redirected to
     * {@code dst} ({@link #redirect}). Not allowed: p is cleared, in {@code src}'s MR0 too (Pistachio
     * {@code current->set_tag}, so a send-only caller sees it in its returned tag), and the message is an
     * ordinary one from {@code src}.
     *
     * @return {@code false} if the transfer failed ({@link #transferFailure}: u + t + 1 > 64, an item the
     *         receiver does not accept, a string longer than its buffer, a page fault in a copy); both
     *         sides must fail with the codes and offset given there
     */
    public boolean transfer(Tcb src, Tcb dst) {
        Transfer x = startTransfer(src, dst);
        return endTransfer(x, x.run(kernel, Transfer.PreemptionPoint.NEVER));
    }

    /**
     * The first half of a transfer a model may have to interrupt: copies the message registers (as
     * {@link #transfer}) and decodes the typed items into a {@link Transfer}, which the model runs
     * ({@link #resumeTransfer}) until it is done or fails, and ends with {@link #endTransfer}. A run that
     * stops at a page fault ({@link #raiseXferFault}) or a preemption point ({@link #interruptTransfer})
     * is resumed later by the same copier, in the model's own style.
     */
    public Transfer startTransfer(Tcb src, Tcb dst) {
        if (exec.tracer() != null) {
            exec.tracer().transferStarting(src, dst, false);
        }
        exec.run(KernelCode.IPC_TRANSFER);
        boolean receiverWaiting = dst.peekState() == ThreadState.WAITING; // known from readyToReceiveFrom: not read again
        timers.clear(dst); // dst's receive ends here (delivered or failed): no deadline any more
        Utcb from = src.user().utcb();
        Utcb to = dst.user().utcb();
        exec.load(from.mrAddress(0));
        MsgTag tag = new MsgTag(from.mr(0));
        int words = tag.words();
        Transfer x;
        if (words + 1 > Utcb.MRS) {
            x = new Transfer(src, dst, new TypedItems.Plan(java.util.List.of(), true, 0, 0));
        } else {
            if (words > 0) {
                exec.loadWords(from.mrAddress(1), words);
                exec.storeWords(to.mrAddress(1), words);
                for (int i = 1; i <= words; i++) {
                    to.setMr(i, from.mr(i));
                }
            }
            Tcb origin = src;
            if (tag.propagated()) {
                Tcb v = virtualSender(src, dst);
                if (v == null) {
                    tag = tag.withoutPropagation();
                    exec.store(from.mrAddress(0));
                    from.setMr(0, tag.raw());
                } else {
                    origin = v; // may be src itself: still a propagated message
                }
            }
            exec.store(to.mrAddress(0));
            to.setMr(0, tag.received().raw());
            dst.write(TcbLayout.Shared.IPC_FROM, idAsSeenBy(origin, dst));
            if (tag.propagated()) {
                exec.store(to.virtualSenderAddress());
                to.setActualSender(src.globalId().raw());
                counters.propagations++;
                redirect(origin, src, dst);
            }
            counters.messages++;
            kernel.messageLedger().sent(src, dst);
            if (exec.tracer() != null) {
                exec.tracer().messageSent(src, dst);
            }
            x = new Transfer(src, dst, tag.typed() == 0 ? EMPTY : decode(tag, from, to));
            x.setCounted(true);
        }
        x.setReceiverWasWaiting(receiverWaiting);
        if (exec.tracer() != null) {
            exec.tracer().transferStarted(x);
        }
        return x;
    }

    private static final TypedItems.Plan EMPTY = new TypedItems.Plan(java.util.List.of(), false, 0, 0);

    /**
     * A restarted system call finds its transfer {@code earlier} in its exported state (stateless model,
     * Fluke §4): the typed items are decoded again from the sender's MRs and the receiver's BRs (the
     * set-up work redone, charged) and the new transfer continues at the recorded progress.
     */
    public Transfer restartTransfer(Transfer earlier) {
        Tcb src = earlier.source();
        Tcb dst = earlier.destination();
        Utcb from = src.user().utcb();
        if (exec.tracer() != null) {
            exec.tracer().transferStarting(src, dst, true);
        }
        exec.run(KernelCode.IPC_TRANSFER);
        exec.load(from.mrAddress(0));
        MsgTag tag = new MsgTag(from.mr(0));
        Transfer x = new Transfer(src, dst, tag.typed() == 0 || tag.words() + 1 > Utcb.MRS ? earlier.plan()
                : decode(tag, from, dst.user().utcb()));
        x.resumeAt(earlier);
        for (Tcb t : new Tcb[] {src, dst}) {
            if (t.lockedIn() == earlier) {
                t.setLockedIn(x);
            }
        }
        if (exec.tracer() != null) {
            exec.tracer().transferRestarted(earlier, x);
        }
        return x;
    }

    /** Runs {@code x} on from where it stopped, with the preemption points of the kernel's preemptibility. */
    public Transfer.Outcome resumeTransfer(Transfer x) {
        return x.run(kernel, preemptionPoint());
    }

    /**
     * The copy's preemption points (Fluke §5): none under {@code np}; every {@code preemptChunkBytes}
     * under {@code pp}; at every chunk (each page boundary) under {@code fp}. A point stops the copy when
     * the next interrupt is due.
     */
    public Transfer.PreemptionPoint preemptionPoint() {
        long every = switch (kernel.options().preemptibility()) {
            case NP -> 0;
            case PP -> kernel.options().preemptChunkBytes();
            case FP -> 1;
        };
        if (every == 0) {
            return Transfer.PreemptionPoint.NEVER;
        }
        return new Transfer.PreemptionPoint() {
            @Override
            public long everyBytes() {
                return every;
            }

            @Override
            public boolean interruptPending() {
                return kernel.nextEventCycle() <= kernel.machine().clock().now();
            }
        };
    }

    /**
     * Ends transfer {@code x} with outcome {@code o}: {@code true} when it was delivered, else the failure
     * for both sides is in {@link #transferFailure} (overflow with its offset; a page fault no pager can
     * resolve counts as an xfer timeout: 5 for the side whose space faulted, 6 for the other, §5.1).
     */
    public boolean endTransfer(Transfer x, Transfer.Outcome o) {
        if (exec.tracer() != null) {
            exec.tracer().transferEnded(x, o);
        }
        for (Tcb t : new Tcb[] {x.source(), x.destination()}) {
            if (t.lockedIn() == x) {
                t.setLockedIn(null);
            }
        }
        if (!(o instanceof Transfer.Done)) {
            // both sides fail: the message registers copied before do not make a message
            if (x.counted()) {
                kernel.messageLedger().withdrawn(x.source(), x.destination());
                counters.messages--;
                x.setCounted(false);
            }
        }
        switch (o) {
            case Transfer.Done d -> {
                return true;
            }
            case Transfer.Overflow v -> {
                lastFailure = new TransferFailure(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.MESSAGE_OVERFLOW, v.offset());
                return false;
            }
            case Transfer.Fault f -> {
                // a fault no pager resolves (none, or a Zero / expired xfer timeout) counts as an xfer timeout
                lastFailure = xferTimeout(x, f.faulter());
                return false;
            }
            case Transfer.TimedOut t -> {
                lastFailure = xferTimeout(x, t.faulter());
                return false;
            }
            case Transfer.Aborted a -> {
                lastFailure = new TransferFailure(ErrorCode.ABORTED, ErrorCode.ABORTED, x.offset());
                return false;
            }
            case Transfer.Preempted p -> throw new IllegalStateException("a transfer with no preemption point was preempted");
        }
    }

    /** Xfer timeout (semantics.md §4): the side whose space faulted gets 5, the other 6 (§5.1, MU's reading), at the offset reached. */
    private static TransferFailure xferTimeout(Transfer x, Tcb faulter) {
        boolean senderFaulted = faulter == x.source();
        return new TransferFailure(senderFaulted ? ErrorCode.XFER_TIMEOUT_OWN : ErrorCode.XFER_TIMEOUT_PARTNER,
                senderFaulted ? ErrorCode.XFER_TIMEOUT_PARTNER : ErrorCode.XFER_TIMEOUT_OWN, x.offset());
    }

    /** The result of {@link #raiseXferFault}: whether the pager Call was started, and the pager it made READY from WAITING (or null). */
    public record FaultCall(boolean started, Tcb woken) {
    }

    /** Words a page-fault Call during a copy saves: MR0..MR2, BR0 and IPC_FROM. */
    private static final int XFER_FAULT_SAVE_WORDS = 5;

    /**
     * The first time transfer {@code x} stops, its passive side(s) lock: the partner of the copier (and,
     * for a fault, the copier itself when another thread's space faulted) become XFER, in no queue — a
     * RECV_PENDING receiver leaves its ready queue and is enqueued at the tail when the transfer ends.
     */
    public void interruptTransfer(Transfer x, Tcb copier) {
        copier.setTransfer(x);
        x.source().setLockedIn(x);
        x.destination().setLockedIn(x);
        if (x.interrupted()) {
            return;
        }
        x.markInterrupted();
        Tcb partner = x.partnerOf(copier);
        if (partner.state() == ThreadState.RECV_PENDING && !kernel.scheduler().remove(partner)) {
            throw new IllegalStateException(partner + " is RECV_PENDING but not in a ready queue");
        }
        partner.setState(ThreadState.XFER);
    }

    /**
     * A page fault stopped transfer {@code x} run by {@code copier} (semantics.md §6.1, §6.7 "page fault
     * during a string copy"; Pistachio's tunnelled page fault): the thread whose space faulted sends its
     * pager a page-fault Call (label 0xFFE0 | rwx, MR1 = address, MR2 = its PC; BR0 = the complete space;
     * MR0..MR2, BR0 and IPC_FROM saved). The send phase runs here: a pager ready to receive gets the
     * message and is made READY through {@code wake} (as an interrupt delivery is), the faulting thread
     * then WAITING for the reply; otherwise it is queued POLLING on the pager. Either way its receive
     * half is atomic: when a receiver takes the message the thread waits at once. The copier waits too:
     * XFER when another thread faulted. Returns {@code started = false} (nothing changed) when the faulting
     * thread has no live pager: the caller ends the transfer with the fault.
     */
    public FaultCall raiseXferFault(Transfer x, Transfer.Fault f, Tcb copier, org.stacklab.kernel.irq.Interrupts.Wake wake) {
        Tcb t = f.faulter();
        Utcb utcb = t.user().utcb();
        exec.load(utcb.pagerAddress());
        ThreadId pagerId = ThreadId.of(utcb.pager());
        Tcb pager = pagerId.isNil() || pagerId.isWildcard() ? null : lookup(pagerId, t);
        if (pager == null || pager == t) {
            return new FaultCall(false, null);
        }
        long deadline = xferDeadline(x);
        if (deadline < 0) {
            return new FaultCall(false, null); // a Zero xfer timeout, or one already expired: fail at once
        }
        interruptTransfer(x, copier);
        if (exec.tracer() != null) {
            exec.tracer().transferFaulted(x, t, f.address());
        }
        exec.run(KernelCode.PAGE_FAULT);
        exec.loadWords(utcb.mrAddress(0), 3);
        exec.load(utcb.brAddress(0));
        exec.storeWords(t.base(), XFER_FAULT_SAVE_WORDS);
        t.setXferSaved(new long[] {utcb.mr(0), utcb.mr(1), utcb.mr(2), utcb.br(0), t.read(TcbLayout.Shared.IPC_FROM)});
        t.setXferCopier(copier);
        t.setXferLedger(new Object[] {t.inboundMessage(), t.inboundFrom(), t.sentMessage()});
        t.setInboundMessage(0, null);
        t.setSentMessage(0);
        exec.storeWords(utcb.mrAddress(0), 3);
        exec.store(utcb.brAddress(0));
        utcb.setMr(0, MsgTag.of((int) (PAGE_FAULT_LABEL | (f.access() & org.stacklab.kernel.space.Fpage.RWX)), 2, 0).raw());
        utcb.setMr(1, f.address());
        utcb.setMr(2, t.user().pc());
        utcb.setBr(0, org.stacklab.kernel.space.Fpage.COMPLETE.raw());
        if (copier != t) {
            copier.setState(ThreadState.XFER);
        }
        t.write(TcbLayout.Shared.PARTNER, pager.globalId().raw());
        if (deadline > 0) {
            timers.arm(t, deadline); // the xfer timeout covers the wait for the pager
        }
        if (readyToReceiveFrom(pager, t)) {
            boolean wasWaiting = pager.state() == ThreadState.WAITING;
            transfer(t, pager); // no typed items: cannot fail
            t.setState(ThreadState.WAITING);
            wake.delivered(pager, wasWaiting);
            return new FaultCall(true, wasWaiting ? pager : null);
        }
        enqueueSender(pager, t);
        t.setState(ThreadState.POLLING);
        return new FaultCall(true, null);
    }

    /**
     * The xfer timeout of transfer {@code x} at a page fault (semantics.md §4, Pistachio
     * {@code handle_xfer_timeouts}): armed at the first fault with the smaller of the sender's send-xfer
     * and the receiver's receive-xfer timeout (XferTimeouts TCRs, read and charged), it covers the rest of
     * the transfer. Returns 0 for no limit (both Never), -1 when the transfer must fail now (either Zero,
     * or the deadline has passed), else the deadline cycle.
     */
    private long xferDeadline(Transfer x) {
        long now = kernel.machine().clock().now();
        if (x.xferDeadline() == 0) {
            Utcb s = x.source().user().utcb();
            Utcb r = x.destination().user().utcb();
            exec.load(s.xferTimeoutsAddress());
            exec.load(r.xferTimeoutsAddress());
            Timeout snd = Timeout.send(s.xferTimeouts());
            Timeout rcv = Timeout.receive(r.xferTimeouts());
            if (snd.isZero() || rcv.isZero()) {
                return -1;
            }
            long nowMicros = (long) kernel.machine().profile().micros(now);
            long micros = Long.MAX_VALUE;
            if (finite(snd)) {
                micros = Math.min(micros, snd.deadlineMicros(nowMicros) - nowMicros);
            }
            if (finite(rcv)) {
                micros = Math.min(micros, rcv.deadlineMicros(nowMicros) - nowMicros);
            }
            if (micros == Long.MAX_VALUE) {
                return 0;
            }
            x.setXferDeadline(timers.deadline(now, Math.max(0, micros)));
        }
        return x.xferDeadline() <= now ? -1 : x.xferDeadline();
    }

    /**
     * ExchangeRegisters with {@code s} (on the sender) or {@code r} (on the receiver) reached a thread of
     * transfer {@code x}, which has stopped (a page fault or a preemption) and not ended (semantics.md
     * §2.7): a page-fault Call in progress is abandoned, the transfer is marked aborted and its copier made
     * READY (tail) if it was waiting; it ends the transfer with ABORTED (7) for both, at the offset reached.
     */
    private void abortTransfer(Transfer x, Tcb t, boolean send, boolean receive) {
        if (!((t == x.source() && send) || (t == x.destination() && receive))) {
            return;
        }
        x.abort();
        Tcb copier = x.source().transfer() == x ? x.source() : x.destination();
        for (Tcb f : new Tcb[] {x.source(), x.destination()}) {
            if (inXferFault(f)) {
                if (f.state() == ThreadState.POLLING) {
                    Tcb pager = lookup(ThreadId.of(f.read(TcbLayout.Shared.PARTNER)), f);
                    if (pager == null || !dequeueSender(pager, f)) {
                        throw new IllegalStateException(f + " is POLLING its pager but not in its send queue");
                    }
                }
                xferFaultResolved(f);
            }
        }
        ThreadState s = copier.state();
        if (s == ThreadState.XFER || s == ThreadState.WAITING || s == ThreadState.POLLING) {
            copier.setState(ThreadState.READY);
            kernel.scheduler().enqueueTail(copier);
        }
    }

    /**
     * The xfer timeout of the transfer {@code t} faulted in expired before its pager answered (the timer
     * interrupt, {@link #expireTimeouts}): the page-fault Call is abandoned — {@code t} leaves the pager's
     * send queue, or stops waiting for the reply; its state comes back — the transfer is marked timed out,
     * and the copier is returned, to be made READY: it ends the transfer with 5 / 6 for both sides.
     */
    private Tcb xferTimedOut(Tcb t) {
        if (t.state() == ThreadState.POLLING) {
            Tcb pager = lookup(ThreadId.of(t.read(TcbLayout.Shared.PARTNER)), t);
            if (pager == null || !dequeueSender(pager, t)) {
                throw new IllegalStateException(t + " timed out POLLING its pager but is not in its send queue");
            }
        }
        Tcb copier = t.xferCopier();
        Transfer x = copier.transfer();
        x.timedOut(t);
        xferFaultResolved(t);
        return copier;
    }

    /**
     * Whether {@code t} takes part in a string transfer that stopped (a page fault or a preemption point)
     * and has not ended: as its copier or its partner, a page-fault Call included.
     */
    public static boolean inStoppedTransfer(Tcb t) {
        return t.lockedIn() != null || t.transfer() != null;
    }

    /** Whether {@code t} is in a page-fault Call the kernel made for it during a string copy. */
    public static boolean inXferFault(Tcb t) {
        return t.xferCopier() != null;
    }

    /**
     * The pager's answer reached {@code t} (the reply was transferred into it: its map item is applied,
     * or it failed): {@code t}'s saved MR0..MR2, BR0 and IPC_FROM come back, it locks again (XFER) unless
     * it is the copier, and the copier is returned: the model makes it READY at the tail of its queue
     * (and prefers it, as a partner made READY from a wait), to go on with the copy in its own style.
     */
    public Tcb xferFaultResolved(Tcb t) {
        Utcb utcb = t.user().utcb();
        long[] saved = t.xferSaved();
        exec.run(KernelCode.USER_STATE_COPY);
        exec.loadWords(t.base(), XFER_FAULT_SAVE_WORDS);
        exec.storeWords(utcb.mrAddress(0), 3);
        exec.store(utcb.brAddress(0));
        for (int i = 0; i < 3; i++) {
            utcb.setMr(i, saved[i]);
        }
        utcb.setBr(0, saved[3]);
        t.write(TcbLayout.Shared.IPC_FROM, saved[4]);
        t.setXferSaved(null);
        // the pager's reply ends the page-fault Call (consumed here, not by t's own IPC); t's own IPC's
        // message bookkeeping comes back
        kernel.messageLedger().completed(t, t.inboundMessage() != 0);
        Object[] ledger = t.xferLedger();
        t.setInboundMessage((Long) ledger[0], (String) ledger[1]);
        t.setSentMessage((Long) ledger[2]);
        t.setXferLedger(null);
        Tcb copier = t.xferCopier();
        t.setXferCopier(null);
        timers.clear(t);
        if (copier != t) {
            t.setState(ThreadState.XFER);
        }
        if (exec.tracer() != null) {
            exec.tracer().transferFaultResolved(t, copier);
        }
        return copier;
    }

    /**
     * A receiver took the page-fault message of {@code s} (a thread in a page-fault Call during a copy):
     * its receive half begins at once (WAITING for the pager's reply, PARTNER already the pager).
     */
    public void xferFaultSent(Tcb s) {
        s.setState(ThreadState.WAITING);
        long deadline = s.xferCopier().transfer().xferDeadline();
        if (deadline > 0) {
            timers.arm(s, deadline); // dequeueSender cleared it: the xfer timeout still covers the wait for the reply
        }
    }

    /** Decodes the typed items (charged: one {@link KernelCode#TYPED_ITEM} block, the acceptor and every buffer register read). */
    private TypedItems.Plan decode(MsgTag tag, Utcb from, Utcb to) {
        exec.run(KernelCode.TYPED_ITEM);
        TypedItems.Plan plan = TypedItems.decode(tag, from, to);
        for (int b = 0; b <= plan.buffers(); b++) {
            exec.load(to.brAddress(b));
        }
        return plan;
    }


    /**
     * Completes {@code t}'s IPC successfully with the message in its UTCB: {@code r0} := its
     * {@code ipc_from}, {@code r1} := MR0; the PC moves past the system call. Any model may call this
     * for any thread (the stateless model writes a woken receiver's result from the sender's path).
     */
    public void complete(Tcb t) {
        exec.run(KernelCode.IPC_RESULT);
        if (exec.tracer() != null) {
            exec.tracer().resultWritten(t);
        }
        UserContext u = t.user();
        kernel.messageLedger().completed(t, t.peek(TcbLayout.Shared.IPC_FROM) != 0 && !new MsgTag(u.utcb().mr(0)).error());
        if (t.exceptionSaved() != null) {
            resumeFromException(t);
            return;
        }
        Utcb utcb = u.utcb();
        long from = t.read(TcbLayout.Shared.IPC_FROM);
        exec.load(utcb.mrAddress(0));
        long tag = utcb.mr(0);
        u.setReg(0, from);
        u.setReg(1, tag);
        MsgTag m = new MsgTag(tag);
        int words = from == 0 || m.error() ? 0 : Math.min(m.words(), Utcb.MRS - 1);
        finish(t, SyscallKind.IPC, from, tag, m.error() ? utcb.errorCode() : 0, words);
    }

    /** The exception message label: (-5 << 4) & 0xFFFF (semantics.md §3.1, x86 exception). */
    public static final long EXCEPTION_LABEL = (-5L << 4) & 0xFFFF;

    /** Words the exception save area holds: MR0..MR2 and r0..r2. */
    private static final int EXCEPTION_SAVE_WORDS = 6;

    /**
     * A user trap {@code number} at {@code t}'s PC (semantics.md §7 "Page fault → IPC", applied to a
     * software exception; Draves Table 3 "exception, retaken"). With a valid exception handler (the UTCB
     * ExceptionHandler TCR, as seen from {@code t}): saves MR0..MR2 and the IPC registers r0..r2 in the
     * TCB's save area (charged), synthesizes the exception message (MR0 = tag label
     * {@link #EXCEPTION_LABEL}, u = 2; MR1 = {@code number}; MR2 = the PC of the trap) and the arguments
     * of a Call to the handler (r0 = r1 = handler, r2 = never/never), and returns {@code true}: the
     * caller then runs the thread's IPC system call through the model's normal path, which blocks it in
     * the model's own style. When the Call completes ({@link #complete}, whoever writes it) the saved
     * state is restored, the PC moves past the trap, and nothing is observed: the user program made no
     * system call. Returns {@code false} (nothing saved) when no live thread is the handler: the thread
     * halts.
     */
    public boolean raiseException(Tcb t, long number) {
        UserContext u = t.user();
        Utcb utcb = u.utcb();
        exec.load(utcb.exceptionHandlerAddress());
        ThreadId handler = ThreadId.of(utcb.exceptionHandler());
        if (handler.isNil() || handler.isWildcard() || lookup(handler, t) == null) {
            return false;
        }
        counters.exceptions++;
        exec.run(KernelCode.USER_STATE_COPY);
        exec.loadWords(utcb.mrAddress(0), 3);
        exec.storeWords(t.base(), EXCEPTION_SAVE_WORDS);
        t.setExceptionSaved(new long[] {utcb.mr(0), utcb.mr(1), utcb.mr(2), u.reg(0), u.reg(1), u.reg(2)});
        exec.storeWords(utcb.mrAddress(0), 3);
        utcb.setMr(0, MsgTag.of((int) EXCEPTION_LABEL, 2, 0).raw());
        utcb.setMr(1, number);
        utcb.setMr(2, u.pc());
        u.setReg(0, handler.raw());
        u.setReg(1, handler.raw());
        u.setReg(2, 0); // Timeouts: never, never
        return true;
    }

    /** The page-fault message label: {@code (-2 << 4) & 0xFFFF}, or-ed with the rwx bits of the access (semantics.md §3.1). */
    public static final long PAGE_FAULT_LABEL = (-2L << 4) & 0xFFFF;

    /** Words the page-fault save area holds: MR0..MR2, r0..r2 and BR0. */
    private static final int PAGE_FAULT_SAVE_WORDS = 7;

    /**
     * A user page fault of {@code t} at {@code address} for an access needing {@code access} (semantics.md
     * §7, Pistachio {@code send_pagefault_ipc}): with a valid pager (the UTCB Pager TCR) saves MR0..MR2,
     * r0..r2 and BR0 in the TCB (charged), writes the fault message (label
     * {@link #PAGE_FAULT_LABEL}{@code | rwx}, u = 2, MR1 = the address, MR2 = the PC), sets BR0 to accept
     * mappings anywhere in the space (the complete fpage) and the arguments of a Call to the pager, and
     * returns {@code true}: the model runs it as the thread's IPC, exactly as for {@link #raiseException}.
     * When the Call completes the saved state comes back and the faulting instruction runs again (it
     * faults again if the pager did not map the page). Returns {@code false} when the thread has no
     * live pager: it halts.
     */
    public boolean raisePageFault(Tcb t, long address, int access) {
        UserContext u = t.user();
        Utcb utcb = u.utcb();
        exec.load(utcb.pagerAddress());
        ThreadId pager = ThreadId.of(utcb.pager());
        if (pager.isNil() || pager.isWildcard() || lookup(pager, t) == null) {
            return false;
        }
        counters.pageFaults++;
        exec.run(KernelCode.PAGE_FAULT);
        exec.loadWords(utcb.mrAddress(0), 3);
        exec.load(utcb.brAddress(0));
        exec.storeWords(t.base(), PAGE_FAULT_SAVE_WORDS);
        t.setExceptionSaved(new long[] {utcb.mr(0), utcb.mr(1), utcb.mr(2), u.reg(0), u.reg(1), u.reg(2), utcb.br(0)});
        t.setPageFaultSaved(true);
        exec.storeWords(utcb.mrAddress(0), 3);
        exec.store(utcb.brAddress(0));
        utcb.setMr(0, MsgTag.of((int) (PAGE_FAULT_LABEL | (access & org.stacklab.kernel.space.Fpage.RWX)), 2, 0).raw());
        utcb.setMr(1, address);
        utcb.setMr(2, u.pc());
        utcb.setBr(0, org.stacklab.kernel.space.Fpage.COMPLETE.raw());
        u.setReg(0, pager.raw());
        u.setReg(1, pager.raw());
        u.setReg(2, 0); // Timeouts: never, never
        return true;
    }

    /**
     * The exception or page-fault Call of {@code t} completed (the handler's or pager's reply, or a
     * failure): the saved MR0..MR2 and r0..r2 (and BR0 for a page fault) come back; after a trap the PC
     * moves past it, after a page fault it stays so the instruction runs again; the operation ends
     * without an observation.
     */
    private void resumeFromException(Tcb t) {
        UserContext u = t.user();
        Utcb utcb = u.utcb();
        long[] saved = t.exceptionSaved();
        boolean pageFault = t.pageFaultSaved();
        exec.run(KernelCode.USER_STATE_COPY);
        exec.loadWords(t.base(), saved.length);
        exec.storeWords(utcb.mrAddress(0), 3);
        for (int i = 0; i < 3; i++) {
            utcb.setMr(i, saved[i]);
            u.setReg(i, saved[3 + i]);
        }
        if (pageFault) {
            exec.store(utcb.brAddress(0));
            utcb.setBr(0, saved[6]);
        }
        t.setExceptionSaved(null);
        t.setPageFaultSaved(false);
        t.write(TcbLayout.Shared.IPC_FROM, 0);
        if (pageFault) {
            u.retryInstruction();
        } else {
            u.completeSyscall();
        }
        counters.ops++;
        kernel.machine().memory().endOperation();
    }

    /** Completes a send-only IPC (or {@code Ipc(nil, nil)}): {@code r0} := nil, {@code r1} := the tag as sent. */
    public void completeSendOnly(Tcb t) {
        t.write(TcbLayout.Shared.IPC_FROM, 0);
        complete(t);
    }

    /**
     * Fails {@code t}'s IPC: ErrorCode := {@code code} with phase and offset, MR0 := 0x8000,
     * {@code r0} := nil (semantics.md §5, [DECIDE] MR0 is always 0x8000).
     */
    public void fail(Tcb t, ErrorCode code, ErrorCode.Phase phase, long offset) {
        Utcb utcb = t.user().utcb();
        exec.store(utcb.errorCodeAddress());
        utcb.setErrorCode(code.encode(phase, offset));
        exec.store(utcb.mrAddress(0));
        utcb.setMr(0, MsgTag.ERROR_TAG);
        t.write(TcbLayout.Shared.IPC_FROM, 0);
        complete(t);
    }

    /** Completes a ThreadSwitch: nothing is returned; the PC moves on. */
    public void completeThreadSwitch(Tcb t) {
        exec.run(KernelCode.IPC_RESULT);
        UserContext u = t.user();
        finish(t, SyscallKind.THREAD_SWITCH, u.reg(0), 0, 0, 0);
    }

    private void finish(Tcb t, SyscallKind kind, long from, long tag, long errorCode, int words) {
        UserContext u = t.user();
        u.completeSyscall();
        u.observe(kind, from, tag, errorCode, words, kernel.machine().clock().now());
        counters.ops++;
        kernel.machine().memory().endOperation();
    }
}
