package org.stacklab.machine.cache;

import org.stacklab.machine.profile.CacheSpec;

/**
 * A set-associative cache with true LRU replacement, counting hits and misses separately for kernel
 * and user accesses. The TLB is the same structure with pages for lines.
 *
 * <p>Invariant: a set never holds the same line twice; after {@link #access} the line is resident
 * and most recently used in its set. Each resident line remembers whether the kernel or a user
 * thread brought it in, so the harness can count user lines the kernel evicted.
 */
public final class Cache {
    private static final long EMPTY = -1L;

    private final String name;
    private final CacheSpec spec;
    private final int ways;
    private final int lineShift;
    private final long setMask;
    private final long[] tags;
    private final long[] lastUse;
    private final boolean[] kernelOwned;
    private long tick;
    /** The most recently accessed line: resident and most recently used in its set, so a repeat is a hit with nothing to update. */
    private long lastLine = EMPTY;

    private long kernelHits;
    private long kernelMisses;
    private long userHits;
    private long userMisses;
    private long userLinesEvictedByKernel;

    public Cache(String name, CacheSpec spec) {
        this.name = name;
        this.spec = spec;
        this.ways = spec.ways();
        this.lineShift = Integer.numberOfTrailingZeros(spec.lineBytes());
        this.setMask = spec.sets() - 1L;
        int slots = spec.sets() * ways;
        this.tags = new long[slots];
        this.lastUse = new long[slots];
        this.kernelOwned = new boolean[slots];
        java.util.Arrays.fill(tags, EMPTY);
    }

    /** Name given at construction, e.g. {@code L1D}. */
    public String name() {
        return name;
    }

    /** The geometry. */
    public CacheSpec spec() {
        return spec;
    }

    /** Line number (address without the offset bits) of {@code address}. */
    public long lineOf(long address) {
        return address >>> lineShift;
    }

    /**
     * Looks up the line holding {@code address}, filling it on a miss.
     *
     * @param address byte address
     * @param kernel  whether the kernel makes the access
     * @return {@code true} on a hit
     */
    public boolean access(long address, boolean kernel) {
        long line = address >>> lineShift;
        if (line == lastLine) {
            if (kernel) {
                kernelHits++;
            } else {
                userHits++;
            }
            return true;
        }
        lastLine = line;
        int base = (int) (line & setMask) * ways;
        long now = ++tick;
        int victim = base;
        long oldest = Long.MAX_VALUE;
        for (int i = base, end = base + ways; i < end; i++) {
            long tag = tags[i];
            if (tag == line) {
                lastUse[i] = now;
                if (kernel) {
                    kernelHits++;
                } else {
                    userHits++;
                }
                return true;
            }
            long use = tag == EMPTY ? Long.MIN_VALUE : lastUse[i];
            if (use < oldest) {
                oldest = use;
                victim = i;
            }
        }
        if (kernel) {
            kernelMisses++;
            if (tags[victim] != EMPTY && !kernelOwned[victim]) {
                userLinesEvictedByKernel++;
            }
        } else {
            userMisses++;
        }
        tags[victim] = line;
        lastUse[victim] = now;
        kernelOwned[victim] = kernel;
        return false;
    }

    /** Whether the line holding {@code address} is resident (no side effects). */
    public boolean contains(long address) {
        long line = address >>> lineShift;
        int base = (int) (line & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++) {
            if (tags[i] == line) {
                return true;
            }
        }
        return false;
    }

    public long kernelHits() {
        return kernelHits;
    }

    public long kernelMisses() {
        return kernelMisses;
    }

    public long userHits() {
        return userHits;
    }

    public long userMisses() {
        return userMisses;
    }

    /** Misses of both kinds. */
    public long misses() {
        return kernelMisses + userMisses;
    }

    /** User-owned lines that a kernel miss evicted. */
    public long userLinesEvictedByKernel() {
        return userLinesEvictedByKernel;
    }
}
