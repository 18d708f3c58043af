package org.stacklab.machine.profile;

/**
 * Cycle costs of a machine. Every kernel model pays these same prices.
 *
 * @param instruction       cycles per ordinary (ALU/branch) instruction
 * @param l1Hit             cycles of a load or store that hits in L1 (includes issuing it)
 * @param l2Hit             extra cycles when L1 misses and L2 hits
 * @param memory            extra cycles when the last cache level misses
 * @param tlbMiss           extra cycles to refill the TLB (hardware walk or software handler)
 * @param entry             kernel entry/exit: the mechanisms the machine has, their cycles, and the one
 *                          system calls use ({@link KernelEntry})
 */
public record CostModel(
        int instruction,
        int l1Hit,
        int l2Hit,
        int memory,
        int tlbMiss,
        KernelEntry entry) {

    public CostModel {
        notNegative("instruction", instruction);
        notNegative("l1Hit", l1Hit);
        notNegative("l2Hit", l2Hit);
        notNegative("memory", memory);
        notNegative("tlbMiss", tlbMiss);
        if (entry == null) {
            throw new InvalidFieldException("entry", "is required");
        }
    }

    /**
     * A cost model whose system calls trap, at {@code kernelEntry} cycles in and {@code kernelExit} out,
     * on a machine with no fast entry (the shape profiles had before {@link KernelEntry}).
     */
    public CostModel(int instruction, int l1Hit, int l2Hit, int memory, int tlbMiss, int kernelEntry, int kernelExit) {
        this(instruction, l1Hit, l2Hit, memory, tlbMiss, KernelEntry.trapOnly(kernelEntry, kernelExit));
    }

    /** Cycles of one kernel entry by the selected mechanism. */
    public int kernelEntry() {
        return entry.selected().enter();
    }

    /** Cycles of one return to user mode by the selected mechanism. */
    public int kernelExit() {
        return entry.selected().exit();
    }

    private static void notNegative(String field, int cycles) {
        if (cycles < 0) {
            throw new InvalidFieldException(field, "must not be negative (cycles), got " + cycles);
        }
    }
}
