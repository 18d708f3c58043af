package org.stacklab.kernel.user;

import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.space.PageTable;

/**
 * A user address space. User virtual addresses are below 2^32. Its own memory lies in a physical
 * window starting at {@link #physicalBase()}, so different spaces never share cache lines by accident.
 *
 * <p>A space is <em>flat</em> (every address mapped to its own window, as a space backed by sigma0 —
 * what workloads get unless they name a pager) or <em>paged</em>: then only the pages its
 * {@link PageTable} maps are accessible — mapped by a pager's map or grant items to frames of the
 * pager's own memory, or preset by the workload — and any other user access raises a page fault
 * delivered to the thread's pager (semantics.md §7). The UTCB area is kernel-provided and always
 * accessible in its own window.
 *
 * <p>Invariant: {@code id} is the creation index; a flat space never faults.
 */
public final class AddressSpace {
    /** Where a space keeps its UTCB area (virtual). */
    public static final long UTCB_AREA = 0x00F0_0000L;
    /** Size of the UTCB area. */
    public static final long UTCB_AREA_BYTES = 0x0010_0000L;

    private final int id;
    private final String name;
    private PageTable pages;

    public AddressSpace(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Small integer, 0-based, the creation index. */
    public int id() {
        return id;
    }

    /** The name the workload gave it. */
    public String name() {
        return name;
    }

    /** Makes this space paged with {@code table}; done once, before any thread runs in it. */
    public void page(PageTable table) {
        if (pages != null) {
            throw new IllegalStateException("space " + name + " is already paged");
        }
        this.pages = table;
    }

    /** Whether accesses go through a page table (else the space is flat). */
    public boolean paged() {
        return pages != null;
    }

    /** The page table, or {@code null} for a flat space. */
    public PageTable pages() {
        return pages;
    }

    /** Whether {@code vaddr} lies in the UTCB area (always accessible). */
    public static boolean inUtcbArea(long vaddr) {
        return vaddr >= UTCB_AREA && vaddr - UTCB_AREA < UTCB_AREA_BYTES;
    }

    /** The address in this space's own physical window (identity mapping). */
    public long window(long vaddr) {
        return physicalBase() + (vaddr & 0xFFFF_FFFFL);
    }

    /**
     * Physical address of user virtual address {@code vaddr} for an access needing {@code access}
     * ({@link Fpage#R}, {@link Fpage#W}), or -1 when the access faults (paged space, page unmapped or
     * without the right).
     */
    public long translate(long vaddr, int access) {
        if (pages == null || inUtcbArea(vaddr)) {
            return window(vaddr);
        }
        return pages.translate(vaddr & 0xFFFF_FFFFL, access);
    }

    /**
     * Physical address of {@code vaddr}, which must be accessible for reading.
     *
     * @throws IllegalStateException if it is not (a caller that can meet unmapped pages uses {@link #translate})
     */
    public long physical(long vaddr) {
        long p = translate(vaddr, Fpage.R);
        if (p < 0) {
            throw new IllegalStateException(String.format("address 0x%x is not mapped in space %s", vaddr, name));
        }
        return p;
    }

    public long physicalBase() {
        return ((long) id + 1) << 32;
    }

    @Override
    public String toString() {
        return "space " + name + (paged() ? " (paged)" : "");
    }
}
