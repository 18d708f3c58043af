package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;

/**
 * The shipped {@code latency} workload (Fluke Table 6's setup) through the harness: every model ends
 * quiescent with the same {@code ops}, and the interrupt columns hold measured values.
 */
class LatencyWorkloadRunTest {

    @Test
    void latencyColumnsAreMeasuredAndOpsAgreeAcrossModels() {
        Map<String, String> params = Map.of("periods", "20", "rounds", "2000", "chunks", "100");
        List<RunSpec> specs = new ArrayList<>();
        for (String model : List.of("continuation", "perthread", "stateless")) {
            specs.add(new RunSpec("x86-64", model, "latency", params, 1));
        }
        List<RunResult> results = new Runner(w -> { }).runAll(specs);

        assertThat(results).hasSize(3);
        Object ops = results.get(0).row().get(Metric.OPS);
        for (RunResult r : results) {
            String model = r.spec().model();
            assertThat(r.row().get(Metric.OUTCOME)).as(model).isEqualTo("QUIESCENT");
            assertThat(r.row().get(Metric.OPS)).as(model + " ops").isEqualTo(ops);
            assertThat(r.row().get(Metric.IRQ_MISSED)).as(model).isEqualTo(0L);
            double avg = ((Number) r.row().get(Metric.IRQ_LATENCY_AVG_US)).doubleValue();
            double max = ((Number) r.row().get(Metric.IRQ_LATENCY_MAX_US)).doubleValue();
            assertThat(avg).as(model + " avg latency").isPositive().isLessThanOrEqualTo(max);
            assertThat(max).as(model + " max latency: well below the 1 ms period").isLessThan(1000.0);
        }
    }
}
