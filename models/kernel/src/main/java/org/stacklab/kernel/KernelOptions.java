package org.stacklab.kernel;

/**
 * Options of one kernel instance.
 *
 * @param keepObservationLogs keep every thread's full observation log (the conformance kit needs it;
 *                            long benchmark runs do not, they keep only the digest)
 * @param cycleLimit          stop the run after this many simulated cycles
 * @param preemptibility      where the kernel may be preempted (Fluke §5): {@link Preemptibility#NP} (the
 *                            default), {@link Preemptibility#PP} or {@link Preemptibility#FP}; the model
 *                            must {@linkplain org.stacklab.kernel.spi.KernelModel#supports support} it
 * @param preemptChunkBytes   with {@link Preemptibility#PP}: the bytes of a string copy between two
 *                            preemption points (default {@value #DEFAULT_PREEMPT_CHUNK_BYTES}); recorded
 *                            but unused in the other configurations
 * @param timesliceMicros     the time slice of round-robin scheduling among threads of equal priority
 *                            (default {@value #DEFAULT_TIMESLICE_MICROS} µs, L4's default): when it runs
 *                            out and another thread of the same priority is ready, the running thread goes
 *                            to the tail of its queue; 0 turns time slicing off
 */
public record KernelOptions(boolean keepObservationLogs, long cycleLimit, Preemptibility preemptibility, int preemptChunkBytes,
                            long timesliceMicros) {
    /** L4's default time slice: 10 ms. */
    public static final long DEFAULT_TIMESLICE_MICROS = 10_000;
    /** The default string-copy chunk between two preemption points: 8 KB. */
    public static final int DEFAULT_PREEMPT_CHUNK_BYTES = 8192;

    public static final KernelOptions DEFAULT = new KernelOptions(true, 1L << 40);

    public KernelOptions {
        if (cycleLimit <= 0) {
            throw new IllegalArgumentException("cycleLimit must be positive");
        }
        if (preemptibility == null) {
            throw new IllegalArgumentException("preemptibility must not be null");
        }
        if (preemptChunkBytes <= 0) {
            throw new IllegalArgumentException("preemptChunkBytes must be positive, got " + preemptChunkBytes);
        }
        if (timesliceMicros < 0) {
            throw new IllegalArgumentException("timesliceMicros must be >= 0 (0: no time slicing), got " + timesliceMicros);
        }
    }

    /** With the default time slice. */
    public KernelOptions(boolean keepObservationLogs, long cycleLimit, Preemptibility preemptibility, int preemptChunkBytes) {
        this(keepObservationLogs, cycleLimit, preemptibility, preemptChunkBytes, DEFAULT_TIMESLICE_MICROS);
    }

    /** Non-preemptible ({@link Preemptibility#NP}) with the default chunk. */
    public KernelOptions(boolean keepObservationLogs, long cycleLimit) {
        this(keepObservationLogs, cycleLimit, Preemptibility.NP, DEFAULT_PREEMPT_CHUNK_BYTES);
    }

    /** These options with another cycle limit. */
    public KernelOptions withCycleLimit(long cycles) {
        return new KernelOptions(keepObservationLogs, cycles, preemptibility, preemptChunkBytes, timesliceMicros);
    }

    /** These options with another preemptibility configuration and string-copy chunk. */
    public KernelOptions withPreemption(Preemptibility p, int chunkBytes) {
        return new KernelOptions(keepObservationLogs, cycleLimit, p, chunkBytes, timesliceMicros);
    }

    /** These options with another time slice (0: none). */
    public KernelOptions withTimeslice(long micros) {
        return new KernelOptions(keepObservationLogs, cycleLimit, preemptibility, preemptChunkBytes, micros);
    }
}
