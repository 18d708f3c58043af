package org.stacklab.kernel.ipc;

/**
 * The message tag in MR0 (semantics.md §3.1): {@code label[31:16] | e[15] | x[14] | r[13] | p[12] | t[11:6] | u[5:0]}.
 *
 * @param raw the tag word
 */
public record MsgTag(long raw) {
    /** The tag the kernel returns on error: only the e bit. */
    public static final long ERROR_TAG = 0x8000L;
    /** The p bit (12): on send, request propagation; on receive, propagation happened (§2.8). */
    public static final long PROPAGATED = 1L << 12;

    public static MsgTag of(int label, int untyped, int typed) {
        if (untyped < 0 || untyped > 63 || typed < 0 || typed > 63 || label < 0 || label > 0xFFFF) {
            throw new IllegalArgumentException("bad tag label=" + label + " u=" + untyped + " t=" + typed);
        }
        return new MsgTag(((long) label << 16) | ((long) typed << 6) | untyped);
    }

    public int untyped() {
        return (int) (raw & 0x3F);
    }

    public int typed() {
        return (int) ((raw >>> 6) & 0x3F);
    }

    public boolean propagated() {
        return (raw & PROPAGATED) != 0;
    }

    /** This tag with the p bit cleared (propagation not allowed, §2.8). */
    public MsgTag withoutPropagation() {
        return new MsgTag(raw & ~PROPAGATED);
    }

    public boolean error() {
        return (raw & ERROR_TAG) != 0;
    }

    public long label() {
        return (raw >>> 16) & 0xFFFF;
    }

    /** The tag as the receiver sees it: r, x and e cleared, p kept (P {@code clear_receive_flags}). */
    public MsgTag received() {
        return new MsgTag(raw & ~(0xEL << 12));
    }

    /** Number of message registers after MR0 that the message occupies: {@code u + t}. */
    public int words() {
        return untyped() + typed();
    }
}
