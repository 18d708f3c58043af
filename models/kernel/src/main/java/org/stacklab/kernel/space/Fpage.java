package org.stacklab.kernel.space;

/**
 * A flexpage (semantics.md §3.2): a naturally aligned region of {@code 2^s} bytes of a user address
 * space with access rights. Raw layout {@code b[W-1:10] | s[9:4] | ext[3] | r[2] w[1] x[0]}; the nil
 * fpage is raw 0; {@code s = 1, b = 0} (raw {@code 0x10}) is the complete address space.
 *
 * <p>Invariant: {@link #base()} is aligned to {@link #size()}; the complete space has base 0 and the
 * size of the 32-bit user address space.
 *
 * @param raw the encoded word
 */
public record Fpage(long raw) {
    /** Read right. */
    public static final int R = 4;
    /** Write right. */
    public static final int W = 2;
    /** Execute right. */
    public static final int X = 1;
    /** All rights. */
    public static final int RWX = R | W | X;
    /** The nil fpage. */
    public static final Fpage NIL = new Fpage(0);
    /** The complete address space, raw {@code 0x10} (no rights bits). */
    public static final Fpage COMPLETE = new Fpage(0x10);
    /** Bytes of the user address space a complete fpage covers. */
    public static final long USER_SPACE_BYTES = 1L << 32;

    /** The fpage of {@code 2^log2Size} bytes at {@code base} (aligned down) with {@code rights}. */
    public static Fpage of(long base, int log2Size, int rights) {
        if (log2Size < 10 || log2Size > 32) {
            throw new IllegalArgumentException("fpage size must be 2^10..2^32 bytes, got 2^" + log2Size);
        }
        long aligned = base & -(1L << log2Size);
        return new Fpage((aligned & ~0x3FFL) | ((long) log2Size << 4) | (rights & RWX));
    }

    public boolean isNil() {
        return raw == 0;
    }

    /** Whether this is the complete address space ({@code s = 1}). */
    public boolean isComplete() {
        return log2Size() == 1;
    }

    /** The size exponent {@code s}. */
    public int log2Size() {
        return (int) ((raw >>> 4) & 0x3F);
    }

    /** Bytes covered: {@code 2^s}, or the whole user space for the complete fpage. */
    public long size() {
        return isComplete() ? USER_SPACE_BYTES : 1L << Math.min(log2Size(), 32);
    }

    /** The base address, aligned to the size (0 for the complete space). */
    public long base() {
        return isComplete() ? 0 : (raw & ~0x3FFL) & -size();
    }

    /** The rights bits {@code rwx}. */
    public int rights() {
        return (int) (raw & RWX);
    }

    /** Whether {@code address} lies inside. */
    public boolean contains(long address) {
        return !isNil() && address >= base() && address - base() < size();
    }

    @Override
    public String toString() {
        return isNil() ? "fpage(nil)" : String.format("fpage(0x%x, 2^%d, %s%s%s)", base(), isComplete() ? 32 : log2Size(),
                (rights() & R) != 0 ? "r" : "-", (rights() & W) != 0 ? "w" : "-", (rights() & X) != 0 ? "x" : "-");
    }
}
