package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Disabled;
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
     * Minimal reproducer: one 32 KB string copy under {@code --preempt pp --preempt-chunk 1024} while an
     * interrupt releases a priority-200 thread twice (the shipped {@code latency} workload cut down to
     * that). The copier is preempted at a preemption point in the copy:
     * {@code ContinuationKernel.copyThen}, case {@code Transfer.Preempted}, counts
     * {@code blocksPreemption++} (not part of {@code blocks}) and also {@code stackDiscards++}, so
     * {@code stack_discards} exceeds {@code blocks}. Measured: blocks 8, stack_discards 9, stack_keeps 0,
     * blocks_preemption 3, stack_discard_share 1.125. (On {@code mix} with {@code --preempt pp
     * --preempt-chunk 1024 --param copy_bytes=9000 --param kernel_faults=0 --param period_us=200}:
     * 1.012.) The return-to-user preemption ({@code returnToUser}) saves a continuation without counting
     * a discard, so the two preemption paths disagree too. Either the copy's preemption should not count
     * as a discard, or preemptions should enter the share's denominator (Draves's Table 1 counts
     * "preempt" among the blocks).
     */
    @Test
    @Disabled("bug: continuation counts a stack discard for a preemption at a preemption point in a string copy, "
            + "which is no block: stack_discards > blocks, stack_discard_share 1.125 > 1")
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
