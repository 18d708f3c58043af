package org.stacklab.reports.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as report text: plain decimal notation (no exponent), every integer digit kept, at least
 * six significant digits and at most two decimals beyond the integer part for numbers of six digits
 * or more, trailing zeros dropped; {@code NaN} (undefined) is the empty string.
 *
 * <p>Invariant: the same double always gives the same text, on every platform and locale.
 */
public final class Num {
    private Num() {}

    /** {@code x} as report text; {@code ""} for {@code NaN}. */
    public static String format(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException("infinite value");
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x);
        int intDigits = Math.max(0, d.precision() - d.scale());
        BigDecimal r = d.round(new MathContext(Math.min(17, Math.max(6, intDigits + 2)), RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String s = r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
