package org.stacklab.machine.memory;

/**
 * An observer of every access the {@link MemorySystem} simulates, in simulation order: each data access
 * that goes to the L1D (a load or a store of a word, or of one line of a range) and each instruction
 * line fetched through the L1I. Used for address traces (Dinero IV {@code din}).
 *
 * <p>Invariant: a tracer only observes; it must not call back into the memory system or the clock.
 */
@FunctionalInterface
public interface MemoryTracer {
    /** Dinero IV label of a data read. */
    int READ = 0;
    /** Dinero IV label of a data write. */
    int WRITE = 1;
    /** Dinero IV label of an instruction fetch. */
    int FETCH = 2;

    /**
     * One access.
     *
     * @param label   {@link #READ}, {@link #WRITE} or {@link #FETCH}
     * @param address the address given to the cache (a word's, or a line's for a range or a fetch)
     * @param mode    kernel or user
     */
    void access(int label, long address, Mode mode);
}
