package org.stacklab.machine.memory;

import org.stacklab.machine.cache.Cache;
import org.stacklab.machine.clock.CycleClock;
import org.stacklab.machine.profile.CostModel;
import org.stacklab.machine.profile.MachineProfile;

/**
 * The path every simulated memory access takes: TLB, L1 (instruction or data), L2, memory. Each
 * access charges its cycles to the {@link CycleClock} and is tagged {@link Mode#KERNEL} or
 * {@link Mode#USER}; kernel accesses are also recorded per operation for the footprint figures.
 *
 * <p>Invariant: the cycles an access costs depend only on the profile and the cache state, never on
 * which kernel model made it (DESIGN.md: "the same block costs the same in every model").
 */
public final class MemorySystem {
    private final MachineProfile profile;
    private final CostModel cost;
    private final CycleClock clock;
    private final Cache l1i;
    private final Cache l1d;
    private final Cache l2;
    private final Cache tlb;
    private final int wordBytes;
    private final int dLineBytes;
    private final int iLineBytes;
    private final int wordShift;
    private final int dLineShift;
    private final LineEpochs kernelDataLines = new LineEpochs();
    private final LineEpochs kernelCodeLines = new LineEpochs();
    private long kernelLoads;
    private long kernelStores;
    private MemoryTracer tracer;

    public MemorySystem(MachineProfile profile, CycleClock clock) {
        this.profile = profile;
        this.cost = profile.cost();
        this.clock = clock;
        this.l1i = new Cache("L1I", profile.l1i());
        this.l1d = new Cache("L1D", profile.l1d());
        this.l2 = profile.l2() == null ? null : new Cache("L2", profile.l2());
        this.tlb = profile.tlb() == null ? null : new Cache("TLB", profile.tlb());
        this.wordBytes = profile.wordBytes();
        this.dLineBytes = profile.l1d().lineBytes();
        this.iLineBytes = profile.l1i().lineBytes();
        this.wordShift = Integer.numberOfTrailingZeros(wordBytes);
        this.dLineShift = Integer.numberOfTrailingZeros(dLineBytes);
    }

    public MachineProfile profile() {
        return profile;
    }

    /** Installs {@code t} to observe every simulated access from now on ({@code null}: none, the default). */
    public void trace(MemoryTracer t) {
        this.tracer = t;
    }

    public CycleClock clock() {
        return clock;
    }

    /** Spends {@code instructions} ordinary instructions (no memory operands). */
    public void instructions(long instructions) {
        clock.advance(instructions * cost.instruction());
    }

    /** Spends raw cycles (user "compute" instructions, entry/exit costs). */
    public void cycles(long cycles) {
        clock.advance(cycles);
    }

    /** Loads one word. */
    public void load(long address, Mode mode) {
        dataAccess(address, mode, false);
        if (mode == Mode.KERNEL) {
            kernelLoads++;
        }
    }

    /** Stores one word (write-allocate). */
    public void store(long address, Mode mode) {
        dataAccess(address, mode, true);
        if (mode == Mode.KERNEL) {
            kernelStores++;
        }
    }

    /**
     * Loads or stores {@code bytes} bytes starting at {@code address}, word by word: each word the
     * range overlaps pays the L1 hit cost, and each line it covers goes through the cache hierarchy once.
     */
    public void range(long address, long bytes, boolean write, Mode mode) {
        if (bytes <= 0) {
            return;
        }
        long words = ((((address + bytes - 1) & -(long) wordBytes) - (address & -(long) wordBytes)) >>> wordShift) + 1;
        long first = address & -(long) dLineBytes;
        long last = (address + bytes - 1) & -(long) dLineBytes;
        for (long line = first; line <= last; line += dLineBytes) {
            dataAccess(line, mode, write);
        }
        long lines = ((last - first) >>> dLineShift) + 1;
        // each line's first word was charged by dataAccess; charge the remaining words as L1 hits
        clock.advance((words - Math.min(words, lines)) * (long) cost.l1Hit());
        if (mode == Mode.KERNEL) {
            if (write) {
                kernelStores += words;
            } else {
                kernelLoads += words;
            }
        }
    }

    /**
     * Executes a code block: charges {@code instructions} instructions and fetches every I-cache
     * line of {@code [address, address + bytes)}.
     */
    public void execute(long address, long bytes, long instructions, Mode mode) {
        clock.advance(instructions * cost.instruction());
        long first = address & -(long) iLineBytes;
        long last = (address + Math.max(bytes, 1) - 1) & -(long) iLineBytes;
        boolean kernel = mode == Mode.KERNEL;
        for (long line = first; line <= last; line += iLineBytes) {
            if (kernel) {
                kernelCodeLines.touch(l1i.lineOf(line));
            }
            if (tracer != null) {
                tracer.access(MemoryTracer.FETCH, line, mode);
            }
            if (!l1i.access(line, kernel)) {
                missBelowL1(line, kernel);
            }
        }
    }

    private void dataAccess(long address, Mode mode, boolean write) {
        if (tracer != null) {
            tracer.access(write ? MemoryTracer.WRITE : MemoryTracer.READ, address, mode);
        }
        boolean kernel = mode == Mode.KERNEL;
        long c = cost.l1Hit();
        if (tlb != null && !tlb.access(address, kernel)) {
            c += cost.tlbMiss();
        }
        if (kernel) {
            kernelDataLines.touch(l1d.lineOf(address));
        }
        clock.advance(c);
        if (!l1d.access(address, kernel)) {
            missBelowL1(address, kernel);
        }
    }

    private void missBelowL1(long address, boolean kernel) {
        if (l2 == null) {
            clock.advance(cost.memory());
        } else if (l2.access(address, kernel)) {
            clock.advance(cost.l2Hit());
        } else {
            clock.advance(cost.l2Hit() + cost.memory());
        }
    }

    /** Closes one user-visible operation for the footprint counters. */
    public void endOperation() {
        kernelDataLines.nextEpoch();
        kernelCodeLines.nextEpoch();
    }

    public Cache l1i() {
        return l1i;
    }

    public Cache l1d() {
        return l1d;
    }

    /** The L2, or {@code null} when the machine has none. */
    public Cache l2() {
        return l2;
    }

    /** The TLB, or {@code null}. */
    public Cache tlb() {
        return tlb;
    }

    /** Distinct kernel L1D lines summed over operations. */
    public long kernelDataLinesPerOpTotal() {
        return kernelDataLines.distinctTotal();
    }

    /** Distinct kernel L1I lines summed over operations. */
    public long kernelCodeLinesPerOpTotal() {
        return kernelCodeLines.distinctTotal();
    }

    public long kernelLoads() {
        return kernelLoads;
    }

    public long kernelStores() {
        return kernelStores;
    }
}
