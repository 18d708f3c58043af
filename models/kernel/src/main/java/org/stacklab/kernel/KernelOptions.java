package org.stacklab.kernel;

/**
 * Options of one kernel instance.
 *
 * @param keepObservationLogs keep every thread's full observation log (the conformance kit needs it;
 *                            long benchmark runs do not, they keep only the digest)
 * @param cycleLimit          stop the run after this many simulated cycles
 */
public record KernelOptions(boolean keepObservationLogs, long cycleLimit) {
    public static final KernelOptions DEFAULT = new KernelOptions(true, 1L << 40);

    public KernelOptions {
        if (cycleLimit <= 0) {
            throw new IllegalArgumentException("cycleLimit must be positive");
        }
    }
}
