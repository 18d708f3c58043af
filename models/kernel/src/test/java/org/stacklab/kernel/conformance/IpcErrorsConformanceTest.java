package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;

/** semantics.md §8 vectors 1, 4 and 5: IPC errors that involve no partner (§5.1 codes 1 and 2). */
class IpcErrorsConformanceTest {

    @EveryModel
    void v1_zeroTimeoutSendToThreadNotWaitingFailsWithSendTimeoutAndSkipsTheReceivePhase(KernelModelProvider model) {
        Outcome o = Scenarios.sendZeroTimeoutToBusyThread().run(model);

        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.log("S")).as("S: Call with Zero send timeout to T, which is not waiting")
                .containsExactly(Expect.error(0x2));
        assertThat(o.state("S")).as("S's receive phase must not run: it goes on and halts").isEqualTo(ThreadState.HALTED);
        assertThat(o.reg("S", 0)).as("from = nil").isZero();
        assertThat(o.log("T")).as("nothing was queued for T: its Zero-timeout receive times out")
                .containsExactly(Expect.error(0x3));
    }

    @EveryModel
    void v4_closedReceiveFromAnInvalidIdFailsAtOnceEvenWithNever(KernelModelProvider model) {
        Outcome o = Scenarios.receiveFromInvalid().run(model);

        assertThat(o.log("R")).as("stale version, never-created number, unknown local id, system range")
                .containsExactly(Expect.error(0x5), Expect.error(0x5), Expect.error(0x5), Expect.error(0x5));
        assertThat(o.state("R")).isEqualTo(ThreadState.HALTED);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void v5_sendToStaleWildcardOrSystemRangeIdFailsWithNonExisting(KernelModelProvider model) {
        Outcome o = Scenarios.sendToInvalid().run(model);

        assertThat(o.log("S")).as("stale, never created, anythread, anylocalthread, system range, unknown local id, Call to stale")
                .containsExactly(Expect.error(0x4), Expect.error(0x4), Expect.error(0x4), Expect.error(0x4),
                        Expect.error(0x4), Expect.error(0x4), Expect.error(0x4));
        assertThat(o.state("S")).as("no send blocked and the Call's receive phase did not run").isEqualTo(ThreadState.HALTED);
        assertThat(o.log("X")).isEmpty();
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }
}
