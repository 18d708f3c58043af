package org.stacklab.harness.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import org.stacklab.kernel.Kernel;
import org.stacklab.machine.profile.MachineProfile;

/**
 * One latency distribution of a run: every sample, in simulated cycles, in an HdrHistogram
 * ({@code org.stacklab.kernel.metrics.LatencyRecorder}, 5 significant digits: exact below 2^18 cycles),
 * reported in {@code unit} = cycles / {@code cyclesPerUnit} (µs at the profile's clock, or cycles).
 *
 * @param unit          the unit of reported values ({@code "us"} or {@code "cycles"})
 * @param description   what a sample is, for {@code stats.txt}
 * @param histogram     the samples in cycles (not shared with the kernel: a copy)
 * @param cyclesPerUnit cycles in one {@code unit}: the clock in MHz for µs, 1 for cycles
 */
public record Distribution(String unit, String description, Histogram histogram, double cyclesPerUnit) {
    /** The name of the device interrupt latency distribution (µs). */
    public static final String IRQ_LATENCY = "irq_latency_us";
    /** The name of the user Call latency distribution (cycles). */
    public static final String CALL_LATENCY = "call_latency_cycles";
    /** The largest number of points of a {@link #cdf()}. */
    public static final int CDF_POINTS = 200;

    /** The run's distributions, by name, in a fixed order: {@link #IRQ_LATENCY}, {@link #CALL_LATENCY}. */
    public static Map<String, Distribution> of(Kernel kernel, MachineProfile profile) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        out.put(IRQ_LATENCY, new Distribution("us",
                "device interrupt latency: from the interrupt's event time to its handler in user mode with the message",
                kernel.interrupts().latency().histogram(), profile.clockMhz()));
        out.put(CALL_LATENCY, new Distribution("cycles",
                "user IPC Call latency: from the caller's kernel entry to its return to user mode with the reply",
                kernel.callLatency().recorder().histogram(), 1));
        return out;
    }

    /** Samples. */
    public long count() {
        return histogram.getTotalCount();
    }

    /** Whether this is in cycles (values print as whole numbers). */
    public boolean inCycles() {
        return unit.equals("cycles");
    }

    /** The value at {@code percentile} (0..100) in {@link #unit}: the largest value of its bucket (exact below 2^18 cycles). */
    public double percentile(double percentile) {
        return histogram.getValueAtPercentile(percentile) / cyclesPerUnit;
    }

    /** The largest sample in {@link #unit}. */
    public double max() {
        return histogram.getMaxValue() / cyclesPerUnit;
    }

    /**
     * The mean in {@link #unit}: the sum of the recorded values (exact below 2^18 cycles) converted, then
     * divided by the count, as {@code irq_latency_avg_us} is computed; NaN without samples.
     */
    public double mean() {
        long sum = 0;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            sum += histogram.highestEquivalentValue(v.getValueIteratedTo()) * v.getCountAtValueIteratedTo();
        }
        return sum / cyclesPerUnit / count();
    }

    /**
     * The cumulative distribution as ({@code value}, {@code fraction}) pairs ascending by value, the
     * fraction of samples at or below the value, ending at exactly 1.0: every distinct recorded value,
     * thinned to at most about {@value #CDF_POINTS} points (a value is kept when its fraction reaches the
     * next multiple of 1/{@value #CDF_POINTS}; the largest is always kept). Empty without samples.
     */
    public List<double[]> cdf() {
        List<double[]> out = new ArrayList<>();
        long total = count();
        if (total == 0) {
            return out;
        }
        long nextStep = 1;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            long cum = v.getTotalCountToThisValue();
            boolean last = cum == total;
            if (last || cum * CDF_POINTS >= nextStep * total) {
                double value = histogram.highestEquivalentValue(v.getValueIteratedTo()) / cyclesPerUnit;
                out.add(new double[] {value, last ? 1.0 : (double) cum / total});
                nextStep = cum * CDF_POINTS / total + 1;
            }
        }
        return out;
    }

    /**
     * {@code value} (in {@link #unit}) as printed: whole cycles, or µs with 3 decimals (half-up);
     * {@code mean} and fractions with more digits via {@link #decimal}.
     */
    public String format(double value) {
        return inCycles() ? Long.toString(Math.round(value)) : decimal(value, 3);
    }

    /** {@code value} with {@code decimals} digits after the point, half-up, {@code Locale.ROOT}-style. */
    public static String decimal(double value, int decimals) {
        return new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
