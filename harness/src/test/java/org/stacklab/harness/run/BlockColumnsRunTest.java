package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workloads;

/**
 * The blocks-by-kind columns and the continuation shares on the shipped workloads, through the runner:
 * the counts the workload's semantics fix are the same in every model.
 */
class BlockColumnsRunTest {
    private static final List<Metric> BY_KIND = List.of(Metric.BLOCKS_IPC_SEND, Metric.BLOCKS_IPC_RECEIVE, Metric.BLOCKS_EXCEPTION,
            Metric.BLOCKS_PAGE_FAULT, Metric.BLOCKS_PREEMPTION);

    private static Map<String, ResultRow> rows(String workload, Map<String, String> params) {
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (KernelModelProvider m : Models.all()) {
            RunSpec spec = new RunSpec("ppro200", m.name(), workload, params, 1);
            rows.put(m.name(), new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), m, Workloads.load(workload, params)).row());
        }
        return rows;
    }

    private static long n(ResultRow r, Metric m) {
        return (Long) r.get(m);
    }

    @Test
    void pingpongBlocksEachSideInItsReceivePhaseOncePerMessage() {
        int rounds = 300;
        Map<String, ResultRow> rows = rows("pingpong", Map.of("rounds", Integer.toString(rounds)));
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            ResultRow r = e.getValue();
            // the server waits first; then each Call blocks the client in its receive, each ReplyWait the server
            assertThat(n(r, Metric.BLOCKS_IPC_RECEIVE)).as(e.getKey()).isEqualTo(2L * rounds + 1);
            assertThat(n(r, Metric.BLOCKS_IPC_SEND)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.BLOCKS_EXCEPTION)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.BLOCKS_PAGE_FAULT)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.BLOCKS_PREEMPTION)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.BLOCKS)).as(e.getKey()).isEqualTo(2L * rounds + 1);
            assertThat(n(r, Metric.ROLLBACK_CYCLES)).as(e.getKey()).isZero();
            assertThat(r.text(Metric.PREEMPT)).isEqualTo("np");
        }
        ResultRow perthread = rows.get("perthread");
        ResultRow continuation = rows.get("continuation");
        ResultRow stateless = rows.get("stateless");
        assertThat(n(perthread, Metric.STACK_KEEPS)).as("every perthread block keeps its stack").isEqualTo(n(perthread, Metric.BLOCKS));
        assertThat(perthread.text(Metric.STACK_DISCARD_SHARE)).isEqualTo("0.000");
        assertThat(perthread.text(Metric.HANDOFF_SHARE)).isEqualTo("0.000");
        assertThat(stateless.text(Metric.STACK_DISCARD_SHARE)).isEqualTo("0.000");
        assertThat(stateless.text(Metric.HANDOFF_SHARE)).isEqualTo("0.000");
        assertThat(n(stateless, Metric.STACK_KEEPS)).isZero();
        // continuation: every block discards its stack; every one but the server's first hands it to the partner it woke
        assertThat(n(continuation, Metric.STACK_KEEPS)).isZero();
        assertThat(n(continuation, Metric.STACK_DISCARDS)).isEqualTo(n(continuation, Metric.BLOCKS));
        assertThat(continuation.text(Metric.STACK_DISCARD_SHARE)).isEqualTo("1.000");
        assertThat(n(continuation, Metric.HANDOFFS)).isEqualTo(2L * rounds);
        assertThat((Double) continuation.get(Metric.HANDOFF_SHARE)).isEqualTo((double) (2L * rounds) / (2L * rounds + 1));
    }

    @Test
    void everyTrapBlocksTheFaultingThreadOnceInItsExceptionCall() {
        int count = 40;
        Map<String, ResultRow> rows = rows("exception", Map.of("count", Integer.toString(count)));
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            ResultRow r = e.getValue();
            assertThat(n(r, Metric.BLOCKS_EXCEPTION)).as(e.getKey()).isEqualTo(count);
            assertThat(n(r, Metric.BLOCKS_IPC_RECEIVE)).as(e.getKey() + ": the handler's wait and each ReplyWait").isEqualTo(count + 1);
            assertThat(n(r, Metric.BLOCKS_IPC_SEND)).as(e.getKey()).isZero();
        }
        for (Metric m : BY_KIND) {
            assertThat(rows.values().stream().map(r -> r.get(m)).distinct()).as(m.column() + " in every model").hasSize(1);
        }
    }

    @Test
    void withoutBlocksTheSharesAreEmpty() {
        for (ResultRow r : rows("null-syscall", Map.of("iterations", "20")).values()) {
            assertThat(n(r, Metric.BLOCKS)).isZero();
            assertThat(r.text(Metric.STACK_DISCARD_SHARE)).isEmpty();
            assertThat(r.text(Metric.HANDOFF_SHARE)).isEmpty();
            // ThreadSwitch to itself keeps the CPU: no preemption
            assertThat(n(r, Metric.BLOCKS_PREEMPTION)).isZero();
        }
    }
}
