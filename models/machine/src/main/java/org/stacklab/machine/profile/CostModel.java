package org.stacklab.machine.profile;

/**
 * Cycle costs of a machine. Every kernel model pays these same prices.
 *
 * @param instruction       cycles per ordinary (ALU/branch) instruction
 * @param l1Hit             cycles of a load or store that hits in L1 (includes issuing it)
 * @param l2Hit             extra cycles when L1 misses and L2 hits
 * @param memory            extra cycles when the last cache level misses
 * @param tlbMiss           extra cycles to refill the TLB (hardware walk or software handler)
 * @param kernelEntry       cycles of the trap into the kernel (e.g. {@code int}, a MIPS exception vector)
 * @param kernelExit        cycles of the return to user mode (e.g. {@code iret}, {@code rfe})
 */
public record CostModel(
        int instruction,
        int l1Hit,
        int l2Hit,
        int memory,
        int tlbMiss,
        int kernelEntry,
        int kernelExit) {

    public CostModel {
        notNegative("instruction", instruction);
        notNegative("l1Hit", l1Hit);
        notNegative("l2Hit", l2Hit);
        notNegative("memory", memory);
        notNegative("tlbMiss", tlbMiss);
        notNegative("kernelEntry", kernelEntry);
        notNegative("kernelExit", kernelExit);
    }

    private static void notNegative(String field, int cycles) {
        if (cycles < 0) {
            throw new InvalidFieldException(field, "must not be negative (cycles), got " + cycles);
        }
    }
}
