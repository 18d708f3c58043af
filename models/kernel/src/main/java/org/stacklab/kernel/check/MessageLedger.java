package org.stacklab.kernel.check;

import java.util.ArrayList;
import java.util.List;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;

/**
 * Proof that no message is lost or duplicated: every message the kernel transfers gets a sequence
 * number at the send side and must be consumed exactly once at the receive side.
 *
 * <p>The events, reported by the shared kernel code every model uses:
 * <ul>
 *   <li>{@link #sent}: {@code Ipc.transfer} copied a thread's message (a request, a reply, an exception
 *       message) into the receiver's UTCB; {@link #sentInterrupt}: a device interrupt's message. The
 *       message gets the next sequence number; it is now <em>in flight</em> to the receiver
 *       ({@link Tcb#inboundMessage}). A sender's one IPC system call sends at most one message
 *       ({@link Tcb#sentMessage}): a second one before that call completes is a duplicated send (a send
 *       phase that ran twice, e.g. a restart that re-executed it).</li>
 *   <li>{@link #completed}: the receiver's IPC completed ({@code Ipc.complete}, whoever writes it). With
 *       a message ({@code from} not nil, no error) the message in flight is <em>delivered</em>; when
 *       none is in flight, a message was delivered twice (or never sent). Without one (an error, a
 *       send-only IPC), a message still in flight is lost. A message arriving while another is still in
 *       flight to the same thread overwrote it: lost.</li>
 *   <li>{@link #discarded}: ThreadControl deleted a thread with a message in flight to it (legitimate:
 *       it dies with its receiver).</li>
 * </ul>
 * After a run ({@link #violations}): every event violation, and the books must balance:
 * {@code sent = delivered + discarded + in flight}, where a message may still be in flight only to a
 * thread that is READY or RUNNING (it completes its receive when it runs; a run stopped by the cycle
 * limit can leave one), and {@code sent} equals the kernel's {@code messages} counter (a transfer that
 * bypassed the ledger shows there).
 *
 * <p>Invariant: Java-side bookkeeping only; it makes no simulated memory access, so it never changes a
 * run's figures.
 */
public final class MessageLedger {
    /** Event violations kept in full; more are only counted. */
    static final int MAX_KEPT = 20;

    private long sent;
    private long delivered;
    private long discarded;
    private long eventViolations;
    private final List<String> violations = new ArrayList<>();

    /** {@code src}'s message is now in {@code dst}'s UTCB (a thread-to-thread transfer). */
    public void sent(Tcb src, Tcb dst) {
        long seq = ++sent;
        long before = src.sentMessage();
        if (before != 0) {
            violation(src + " sent message #" + seq + " to " + dst + " within the same IPC system call as message #" + before
                    + ": its send phase ran twice (duplicated message)");
        }
        src.setSentMessage(seq);
        arrive(seq, src.toString(), dst);
    }

    /**
     * The transfer from {@code src} to {@code dst} failed after its message registers were copied (a
     * typed item overflowed, or a copy fault no pager resolved): both sides fail, so no message was sent.
     */
    public void withdrawn(Tcb src, Tcb dst) {
        if (src.sentMessage() != 0 && dst.inboundMessage() == src.sentMessage()) {
            sent--;
            src.setSentMessage(0);
            dst.setInboundMessage(0, null);
        }
    }

    /** The message of device interrupt {@code irq} is now in handler {@code dst}'s UTCB. */
    public void sentInterrupt(int irq, Tcb dst) {
        arrive(++sent, "irq " + irq, dst);
    }

    private void arrive(long seq, String from, Tcb dst) {
        long pending = dst.inboundMessage();
        if (pending != 0) {
            violation("message #" + seq + " from " + from + " to " + dst + " overwrote message #" + pending + " from "
                    + dst.inboundFrom() + ", which " + dst + " never received (lost message)");
        }
        dst.setInboundMessage(seq, from);
    }

    /**
     * {@code t}'s IPC system call completed (successfully or not); {@code received}: it completed with a
     * received message ({@code from} not nil and no error).
     */
    public void completed(Tcb t, boolean received) {
        long pending = t.inboundMessage();
        if (received) {
            if (pending == 0) {
                violation(t + " completed a receive with a message but no message is in flight to it: a message delivered "
                        + "twice, or one never sent (duplicated message)");
            } else {
                delivered++;
            }
        } else if (pending != 0) {
            violation(t + "'s IPC completed without message #" + pending + " from " + t.inboundFrom()
                    + ", which the kernel had transferred to it (lost message)");
        }
        t.setInboundMessage(0, null);
        t.setSentMessage(0);
    }

    /** ThreadControl deletes {@code t}: a message still in flight to it dies with it. */
    public void discarded(Tcb t) {
        if (t.inboundMessage() != 0) {
            discarded++;
        }
        t.setInboundMessage(0, null);
        t.setSentMessage(0);
    }

    private void violation(String text) {
        eventViolations++;
        if (violations.size() < MAX_KEPT) {
            violations.add(text);
        }
    }

    /** Messages sent so far (thread and interrupt messages). */
    public long sent() {
        return sent;
    }

    /** Messages delivered: a receive completed with them. */
    public long delivered() {
        return delivered;
    }

    /** Messages in flight to a thread when ThreadControl deleted it. */
    public long discarded() {
        return discarded;
    }

    /** The violations found while the run went on (at most {@value #MAX_KEPT} kept), and the end-of-run balance. */
    public List<String> violations(Kernel k) {
        List<String> out = new ArrayList<>(violations);
        if (eventViolations > violations.size()) {
            out.add((eventViolations - violations.size()) + " more message violations");
        }
        long inFlight = 0;
        for (Tcb t : k.threads()) {
            long m = t.inboundMessage();
            if (m == 0) {
                continue;
            }
            inFlight++;
            ThreadState s = t.peekState();
            if (s != ThreadState.READY && s != ThreadState.RUNNING) {
                out.add("message #" + m + " from " + t.inboundFrom() + " was transferred to " + t + ", which is " + s
                        + " and will never complete a receive with it (lost message)");
            }
        }
        if (sent != delivered + discarded + inFlight) {
            out.add("messages do not balance: " + sent + " sent, " + delivered + " delivered, " + discarded
                    + " discarded with a deleted receiver, " + inFlight + " in flight (lost or duplicated messages)");
        }
        if (sent != k.counters().messages) {
            out.add("the kernel counted " + k.counters().messages + " messages transferred but the ledger saw " + sent
                    + " sent: a transfer bypassed the ledger");
        }
        return out;
    }

    @Override
    public String toString() {
        return "messages: " + sent + " sent, " + delivered + " delivered, " + discarded + " discarded";
    }
}
