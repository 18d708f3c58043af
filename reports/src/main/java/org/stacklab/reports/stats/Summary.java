package org.stacklab.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The mean of a sample with its spread: sample standard deviation (n − 1 in the denominator) and
 * the half-width of the 95% confidence interval of the mean from Student's t distribution
 * ({@code t(0.975, n−1) · sd / √n}).
 *
 * <p>Invariant: {@code n ≥ 1}; with one value {@code sd} and {@code ci95} are {@code NaN} (undefined,
 * shown empty), never 0.
 *
 * @param n     number of values
 * @param mean  arithmetic mean
 * @param sd    sample standard deviation, {@code NaN} when {@code n == 1}
 * @param ci95  half-width of the 95% confidence interval of the mean, {@code NaN} when {@code n == 1}
 */
public record Summary(int n, double mean, double sd, double ci95) {
    /** Confidence level of {@link #ci95}. */
    public static final double LEVEL = 0.95;

    public Summary {
        if (n < 1) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
    }

    /** The summary of {@code values} (at least one). */
    public static Summary of(double... values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
        double mean = StatUtils.mean(values);
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN);
        }
        double sd = Math.sqrt(StatUtils.variance(values, mean)); // bias-corrected: n - 1
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        return new Summary(n, mean, sd, t * sd / Math.sqrt(n));
    }
}
