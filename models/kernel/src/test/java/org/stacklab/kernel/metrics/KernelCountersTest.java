package org.stacklab.kernel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Blocks by kind: each block counts once in {@code blocks} and once in its kind. */
class KernelCountersTest {

    @Test
    void eachBlockCountsOnceInBlocksAndOnceInItsKind() {
        KernelCounters c = new KernelCounters();
        c.countBlock(KernelCounters.BlockKind.IPC_SEND);
        c.countBlock(KernelCounters.BlockKind.IPC_RECEIVE);
        c.countBlock(KernelCounters.BlockKind.IPC_RECEIVE);
        c.countBlock(KernelCounters.BlockKind.EXCEPTION);
        c.countBlock(KernelCounters.BlockKind.PAGE_FAULT);
        assertThat(c.blocks).isEqualTo(5);
        assertThat(new long[] {c.blocksIpcSend, c.blocksIpcReceive, c.blocksException, c.blocksPageFault, c.blocksPreemption})
                .containsExactly(1, 2, 1, 1, 0);
        assertThat(c.rollbackCycles).isZero();
    }
}
