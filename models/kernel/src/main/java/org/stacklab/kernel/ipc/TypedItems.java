package org.stacklab.kernel.ipc;

import java.util.ArrayList;
import java.util.List;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.user.Utcb;

/**
 * The typed items of one message, decoded from the sender's MRs and the receiver's acceptor and
 * buffer registers (semantics.md §3.2, §3.3) into a {@link Plan}: the map and grant items in order,
 * and every string item cut into contiguous {@link Copy} runs against the receive buffers.
 *
 * <p>Decoding rules (Pistachio {@code ipcx.cc}, [DECIDE] where noted): items lie in
 * MR(u+1)..MR(u+t), bounded by {@code t}; a map or grant item is 2 words; a string item is
 * {@code 1 + j + 1} words ({@code j+1} substrings of {@code length} bytes each). Consecutive string
 * items chained by {@code c} form one logical string, as do consecutive buffer items chained by their
 * {@code c} bit; buffer items start at BR1 when the acceptor's {@code s} bit is set and continue while
 * an item's {@code C} bit (bit 0) says another follows. Logical string {@code k} goes into logical
 * buffer {@code k}, byte stream to byte stream. A string with no buffer, or longer than its buffer,
 * or a map or grant item with a nil receive window, or a malformed item ends the plan with MESSAGE
 * OVERFLOW at the offset reached (total string bytes copied before it).
 *
 * <p>Invariant: a plan is a pure function of the words it was decoded from, so a restarted system
 * call decodes the same plan again.
 */
public final class TypedItems {
    private TypedItems() {
    }

    /** One step of a plan. */
    public sealed interface Step {
    }

    /**
     * A map or grant item: the send fpage and its {@code snd_base}, to be placed in the receive
     * {@code window} (the acceptor's RcvWindow).
     */
    public record Map(long sndBase, Fpage fpage, boolean grant, Fpage window) implements Step {
    }

    /** One contiguous piece of a string copy: {@code bytes} bytes from sender address {@code src} to receiver address {@code dst}. */
    public record Copy(long src, long dst, long bytes) implements Step {
    }

    /**
     * A decoded message.
     *
     * @param steps     in message order
     * @param overflow  whether the plan ends in MESSAGE OVERFLOW after its steps
     * @param itemWords typed words read (for the decode cost)
     * @param buffers   buffer registers read
     */
    public record Plan(List<Step> steps, boolean overflow, int itemWords, int buffers) {
        public Plan {
            steps = List.copyOf(steps);
        }

        /** Total string bytes of the plan's copy runs. */
        public long copyBytes() {
            long n = 0;
            for (Step s : steps) {
                if (s instanceof Copy c) {
                    n += c.bytes();
                }
            }
            return n;
        }

        /** Whether the plan does nothing (no items). */
        public boolean isEmpty() {
            return steps.isEmpty() && !overflow;
        }
    }

    /** A substring of a string item or buffer. */
    private record Segment(long address, long bytes) {
    }

    /**
     * Decodes the typed items of the message whose tag is {@code tag}, in sender UTCB {@code from},
     * against receiver UTCB {@code to}.
     */
    public static Plan decode(MsgTag tag, Utcb from, Utcb to) {
        int u = tag.untyped();
        int end = u + tag.typed();
        List<Step> steps = new ArrayList<>();
        long acceptor = to.br(0);
        Fpage window = new Fpage(acceptor & ~0xFL);
        boolean strings = (acceptor & 1) != 0;
        BufferCursor buffers = new BufferCursor(to, strings);
        int i = u + 1;
        boolean overflow = false;
        while (i <= end && !overflow) {
            long w0 = from.mr(i);
            if ((w0 & 0x8) != 0) {
                int type = (int) (w0 & 0xE);
                if ((type != 0x8 && type != 0xA) || i + 1 > end) {
                    overflow = true; // ctrlxfer or a truncated item: not accepted
                    break;
                }
                if (window.isNil()) {
                    overflow = true;
                    break;
                }
                steps.add(new Map(w0 & ~0x3FFL, new Fpage(from.mr(i + 1)), type == 0xA, window));
                i += 2;
                continue;
            }
            // a logical string: this item and those chained to it by c
            List<Segment> send = new ArrayList<>();
            boolean more = true;
            while (more) {
                if (i > end || (from.mr(i) & 0x8) != 0) {
                    overflow = true; // a compound string cut short by the end of the items
                    break;
                }
                long w = from.mr(i);
                long length = w >>> 10;
                int j = (int) ((w >>> 4) & 0x1F);
                if (i + j + 1 > end) {
                    overflow = true;
                    break;
                }
                for (int k = 0; k <= j; k++) {
                    send.add(new Segment(from.mr(i + 1 + k), length));
                }
                more = (w & 0x200) != 0;
                i += j + 2;
            }
            if (overflow) {
                break;
            }
            List<Segment> recv = buffers.next();
            if (recv == null) {
                overflow = true;
                break;
            }
            overflow = !merge(send, recv, steps);
        }
        return new Plan(steps, overflow, Math.min(i, end + 1) - (u + 1), buffers.read);
    }

    /** Cuts stream {@code send} into runs against {@code recv}; returns false if it did not fit. */
    private static boolean merge(List<Segment> send, List<Segment> recv, List<Step> steps) {
        int si = 0;
        int ri = 0;
        long sOff = 0;
        long rOff = 0;
        while (si < send.size()) {
            Segment s = send.get(si);
            if (sOff == s.bytes()) {
                si++;
                sOff = 0;
                continue;
            }
            if (ri >= recv.size()) {
                return false;
            }
            Segment r = recv.get(ri);
            if (rOff == r.bytes()) {
                ri++;
                rOff = 0;
                continue;
            }
            long n = Math.min(s.bytes() - sOff, r.bytes() - rOff);
            steps.add(new Copy(s.address() + sOff, r.address() + rOff, n));
            sOff += n;
            rOff += n;
        }
        return true;
    }

    /** Walks the receiver's string buffer items, BR1 on. */
    private static final class BufferCursor {
        private final Utcb utcb;
        private int next;
        private boolean more;
        int read;

        BufferCursor(Utcb utcb, boolean strings) {
            this.utcb = utcb;
            this.next = 1;
            this.more = strings;
        }

        /** The next logical buffer, or {@code null} when there is none. */
        List<Segment> next() {
            if (!more) {
                return null;
            }
            List<Segment> out = new ArrayList<>();
            boolean compound = true;
            while (compound) {
                if (next >= Utcb.BRS) {
                    more = false;
                    return out.isEmpty() ? null : out;
                }
                long w = utcb.br(next);
                long length = w >>> 10;
                int j = (int) ((w >>> 4) & 0x1F);
                if (next + j + 1 >= Utcb.BRS) {
                    more = false;
                    return out.isEmpty() ? null : out;
                }
                for (int k = 0; k <= j; k++) {
                    out.add(new Segment(utcb.br(next + 1 + k), length));
                }
                read += j + 2;
                next += j + 2;
                compound = (w & 0x200) != 0;
                if ((w & 1) == 0) {
                    more = false; // C = 0: no further buffer item
                    break;
                }
            }
            return out;
        }
    }
}
