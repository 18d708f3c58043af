package org.stacklab.machine.profile;

/**
 * One simulated machine: clock, caches, TLB and the cost of each kind of work.
 *
 * <p>Invariant: every cost parameter lives here and is the same for all three kernel models; no
 * model carries a constant of its own that could decide a result (DESIGN.md rule 1). Profiles are
 * read from {@code config/machines/NAME.yaml} by {@link MachineProfiles}.
 *
 * @param name                 profile name, e.g. {@code ds3100}
 * @param description          one line for humans (the real machine it models)
 * @param clockMhz             clock rate, used only to convert cycles to microseconds
 * @param wordBytes            machine word (4 or 8); TCB fields, message registers and saved registers are words
 * @param cpus                 number of CPUs (the kernel keeps one per-CPU stack for each)
 * @param l1i                  level-1 instruction cache
 * @param l1d                  level-1 data cache
 * @param l2                   unified level-2 cache, or {@code null} when the machine has none
 * @param tlb                  data TLB; its line is the page size ({@code null}: no TLB is simulated)
 * @param cost                 cycle costs
 * @param kernelStackBytes     size of one kernel stack (per thread, or per CPU)
 * @param tcbAlignment         alignment of a TCB block that holds no stack
 * @param calleeSavedRegisters registers a kernel context switch saves and restores
 * @param userRegisters        registers in the user-mode trap frame (saved at kernel entry)
 * @param tcbLookup            how a thread number finds its TCB: a lookup table, or L4's virtual TCB array
 *                             through the TLB ({@link TcbLookup}); optional in YAML, default {@code table}
 * @param fpuStateBytes        bytes of one thread's FPU save area (lazy FPU, semantics.md §7): what the #NM
 *                             handler stores and loads; optional in YAML, absent or 0 = {@link #DEFAULT_FPU_STATE_BYTES}
 */
public record MachineProfile(
        String name,
        String description,
        double clockMhz,
        int wordBytes,
        int cpus,
        CacheSpec l1i,
        CacheSpec l1d,
        CacheSpec l2,
        CacheSpec tlb,
        CostModel cost,
        int kernelStackBytes,
        int tcbAlignment,
        int calleeSavedRegisters,
        int userRegisters,
        TcbLookup tcbLookup,
        int fpuStateBytes) {

    /**
     * FPU save-area bytes when a profile does not give {@code fpuStateBytes} (absent, or 0): the user
     * ISA's eight 64-bit FPU registers {@code f0..f7} [estimate: the architectural minimum of the ISA].
     */
    public static final int DEFAULT_FPU_STATE_BYTES = 64;

    public MachineProfile {
        if (fpuStateBytes == 0) {
            fpuStateBytes = DEFAULT_FPU_STATE_BYTES;
        }
        if (fpuStateBytes < 0) {
            throw new InvalidFieldException("fpuStateBytes", "must be positive (or absent for the default " + DEFAULT_FPU_STATE_BYTES + "), got " + fpuStateBytes);
        }
        if (tcbLookup == null) {
            tcbLookup = TcbLookup.TABLE;
        }
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "must not be empty");
        }
        if (!(clockMhz > 0) || Double.isInfinite(clockMhz)) {
            throw new InvalidFieldException("clockMhz", "must be a positive number, got " + clockMhz);
        }
        if (wordBytes != 4 && wordBytes != 8) {
            throw new InvalidFieldException("wordBytes", "must be 4 or 8, got " + wordBytes);
        }
        if (cpus != 1) {
            throw new InvalidFieldException("cpus", "must be 1: only uniprocessor machines are simulated so far, got " + cpus);
        }
        required("l1i", l1i);
        required("l1d", l1d);
        required("cost", cost);
        if (kernelStackBytes <= 0 || Integer.bitCount(kernelStackBytes) != 1) {
            throw new InvalidFieldException("kernelStackBytes", "must be a power of two, got " + kernelStackBytes);
        }
        if (tcbAlignment <= 0 || Integer.bitCount(tcbAlignment) != 1) {
            throw new InvalidFieldException("tcbAlignment", "must be a power of two, got " + tcbAlignment);
        }
        if (calleeSavedRegisters < 0) {
            throw new InvalidFieldException("calleeSavedRegisters", "must not be negative, got " + calleeSavedRegisters);
        }
        if (userRegisters < 1) {
            throw new InvalidFieldException("userRegisters", "must be at least 1, got " + userRegisters);
        }
    }

    /**
     * A profile with {@link TcbLookup#TABLE} lookup (the shape profiles had before the option existed);
     * the kernel entry is whatever {@code cost} says ({@link CostModel}'s seven-number constructor: trap only).
     */
    public MachineProfile(String name, String description, double clockMhz, int wordBytes, int cpus,
                          CacheSpec l1i, CacheSpec l1d, CacheSpec l2, CacheSpec tlb, CostModel cost,
                          int kernelStackBytes, int tcbAlignment, int calleeSavedRegisters, int userRegisters) {
        this(name, description, clockMhz, wordBytes, cpus, l1i, l1d, l2, tlb, cost, kernelStackBytes, tcbAlignment,
                calleeSavedRegisters, userRegisters, TcbLookup.TABLE);
    }

    /** A profile with the default FPU save area ({@link #DEFAULT_FPU_STATE_BYTES}). */
    public MachineProfile(String name, String description, double clockMhz, int wordBytes, int cpus,
                          CacheSpec l1i, CacheSpec l1d, CacheSpec l2, CacheSpec tlb, CostModel cost,
                          int kernelStackBytes, int tcbAlignment, int calleeSavedRegisters, int userRegisters,
                          TcbLookup tcbLookup) {
        this(name, description, clockMhz, wordBytes, cpus, l1i, l1d, l2, tlb, cost, kernelStackBytes, tcbAlignment,
                calleeSavedRegisters, userRegisters, tcbLookup, DEFAULT_FPU_STATE_BYTES);
    }

    /** This profile with system calls entering by {@code m} (same costs, same name). */
    public MachineProfile withEntry(EntryMechanism m) {
        return new MachineProfile(name, description, clockMhz, wordBytes, cpus, l1i, l1d, l2, tlb,
                new CostModel(cost.instruction(), cost.l1Hit(), cost.l2Hit(), cost.memory(), cost.tlbMiss(), cost.entry().using(m)),
                kernelStackBytes, tcbAlignment, calleeSavedRegisters, userRegisters, tcbLookup, fpuStateBytes);
    }

    /** This profile with TCB lookup {@code lookup} (same costs, same name). */
    public MachineProfile withTcbLookup(TcbLookup lookup) {
        return new MachineProfile(name, description, clockMhz, wordBytes, cpus, l1i, l1d, l2, tlb, cost,
                kernelStackBytes, tcbAlignment, calleeSavedRegisters, userRegisters, lookup, fpuStateBytes);
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
    }

    /** Bytes per virtual-memory page: the TLB's line (4 KB when no TLB is simulated). */
    public int pageBytes() {
        return tlb == null ? 4096 : tlb.lineBytes();
    }

    /** Converts simulated cycles to microseconds at this machine's clock. */
    public double micros(double cycles) {
        return cycles / clockMhz;
    }

    /** Converts microseconds to cycles at this machine's clock (rounded down). */
    public long cycles(double micros) {
        return (long) Math.floor(micros * clockMhz);
    }
}
