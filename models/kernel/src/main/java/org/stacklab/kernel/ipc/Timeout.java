package org.stacklab.kernel.ipc;

/**
 * An X.2 {@code L4_Time_t} (16 bits, semantics.md §4.1). Raw 0 is Never; raw 0x0400 is Zero; a
 * relative period is {@code m * 2^e} microseconds. [DECIDE] every period with {@code m == 0} and
 * {@code raw != 0} counts as Zero.
 *
 * @param raw the 16-bit encoding
 */
public record Timeout(int raw) {
    public static final Timeout NEVER = new Timeout(0);
    public static final Timeout ZERO = new Timeout(0x0400);

    public Timeout {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("a timeout has 16 bits: " + Integer.toHexString(raw));
        }
    }

    /** The send timeout in a Timeouts word ({@code snd << 16 | rcv}). */
    public static Timeout send(long timeouts) {
        return new Timeout((int) ((timeouts >>> 16) & 0xFFFF));
    }

    /** The receive timeout in a Timeouts word. */
    public static Timeout receive(long timeouts) {
        return new Timeout((int) (timeouts & 0xFFFF));
    }

    /** A Timeouts word. */
    public static long word(Timeout send, Timeout receive) {
        return ((long) send.raw << 16) | receive.raw;
    }

    public boolean isNever() {
        return raw == 0;
    }

    public boolean isAbsolute() {
        return (raw & 0x8000) != 0;
    }

    /** Zero: fail at once if the partner is not ready. */
    public boolean isZero() {
        return raw != 0 && !isAbsolute() && (raw & 0x3FF) == 0;
    }

    /** Microseconds of a relative period. */
    public long micros() {
        if (isNever() || isAbsolute()) {
            throw new IllegalStateException("not a finite relative period: " + Integer.toHexString(raw));
        }
        int e = (raw >>> 10) & 0x1F;
        long m = raw & 0x3FF;
        return m << e;
    }
}
