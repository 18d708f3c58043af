package org.stacklab.kernel.space;

import java.util.TreeMap;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;

/**
 * The two-level page table of one paged address space: a directory of table pointers and, per
 * region it covers, one page of entries ({@code frame | rwx}). Tables are kernel memory with real
 * addresses ({@link Purpose#TABLE}), allocated on first use, so a kernel walk pays for the lines it
 * reads ({@link #walkAddresses}) and the table bytes count in kernel memory.
 *
 * <p>Invariant: an entry is non-zero exactly when the page is mapped; its frame is page aligned and
 * non-zero; the entry's rights are a non-empty subset of {@code rwx}. Iteration order is by address,
 * so everything derived from a table is deterministic.
 */
public final class PageTable {
    private final KernelMemory memory;
    private final int pageShift;
    private final int wordBytes;
    private final int tableShift;
    private final long directory;
    private final TreeMap<Long, Long> entries = new TreeMap<>();
    private final TreeMap<Long, Long> tables = new TreeMap<>();

    /**
     * @param memory    where the directory and tables are allocated
     * @param pageBytes the machine's page size (a power of two, at least 1 KB)
     * @param wordBytes bytes per entry
     */
    public PageTable(KernelMemory memory, int pageBytes, int wordBytes) {
        if (pageBytes < 1024 || Integer.bitCount(pageBytes) != 1) {
            throw new IllegalArgumentException("page size must be a power of two >= 1024, got " + pageBytes);
        }
        this.memory = memory;
        this.pageShift = Integer.numberOfTrailingZeros(pageBytes);
        this.wordBytes = wordBytes;
        this.tableShift = pageShift + Integer.numberOfTrailingZeros(pageBytes / wordBytes);
        long dirEntries = Math.max(1, Fpage.USER_SPACE_BYTES >>> tableShift);
        long dirBytes = Math.max(pageBytes, dirEntries * wordBytes);
        this.directory = memory.allocate(Purpose.TABLE, dirBytes, pageBytes);
    }

    /** Bytes per page. */
    public long pageBytes() {
        return 1L << pageShift;
    }

    /** {@code log2} of the page size. */
    public int pageShift() {
        return pageShift;
    }

    /** The entry mapping the page of {@code vaddr}: {@code frame | rwx}, or 0 when unmapped. */
    public long entry(long vaddr) {
        Long e = entries.get(vaddr >>> pageShift);
        return e == null ? 0 : e;
    }

    /** The physical address of {@code vaddr} if its page is mapped with all rights in {@code access}, else -1. */
    public long translate(long vaddr, int access) {
        long e = entry(vaddr);
        if (e == 0 || (e & access & Fpage.RWX) != (access & Fpage.RWX)) {
            return -1;
        }
        return (e & -(1L << pageShift)) | (vaddr & ((1L << pageShift) - 1));
    }

    /**
     * The kernel addresses a software walk for {@code vaddr} reads: the directory entry and, when a table
     * exists for the region, the page-table entry.
     */
    public long[] walkAddresses(long vaddr) {
        long region = vaddr >>> tableShift;
        long dirEntry = directory + region * wordBytes;
        Long table = tables.get(region);
        if (table == null) {
            return new long[] {dirEntry};
        }
        long index = (vaddr >>> pageShift) & ((1L << (tableShift - pageShift)) - 1);
        return new long[] {dirEntry, table + index * wordBytes};
    }

    /** Maps the page of {@code vaddr} to the page frame {@code frame} with {@code rights}; returns the old entry. */
    public long map(long vaddr, long frame, int rights) {
        if ((rights & Fpage.RWX) == 0) {
            return unmap(vaddr);
        }
        long region = vaddr >>> tableShift;
        if (!tables.containsKey(region)) {
            tables.put(region, memory.allocate(Purpose.TABLE, pageBytes(), pageBytes()));
        }
        long e = (frame & -(1L << pageShift)) | (rights & Fpage.RWX);
        if ((e & -(1L << pageShift)) == 0) {
            throw new IllegalArgumentException("frame 0 cannot be mapped");
        }
        Long old = entries.put(vaddr >>> pageShift, e);
        return old == null ? 0 : old;
    }

    /** Unmaps the page of {@code vaddr}; returns the old entry (0 if none). Tables stay allocated. */
    public long unmap(long vaddr) {
        Long old = entries.remove(vaddr >>> pageShift);
        return old == null ? 0 : old;
    }

    /** Pages mapped now. */
    public int mappedPages() {
        return entries.size();
    }
}
