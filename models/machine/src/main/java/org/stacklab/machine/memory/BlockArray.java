package org.stacklab.machine.memory;

import java.util.BitSet;

/**
 * A virtual array of equal kernel-memory blocks: slot {@code i} is at {@code base + i * stride}, so a
 * block's address is computed from its index (L4's virtual TCB array). Address space for every slot is
 * reserved up front; a slot counts as reserved kernel memory ({@link KernelMemory#reserved}) only once
 * a block is {@linkplain #allocate allocated} in it, as only the pages in use are backed.
 *
 * <p>Invariant: {@code stride} is a multiple of the alignment it was reserved with, so every slot is
 * aligned; a slot holds at most one block of at most {@code stride} bytes.
 */
public final class BlockArray {
    private final KernelMemory memory;
    private final Purpose purpose;
    private final long base;
    private final long stride;
    private final long slots;
    private final BitSet used = new BitSet();

    BlockArray(KernelMemory memory, Purpose purpose, long base, long stride, long slots) {
        this.memory = memory;
        this.purpose = purpose;
        this.base = base;
        this.stride = stride;
        this.slots = slots;
    }

    /** Address of slot 0. */
    public long base() {
        return base;
    }

    /** Bytes from one slot to the next. */
    public long stride() {
        return stride;
    }

    /** Number of slots reserved. */
    public long slots() {
        return slots;
    }

    /** Address of slot {@code index}, allocated or not. */
    public long address(long index) {
        if (index < 0 || index >= slots) {
            throw new IndexOutOfBoundsException("slot " + index + " of " + slots);
        }
        return base + index * stride;
    }

    /**
     * Backs slot {@code index} with a block of {@code bytes} bytes (counted as reserved for the array's
     * purpose) and returns its address.
     *
     * @throws IllegalArgumentException if {@code bytes} is not in {@code 1..stride}
     * @throws IllegalStateException    if the slot already holds a block
     */
    public long allocate(long index, long bytes) {
        long at = address(index);
        if (bytes <= 0 || bytes > stride) {
            throw new IllegalArgumentException("a block of " + bytes + " bytes does not fit a " + stride + "-byte slot");
        }
        if (used.get(Math.toIntExact(index))) {
            throw new IllegalStateException("slot " + index + " already holds a block");
        }
        used.set(Math.toIntExact(index));
        memory.account(purpose, bytes);
        return at;
    }

    /**
     * Frees the block of {@code bytes} bytes in slot {@code index} (a deleted thread's TCB): it no longer
     * counts as reserved, and the slot can be allocated again.
     *
     * @throws IllegalStateException if the slot holds no block
     */
    public void release(long index, long bytes) {
        if (!isAllocated(index)) {
            throw new IllegalStateException("slot " + index + " holds no block");
        }
        used.clear(Math.toIntExact(index));
        memory.account(purpose, -bytes);
    }

    /** Whether slot {@code index} holds a block. */
    public boolean isAllocated(long index) {
        return index >= 0 && index < slots && used.get(Math.toIntExact(index));
    }
}
