package org.stacklab.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.reports.ResultTable;
import org.stacklab.reports.RunReport.Column;

/** The statistics of the report, on data whose answers are worked out by hand. */
class StatisticsTest {
    @Test
    void threeValues() {
        // 1, 2, 3: mean 2; squared deviations 1 + 0 + 1 = 2 over n - 1 = 2 -> sd 1;
        // t(0.975, 2) = 4.302653 -> half-width 4.302653 * 1 / sqrt(3) = 2.484138
        Summary s = Summary.of(1, 2, 3);
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.sd()).isCloseTo(1.0, within(1e-12));
        assertThat(s.ci95()).isCloseTo(2.484138, within(1e-6));
    }

    @Test
    void twoValuesUseTheWideT() {
        // 10, 14: mean 12, sd = sqrt(8) = 2.828427; t(0.975, 1) = 12.706205 -> 12.706205 * 2.828427 / sqrt(2) = 25.412409
        Summary s = Summary.of(10, 14);
        assertThat(s.sd()).isCloseTo(Math.sqrt(8), within(1e-12));
        assertThat(s.ci95()).isCloseTo(25.412409, within(1e-5));
    }

    @Test
    void oneValueHasNoSpreadRatherThanZero() {
        Summary s = Summary.of(7.5);
        assertThat(s.mean()).isEqualTo(7.5);
        assertThat(s.sd()).isNaN();
        assertThat(s.ci95()).isNaN();
        assertThat(Num.format(s.sd())).isEmpty();
    }

    @Test
    void identicalValuesHaveZeroSpread() {
        Summary s = Summary.of(4096, 4096);
        assertThat(s.sd()).isZero();
        assertThat(s.ci95()).isZero();
    }

    @Test
    void anExactLineHasRSquaredOne() {
        Fit f = Fit.of(new double[] {10, 100, 1000, 10000}, new double[] {40396, 403636, 4036036, 40360036});
        assertThat(f.slope()).isCloseTo(4036.0, within(1e-9));
        assertThat(f.intercept()).isCloseTo(36.0, within(1e-6));
        assertThat(f.r2()).isEqualTo(1.0);
        assertThat(f.n()).isEqualTo(4);
    }

    @Test
    void aNoisyLine() {
        // x 1 2 3, y 1 3 2: slope = Sxy/Sxx = 1/2, intercept 2 - 0.5*2 = 1; R^2 = Sxy^2/(Sxx Syy) = 1/(2*2) = 0.25
        Fit f = Fit.of(new double[] {1, 2, 3}, new double[] {1, 3, 2});
        assertThat(f.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(f.intercept()).isCloseTo(1.0, within(1e-12));
        assertThat(f.r2()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void aConstantHasSlopeZeroAndNoRSquared() {
        Fit f = Fit.of(new double[] {1, 2, 3}, new double[] {4096, 4096, 4096});
        assertThat(f.slope()).isZero();
        assertThat(f.r2()).isNaN();
    }

    @Test
    void numbersAsText() {
        assertThat(Num.format(2.0)).isEqualTo("2");
        assertThat(Num.format(2.4841377118)).isEqualTo("2.48414");
        assertThat(Num.format(403604036.0)).isEqualTo("403604036");
        assertThat(Num.format(4036.000000001)).isEqualTo("4036");
        assertThat(Num.format(44396.25)).isEqualTo("44396.25");
        assertThat(Num.format(0.000123456789)).isEqualTo("0.000123457");
        assertThat(Num.format(-1.5)).isEqualTo("-1.5");
        assertThat(Num.format(Double.NaN)).isEmpty();
    }

    static final List<String> COLS = List.of("model", "workload", "params", "seed", "bytes");

    static ResultTable sweep() {
        return new ResultTable(COLS, List.of(
                List.of("a", "w", "n=10;k=1", "1", "110"), List.of("a", "w", "n=10;k=1", "2", "130"),
                List.of("a", "w", "n=20;k=1", "1", "210"), List.of("a", "w", "n=20;k=1", "2", "210"),
                List.of("a", "w", "n=40;k=1", "1", "410"), List.of("a", "w", "n=40;k=1", "2", "410"),
                List.of("b", "w", "n=10;k=1", "1", "7"), List.of("b", "w", "n=20;k=1", "1", "7"),
                List.of("b", "w", "n=40;k=1", "1", ""),
                List.of("c", "w", "n=10;k=1", "1", "1"), List.of("c", "w", "n=20;k=1", "1", "2")));
    }

    @Test
    void summaryGroupsEverythingButTheSeed() {
        StatTable t = Statistics.summary(sweep(), List.of("model", "workload", "params", "seed"), List.of(new Column("bytes", "B")));
        assertThat(t.columns()).containsExactly("model", "workload", "params", "metric", "unit", "n", "mean", "sd", "ci95");
        assertThat(t.textCols()).isEqualTo(5);
        assertThat(t.rows()).hasSize(3 + 2 + 2); // b at n=40 has no value
        assertThat(t.rows().get(0)).containsExactly("a", "w", "n=10;k=1", "bytes", "B", "2", "120", "14.1421", "127.062");
        assertThat(t.rows().get(1)).containsExactly("a", "w", "n=20;k=1", "bytes", "B", "2", "210", "0", "0");
        assertThat(t.rows().get(3)).containsExactly("b", "w", "n=10;k=1", "bytes", "B", "1", "7", "", "");
    }

    @Test
    void fitsOnlyParametersWithThreeValues() {
        List<Statistics.Sweep> sweeps = Statistics.sweeps(sweep(), List.of("model", "workload", "params", "seed"), "params");
        assertThat(sweeps).extracting(Statistics.Sweep::key).containsExactly("n", "n"); // a and b; c has two values, k one
        StatTable t = Statistics.fits(sweep(), List.of("model", "workload", "params", "seed"), "params", List.of(new Column("bytes", "B")));
        assertThat(t.columns()).containsExactly("model", "workload", "other_params", "parameter", "metric", "slope_unit", "slope",
                "intercept", "r2", "n");
        // model a: six points (both seeds); b has only two values of n with a number: no fit
        assertThat(t.rows()).hasSize(1);
        List<String> a = t.rows().get(0);
        assertThat(a.subList(0, 6)).containsExactly("a", "w", "k=1", "n", "bytes", "B per n");
        assertThat(Double.parseDouble(a.get(6))).isCloseTo(9.714286, within(1e-5)); // Sxy / Sxx = 9066.67 / 933.33
        assertThat(Double.parseDouble(a.get(7))).isCloseTo(20.0, within(1e-6));
        assertThat(a.get(9)).isEqualTo("6");
        assertThat(Double.parseDouble(a.get(8))).isCloseTo(0.997089, within(1e-6));
    }
}
