package org.stacklab.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class MetricTest {
    @Test
    void decimalsAreFixedAndLocaleFree() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Metric.CYCLES_PER_OP.format(1234.5)).isEqualTo("1234.50");
            assertThat(Metric.CYCLES_PER_OP.format(0.125)).isEqualTo("0.13");
            assertThat(Metric.STACKS_IN_USE_AVG.format(1.0 / 3)).isEqualTo("0.333");
            assertThat(Metric.US_PER_OP.format(2.0)).isEqualTo("2.0000");
            assertThat(Metric.CYCLES_PER_OP.format(Double.NaN)).isEmpty();
            assertThat(Metric.OPS.format(12L)).isEqualTo("12");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void everyColumnHasADefinition() {
        for (Metric m : Metric.values()) {
            assertThat(m.description()).as(m.column()).isNotBlank();
            assertThat(m.column()).matches("[a-z][a-z0-9_]*");
            assertThat(Metric.byColumn(m.column())).isSameAs(m);
        }
    }

    @Test
    void rowsNeedEveryMetricOnce() {
        ResultRow.Builder b = ResultRow.builder().set(Metric.MODEL, "perthread");
        assertThatThrownBy(b::build).hasMessageContaining("lacks").hasMessageContaining("workload");
        assertThatThrownBy(() -> b.set(Metric.MODEL, "again")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ResultRow.builder().set(Metric.OPS, "many")).isInstanceOf(IllegalArgumentException.class);
    }
}
