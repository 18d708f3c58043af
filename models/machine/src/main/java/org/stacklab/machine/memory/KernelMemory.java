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
            var free = freeStacks.get(bytes);
            if (free != null && !free.isEmpty()) {
                account(purpose, bytes);
                return free.pop();
            }
        }
        long base = (next.get(purpose) + alignment - 1) & -alignment;
        next.put(purpose, base + bytes);
        account(purpose, bytes);
        return base;
    }

    /** Releases a stack block allocated with {@link Purpose#STACK}; a later allocation of the same size reuses it. */
    public void releaseStack(long base, long bytes) {
        freeStacks.computeIfAbsent(bytes, b -> new java.util.ArrayDeque<>()).push(base);
        reserved.merge(Purpose.STACK, -bytes, Long::sum);
    }

    private void account(Purpose purpose, long bytes) {
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
