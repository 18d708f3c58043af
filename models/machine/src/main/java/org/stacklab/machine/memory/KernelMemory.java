package org.stacklab.machine.memory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Kernel memory with real addresses: a bump allocator with one region per {@link Purpose}, plus a
 * free list per block size so a released stack can be reused at the same address.
 *
 * <p>Invariant: blocks never overlap; {@link #reserved(Purpose)} is exactly the sum of the sizes of
 * the live blocks of that purpose. The figures the harness reports as "reserved" come from here,
 * never from a formula (DESIGN.md rule 1).
 */
public final class KernelMemory {
    /** Base of the kernel's half of the (64-bit) simulated physical address space. */
    public static final long KERNEL_BASE = 0x7F00_0000_0000L;
    private static final long REGION_SPAN = 0x0010_0000_0000L;

    private final EnumMap<Purpose, Long> next = new EnumMap<>(Purpose.class);
    private final EnumMap<Purpose, Long> reserved = new EnumMap<>(Purpose.class);
    private final EnumMap<Purpose, Long> peak = new EnumMap<>(Purpose.class);
    private final Map<Long, java.util.ArrayDeque<Long>> freeStacks = new java.util.TreeMap<>();
    /** Live {@link Purpose#STACK} blocks: base to size, so a release can be checked. */
    private final Map<Long, Long> liveStacks = new java.util.TreeMap<>();

    public KernelMemory() {
        for (Purpose p : Purpose.values()) {
            next.put(p, KERNEL_BASE + REGION_SPAN * p.ordinal());
            reserved.put(p, 0L);
            peak.put(p, 0L);
        }
    }

    /**
     * Allocates {@code bytes} bytes aligned to {@code alignment} (a power of two).
     *
     * @return the block's base address
     */
    public long allocate(Purpose purpose, long bytes, long alignment) {
        if (bytes <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("bad allocation: " + bytes + " bytes aligned " + alignment);
        }
        if (purpose == Purpose.STACK) {
            long reused = reuseStack(bytes, alignment);
            if (reused >= 0) {
                liveStacks.put(reused, bytes);
                account(purpose, bytes);
                return reused;
            }
        }
        long base = (next.get(purpose) + alignment - 1) & -alignment;
        long regionEnd = KERNEL_BASE + REGION_SPAN * (purpose.ordinal() + 1L);
        if (base + bytes > regionEnd) {
            throw new IllegalStateException("kernel memory region " + purpose + " exhausted allocating " + bytes + " bytes");
        }
        next.put(purpose, base + bytes);
        if (purpose == Purpose.STACK) {
            liveStacks.put(base, bytes);
        }
        account(purpose, bytes);
        return base;
    }

    /**
     * Reserves address space for a {@link BlockArray} of up to {@code maxSlots} slots of {@code slotBytes}
     * bytes each, every slot aligned to {@code alignment} (the stride is {@code slotBytes} rounded up to
     * it). Nothing is counted as reserved until a slot is allocated. Fewer slots are reserved when the
     * purpose's region has no room for {@code maxSlots}.
     *
     * @throws IllegalStateException if the region has no room for even one slot
     */
    public BlockArray reserveArray(Purpose purpose, long slotBytes, long alignment, long maxSlots) {
        if (slotBytes <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1 || maxSlots <= 0) {
            throw new IllegalArgumentException("bad array: " + maxSlots + " slots of " + slotBytes + " bytes aligned " + alignment);
        }
        long stride = (slotBytes + alignment - 1) & -alignment;
        long base = (next.get(purpose) + alignment - 1) & -alignment;
        long regionEnd = KERNEL_BASE + REGION_SPAN * (purpose.ordinal() + 1L);
        long slots = Math.min(maxSlots, Math.max(0, regionEnd - base) / stride);
        if (slots < 1) {
            throw new IllegalStateException("kernel memory region " + purpose + " exhausted reserving an array of " + stride + "-byte slots");
        }
        next.put(purpose, base + slots * stride);
        return new BlockArray(this, purpose, base, stride, slots);
    }

    /** The most recently released stack of this size that satisfies {@code alignment}, or -1. */
    private long reuseStack(long bytes, long alignment) {
        var free = freeStacks.get(bytes);
        if (free == null) {
            return -1;
        }
        for (var it = free.iterator(); it.hasNext(); ) {
            long base = it.next();
            if ((base & (alignment - 1)) == 0) {
                it.remove();
                return base;
            }
        }
        return -1;
    }

    /**
     * Releases a stack block allocated with {@link Purpose#STACK}; a later allocation of the same size
     * (and a compatible alignment) reuses it.
     *
     * @throws IllegalArgumentException if {@code base} is not a live stack block of {@code bytes} bytes
     */
    public void releaseStack(long base, long bytes) {
        Long size = liveStacks.get(base);
        if (size == null || size != bytes) {
            throw new IllegalArgumentException("not a live kernel stack: " + Long.toHexString(base) + " (" + bytes + " bytes)"
                    + (size == null ? "" : "; it has " + size + " bytes"));
        }
        liveStacks.remove(base);
        freeStacks.computeIfAbsent(bytes, b -> new java.util.ArrayDeque<>()).push(base);
        reserved.merge(Purpose.STACK, -bytes, Long::sum);
    }

    void account(Purpose purpose, long bytes) {
        long now = reserved.merge(purpose, bytes, Long::sum);
        if (now > peak.get(purpose)) {
            peak.put(purpose, now);
        }
    }

    /** Bytes currently reserved for {@code purpose}. */
    public long reserved(Purpose purpose) {
        return reserved.get(purpose);
    }

    /** Highest number of bytes ever reserved at once for {@code purpose}. */
    public long peakReserved(Purpose purpose) {
        return peak.get(purpose);
    }
}
