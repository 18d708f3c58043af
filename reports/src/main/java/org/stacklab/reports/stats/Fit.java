package org.stacklab.reports.stats;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A least-squares line {@code y = slope · x + intercept} through {@code n} points, with its
 * coefficient of determination.
 *
 * <p>Invariant: {@code n ≥ 2}; {@code r2} is in [0, 1], or {@code NaN} when y does not vary (every
 * line through a constant has R² undefined; the fit is then exact with slope 0).
 *
 * @param slope      change of y per unit of x
 * @param intercept  y at x = 0
 * @param r2         R², {@code NaN} when every y is the same
 * @param n          number of points
 */
public record Fit(double slope, double intercept, double r2, int n) {
    /** The least-squares line through the points {@code (x[i], y[i])}; needs at least two distinct x. */
    public static Fit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values for " + y.length + " y values");
        }
        SimpleRegression r = new SimpleRegression(true);
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        if (r.getXSumSquares() == 0) {
            throw new IllegalArgumentException("a line needs at least two distinct x values");
        }
        double sst = r.getTotalSumSquares();
        double r2 = sst == 0 ? Double.NaN : Math.max(0, Math.min(1, r.getRSquare()));
        return new Fit(r.getSlope(), r.getIntercept(), r2, (int) r.getN());
    }
}
