package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.KernelOptions;

/**
 * The latency distributions through the harness (issue 4, part 4): the percentile columns and
 * {@link RunResult#distributions()} on every model, for the shipped {@code latency} and {@code pingpong}
 * workloads.
 */
class LatencyDistributionRunTest {

    private static List<RunResult> allModels(String workload, Map<String, String> params, Preemptibility preempt) {
        List<RunSpec> specs = new ArrayList<>();
        for (String model : List.of("continuation", "perthread", "stateless")) {
            specs.add(new RunSpec("ppro200", model, workload, params, 1, preempt, KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES));
        }
        return new Runner(w -> { }).runAll(specs);
    }

    private static double num(RunResult r, Metric m) {
        return ((Number) r.row().get(m)).doubleValue();
    }

    @Test
    void latencyWorkloadHasOrderedPercentilesAndTheSameCountsOnEveryModel() {
        Map<String, String> params = Map.of("periods", "30", "rounds", "300", "chunks", "30", "copies", "30");
        for (Preemptibility preempt : List.of(Preemptibility.NP, Preemptibility.PP)) {
            for (RunResult r : allModels("latency", params, preempt)) {
                String what = r.spec().model() + " " + preempt.cliName();
                Distribution irq = r.distributions().get(Distribution.IRQ_LATENCY);
                Distribution call = r.distributions().get(Distribution.CALL_LATENCY);
                assertThat(irq.count()).as(what + ": one sample per interrupt delivered").isEqualTo(30);
                assertThat(call.count()).as(what + ": the client's and the copier's Calls").isEqualTo(300 + 30);
                assertThat(num(r, Metric.IRQ_LATENCY_P50_US)).as(what).isLessThanOrEqualTo(num(r, Metric.IRQ_LATENCY_P90_US));
                assertThat(num(r, Metric.IRQ_LATENCY_P90_US)).as(what).isLessThanOrEqualTo(num(r, Metric.IRQ_LATENCY_P99_US));
                assertThat(num(r, Metric.IRQ_LATENCY_P99_US)).as(what).isLessThanOrEqualTo(num(r, Metric.IRQ_LATENCY_MAX_US));
                assertThat(r.row().text(Metric.IRQ_LATENCY_MAX_US)).as(what + ": the histogram's max is the exact max")
                        .isEqualTo(Metric.IRQ_LATENCY_MAX_US.format(irq.max()));
                assertThat(r.row().text(Metric.IRQ_LATENCY_AVG_US)).as(what + ": the histogram's mean is the exact mean")
                        .isEqualTo(Metric.IRQ_LATENCY_AVG_US.format(irq.mean()));
                long p50 = (Long) r.row().get(Metric.CALL_LATENCY_P50_CYCLES);
                long p90 = (Long) r.row().get(Metric.CALL_LATENCY_P90_CYCLES);
                long p99 = (Long) r.row().get(Metric.CALL_LATENCY_P99_CYCLES);
                long max = (Long) r.row().get(Metric.CALL_LATENCY_MAX_CYCLES);
                assertThat(p50).as(what).isPositive().isLessThanOrEqualTo(p90);
                assertThat(p90).as(what).isLessThanOrEqualTo(p99);
                assertThat(p99).as(what).isLessThanOrEqualTo(max);
                assertThat(max).as(what + ": a 32 KB copy's Call is the slowest").isGreaterThan(10 * p50);
            }
        }
    }

    /**
     * pingpong: one Call per round; a round is the client's Call plus its few user instructions, so the
     * median Call latency is just under the round trip (2 x cycles_per_op: ops counts the server's
     * ReplyWait too) — measured, not assumed, on every model.
     */
    @Test
    void pingpongCallLatencyIsTheRoundTripLessTheClientsUserCode() {
        for (RunResult r : allModels("pingpong", Map.of("rounds", "2000", "work", "0"), Preemptibility.NP)) {
            String what = r.spec().model();
            Distribution call = r.distributions().get(Distribution.CALL_LATENCY);
            assertThat(call.count()).as(what).isEqualTo(2000);
            assertThat(r.distributions().get(Distribution.IRQ_LATENCY).count()).as(what + ": no interrupts").isZero();
            assertThat(r.row().text(Metric.IRQ_LATENCY_P50_US)).as(what + ": empty without samples").isEmpty();
            double roundTrip = 2 * num(r, Metric.CYCLES_PER_OP);
            long p50 = (Long) r.row().get(Metric.CALL_LATENCY_P50_CYCLES);
            assertThat((double) p50).as(what + ": p50 vs round trip " + roundTrip).isBetween(roundTrip - 40, roundTrip);
            assertThat(call.mean() * 2000).as(what + ": all Calls fit in the run").isLessThanOrEqualTo(num(r, Metric.CYCLES));
        }
    }

    @Test
    void aWorkloadWithoutCallsOrInterruptsLeavesThePercentilesEmpty() {
        RunResult r = new Runner(w -> { }).run(new RunSpec("ppro200", "perthread", "null-syscall", Map.of(), 1));
        for (Metric m : List.of(Metric.IRQ_LATENCY_P50_US, Metric.IRQ_LATENCY_P90_US, Metric.IRQ_LATENCY_P99_US,
                Metric.CALL_LATENCY_P50_CYCLES, Metric.CALL_LATENCY_P90_CYCLES, Metric.CALL_LATENCY_P99_CYCLES,
                Metric.CALL_LATENCY_MAX_CYCLES)) {
            assertThat(r.row().text(m)).as(m.column()).isEmpty();
        }
    }
}
