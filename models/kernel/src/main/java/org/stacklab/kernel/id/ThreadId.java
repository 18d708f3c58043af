package org.stacklab.kernel.id;

/**
 * An L4 X.2 thread id in its 32-bit layout (semantics.md §1): global ids are
 * {@code thread_no[31:14] | version[13:0]}; local ids are the UTCB address with the low six bits clear.
 *
 * <p>Invariant: {@code raw} is a 32-bit unsigned value. A valid global id has
 * {@code version & 0x3F != 0}, so it is never mistaken for a local id.
 *
 * @param raw the id as a user register holds it
 */
public record ThreadId(long raw) {
    /** Bits of the version field. */
    public static final int VERSION_BITS = 14;
    /** Largest thread number. */
    public static final int MAX_NUMBER = (1 << 18) - 1;
    /** The nil thread: no send phase / no receive phase. */
    public static final ThreadId NIL = new ThreadId(0);
    /** Open wait: receive from any thread. */
    public static final ThreadId ANY = new ThreadId(0xFFFF_FFFFL);
    /** Open wait restricted to the receiver's own address space. */
    public static final ThreadId ANY_LOCAL = new ThreadId(0xFFFF_FFC0L);

    public ThreadId {
        if (raw < 0 || raw > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("thread id out of 32 bits: " + Long.toHexString(raw));
        }
    }

    /** {@code GlobalId(number, version)}; e.g. {@code global(0x1234, 5).raw() == 0x048D0005}. */
    public static ThreadId global(int number, int version) {
        if (number < 0 || number > MAX_NUMBER || version <= 0 || version >= (1 << VERSION_BITS)) {
            throw new IllegalArgumentException("bad global id " + number + "." + version);
        }
        return new ThreadId(((long) number << VERSION_BITS) | version);
    }

    /** A local id, i.e. a UTCB address (64-byte aligned). */
    public static ThreadId local(long utcbAddress) {
        if ((utcbAddress & 0x3F) != 0 || utcbAddress == 0) {
            throw new IllegalArgumentException("a local id is a 64-byte aligned UTCB address: " + Long.toHexString(utcbAddress));
        }
        return new ThreadId(utcbAddress);
    }

    /** Reads a register value as an id (only the low 32 bits count). */
    public static ThreadId of(long register) {
        return new ThreadId(register & 0xFFFF_FFFFL);
    }

    public boolean isNil() {
        return raw == 0;
    }

    public boolean isAny() {
        return raw == ANY.raw;
    }

    public boolean isAnyLocal() {
        return raw == ANY_LOCAL.raw;
    }

    /** A wildcard: {@link #ANY} or {@link #ANY_LOCAL}. */
    public boolean isWildcard() {
        return isAny() || isAnyLocal();
    }

    /** Local form (nil passes this test too; check {@link #isNil()} first). */
    public boolean isLocal() {
        return (raw & 0x3F) == 0;
    }

    public boolean isGlobal() {
        return (raw & 0x3F) != 0;
    }

    /** Thread number of a global id. */
    public int number() {
        return (int) (raw >>> VERSION_BITS);
    }

    /** Version of a global id. */
    public int version() {
        return (int) (raw & ((1 << VERSION_BITS) - 1));
    }

    @Override
    public String toString() {
        if (isNil()) {
            return "nil";
        }
        if (isAny()) {
            return "anythread";
        }
        if (isAnyLocal()) {
            return "anylocalthread";
        }
        return isGlobal() ? number() + "." + version() : "local:" + Long.toHexString(raw);
    }
}
