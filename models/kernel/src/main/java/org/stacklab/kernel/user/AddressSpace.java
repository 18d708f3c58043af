package org.stacklab.kernel.user;

/**
 * A user address space. User virtual addresses are below 2^32; the space's physical window starts
 * at {@link #physicalBase()}, so different spaces never share cache lines by accident.
 *
 * @param id   small integer, 0-based
 * @param name the name the workload gave it
 */
public record AddressSpace(int id, String name) {
    /** Where a space keeps its UTCB area (virtual). */
    public static final long UTCB_AREA = 0x00F0_0000L;

    /** Physical address of user virtual address {@code vaddr}. */
    public long physical(long vaddr) {
        return physicalBase() + (vaddr & 0xFFFF_FFFFL);
    }

    public long physicalBase() {
        return ((long) id + 1) << 32;
    }
}
