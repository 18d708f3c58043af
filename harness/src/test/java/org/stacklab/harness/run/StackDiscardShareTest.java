package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.kernel.Preemptibility;

/**
 * {@code stack_discard_share} is "the measured fraction of blocks that saved a continuation and gave up
 * their stack; the rest kept it" (README, CSV columns): so in {@code continuation} every block either
 * discards or keeps the stack, {@code stack_discards + stack_keeps = blocks}, and the share is at most 1.
 */
class StackDiscardShareTest {

    /**
     * Regression (found by the latency workload): one 32 KB string copy under {@code --preempt pp
     * --preempt-chunk 1024} while an interrupt releases a priority-200 thread twice. The copier is
     * preempted at a preemption point in the copy; that is a preemption ({@code blocks_preemption}), like
     * the return-to-user one, not a block, so it must not count as a stack discard (it once did: share
     * 1.125).
     */
    @Test
    void aPreemptionInACopyIsNotADiscardedBlock() {
        Map<String, String> params = Map.of("copies", "1", "copy_bytes", "32768", "rounds", "1", "chunks", "0",
                "periods", "2", "period_us", "50");
        RunSpec spec = new RunSpec("ppro200", "continuation", "latency", params, 1).withPreempt(Preemptibility.PP, 1024);
        ResultRow r = new Runner(w -> { }).run(spec).row();

        assertThat((Long) r.get(Metric.BLOCKS_PREEMPTION)).as("the copy was preempted").isPositive();
        assertThat((Long) r.get(Metric.STACK_DISCARDS) + (Long) r.get(Metric.STACK_KEEPS))
                .as("every block discards or keeps the stack, nothing else does").isEqualTo((Long) r.get(Metric.BLOCKS));
        assertThat(((Number) r.get(Metric.STACK_DISCARD_SHARE)).doubleValue()).isLessThanOrEqualTo(1.0);
    }
}
