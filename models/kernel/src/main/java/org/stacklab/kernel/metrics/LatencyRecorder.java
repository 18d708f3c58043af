package org.stacklab.kernel.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Every sample of one latency, in simulated cycles: an HdrHistogram for the distribution plus an exact
 * count, sum and maximum. Shared by every model (interrupt latency in {@code Interrupts}, Call latency in
 * {@link CallLatency}), so a distribution is measured the same way whatever decides the control flow.
 *
 * <p>Precision: {@value #SIGNIFICANT_DIGITS} significant value digits, so every value below 2^18
 * (262,144 cycles) is kept exactly and larger ones to within one part in 10^5; 600 and 603 cycles are
 * different buckets. The histogram is a {@link PackedHistogram}, created at the first sample: its memory
 * follows the values recorded, not the value range, so a kernel without samples costs nothing.
 *
 * <p>Invariant: deterministic (no wall clock; the same samples give the same histogram).
 */
public final class LatencyRecorder {
    /** Significant value digits of the histogram. */
    public static final int SIGNIFICANT_DIGITS = 5;

    private Histogram histogram;
    private long count;
    private long sum;
    private long max;

    /** Records one sample of {@code cycles} (>= 0). */
    public void record(long cycles) {
        if (cycles < 0) {
            throw new IllegalArgumentException("a latency cannot be negative: " + cycles);
        }
        if (histogram == null) {
            histogram = newHistogram();
        }
        histogram.recordValue(cycles);
        count++;
        sum += cycles;
        max = Math.max(max, cycles);
    }

    /** An empty histogram with this recorder's precision. */
    public static Histogram newHistogram() {
        return new PackedHistogram(SIGNIFICANT_DIGITS);
    }

    /** Samples recorded. */
    public long count() {
        return count;
    }

    /** Sum of the samples in cycles. */
    public long sum() {
        return sum;
    }

    /** The largest sample in cycles (exact; 0 without samples). */
    public long max() {
        return max;
    }

    /** A copy of the distribution in cycles (empty without samples). */
    public Histogram histogram() {
        return histogram == null ? newHistogram() : histogram.copy();
    }
}
