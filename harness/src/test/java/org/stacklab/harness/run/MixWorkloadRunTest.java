package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;

/**
 * The shipped {@code mix} workload (Draves et al. SOSP'91 Tables 1–2) through the harness: the
 * continuation model keeps a second kernel stack only when the kernel itself takes a page fault in a
 * string copy (Draves §2.7, §3.4), and its discard and handoff shares are the measured ratios of its
 * counters; every model runs the same mix (ops, messages, blocks by kind but preemption).
 */
class MixWorkloadRunTest {
    private static final int CLIENTS = 12;
    private static final int ROUNDS = 5;
    private static final int COPY_BYTES = 6000;   // two pages per receive buffer

    private static Map<String, String> params(int kernelFaults) {
        Map<String, String> p = new HashMap<>();
        p.put("clients", Integer.toString(CLIENTS));
        p.put("rounds", Integer.toString(ROUNDS));
        p.put("copy_bytes", Integer.toString(COPY_BYTES));
        p.put("kernel_faults", Integer.toString(kernelFaults));
        p.put("user_faults", "1");
        p.put("exceptions", "1");
        p.put("periods", "20");          // a 10 ms train (ppro200): most releases preempt the mix, the last find the CPU idle
        p.put("period_us", "500");       // longer than any kernel path: no interrupt is pending when rt waits
        return p;
    }

    /** Runs {@code mix} on the three models; rows by model name. */
    private static Map<String, ResultRow> run(int kernelFaults) {
        List<RunSpec> specs = new ArrayList<>();
        for (String model : List.of("perthread", "continuation", "stateless")) {
            specs.add(new RunSpec("ppro200", model, "mix", params(kernelFaults), 1));
        }
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (RunResult r : new Runner(w -> { }).runAll(specs)) {
            rows.put(r.spec().model(), r.row());
        }
        assertThat(rows).hasSize(3);
        return rows;
    }

    private static long count(ResultRow r, Metric m) {
        return (Long) r.get(m);
    }

    private static double share(ResultRow r, Metric m) {
        return ((Number) r.get(m)).doubleValue();
    }

    private static void sameMixOnEveryModel(Map<String, ResultRow> rows, int kernelFaults) {
        long rpcs = (long) CLIENTS * ROUNDS;
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            ResultRow r = e.getValue();
            String model = e.getKey() + " (kernel_faults=" + kernelFaults + ")";
            assertThat(r.get(Metric.OUTCOME)).as(model).isEqualTo("QUIESCENT");
            assertThat(r.get(Metric.IRQ_MISSED)).as(model).isEqualTo(0L);
            assertThat(count(r, Metric.EXCEPTIONS)).as(model + " exceptions").isEqualTo(rpcs);
            assertThat(count(r, Metric.BLOCKS_EXCEPTION)).as(model + " exception blocks").isEqualTo(rpcs);
            // one user fault per round, plus (kernel_faults=1) one kernel fault per page of each receive buffer
            assertThat(count(r, Metric.BLOCKS_PAGE_FAULT)).as(model + " page-fault blocks")
                    .isEqualTo(rpcs + kernelFaults * 2 * rpcs);
            assertThat(count(r, Metric.BLOCKS_PREEMPTION)).as(model + ": the interrupt preempts the mix").isPositive();
            for (Metric same : List.of(Metric.OPS, Metric.MESSAGES, Metric.BLOCKS, Metric.BLOCKS_IPC_RECEIVE, Metric.BLOCKS_IPC_SEND)) {
                assertThat(r.get(same)).as(model + " " + same).isEqualTo(rows.get("perthread").get(same));
            }
        }
    }

    /** The shares are the measured ratios of the counters in the same row, not constants. */
    private static void sharesAreTheCounterRatios(ResultRow r, String what) {
        long blocks = count(r, Metric.BLOCKS);
        assertThat(blocks).as(what).isPositive();
        assertThat(count(r, Metric.STACK_DISCARDS) + count(r, Metric.STACK_KEEPS)).as(what + ": every block discards or keeps the stack")
                .isEqualTo(blocks);
        assertThat(count(r, Metric.HANDOFFS)).as(what + ": handoffs follow discards").isLessThanOrEqualTo(count(r, Metric.STACK_DISCARDS));
        assertThat(share(r, Metric.STACK_DISCARD_SHARE)).as(what + " stack_discard_share")
                .isCloseTo((double) count(r, Metric.STACK_DISCARDS) / blocks, within(0.0005));
        assertThat(share(r, Metric.HANDOFF_SHARE)).as(what + " handoff_share")
                .isCloseTo((double) count(r, Metric.HANDOFFS) / blocks, within(0.0005));
    }

    @Test
    @DisplayName("kernel_faults=1: continuation keeps a second stack while the kernel waits for a pager in a string copy")
    void kernelModeFaultsNeedASecondStack() {
        Map<String, ResultRow> rows = run(1);
        sameMixOnEveryModel(rows, 1);
        ResultRow c = rows.get("continuation");
        assertThat(count(c, Metric.STACKS_IN_USE_MAX)).isGreaterThan(1);
        sharesAreTheCounterRatios(c, "continuation, kernel_faults=1");
        long kernelFaults = 2L * CLIENTS * ROUNDS;
        assertThat(count(c, Metric.STACK_KEEPS)).as("the process-model fallback: one kept stack per kernel-mode fault").isEqualTo(kernelFaults);
        assertThat(share(c, Metric.STACK_DISCARD_SHARE)).as("most blocks still discard").isGreaterThan(0.5).isLessThan(1.0);
        assertThat(share(c, Metric.HANDOFF_SHARE)).isGreaterThan(0.0).isLessThan(share(c, Metric.STACK_DISCARD_SHARE) + 0.0005);
        for (String other : List.of("perthread", "stateless")) {
            assertThat(share(rows.get(other), Metric.STACK_DISCARD_SHARE)).as(other).isZero();
            assertThat(share(rows.get(other), Metric.HANDOFF_SHARE)).as(other).isZero();
        }
        assertThat(count(rows.get("stateless"), Metric.STACKS_IN_USE_MAX)).as("stateless restarts instead").isEqualTo(1);
        assertThat(count(rows.get("stateless"), Metric.RESTARTS)).isGreaterThanOrEqualTo(kernelFaults);
    }

    @Test
    @DisplayName("kernel_faults=0: one stack in continuation despite user faults, exceptions and preemption")
    void withoutKernelModeFaultsOneStackSuffices() {
        Map<String, ResultRow> rows = run(0);
        sameMixOnEveryModel(rows, 0);
        ResultRow c = rows.get("continuation");
        assertThat(count(c, Metric.STACKS_IN_USE_MAX)).isEqualTo(1);
        sharesAreTheCounterRatios(c, "continuation, kernel_faults=0");
        assertThat(count(c, Metric.STACK_KEEPS)).isZero();
        assertThat(share(c, Metric.STACK_DISCARD_SHARE)).isEqualTo(1.0);
        assertThat(share(c, Metric.HANDOFF_SHARE)).as("not every block hands off (e.g. the preempted client resumes)")
                .isGreaterThan(0.5).isLessThan(1.0);
        assertThat(count(rows.get("perthread"), Metric.STACKS_IN_USE_MAX)).as("perthread: a stack per thread in the kernel").isGreaterThan(1);
    }
}
