package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.time.Timers;

/**
 * ExchangeRegisters (semantics.md §7) and its aborts (§2.7; §8 vector 12) on every model: bit s gives a
 * blocked sender send-phase CANCELED (0x6), bit r a blocked receiver — WAITING, or a Call whose receive
 * phase is still pending — receive-phase CANCELED (0x7); the partner sees nothing; deadlines leave the
 * timer set ({@link Timers}; {@code Scenario.run} checks the kernel invariants after every run).
 */
class AbortConformanceTest {
    private static final long R = ExchangeRegisters.ABORT_RECEIVE;
    private static final long S = ExchangeRegisters.ABORT_SEND;

    @EveryModel
    void v12_abortSendGivesABlockedSender0x6AndTheReceiverSeesNothing(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortBlockedSender();
        Outcome o = s.run(model);

        assertThat(o.log("S")).containsExactly(Expect.error(0x6));
        assertThat(o.log("A")).as("old control: was sending; old ip: after S's system call")
                .containsExactly(Expect.exregs(s.ids().global("S"), S, 0, 6, 0, 0, 0));
        assertThat(o.log("R")).as("S left R's send queue").containsExactly(Expect.error(0x3));
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void v12_abortReceiveGivesABlockedReceiver0x7(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortBlockedReceiver();
        Outcome o = s.run(model);

        assertThat(o.log("W")).containsExactly(Expect.error(0x7));
        assertThat(o.log("A")).as("was receiving; then W is no longer waiting")
                .containsExactly(Expect.exregs(s.ids().global("W"), R, 0, 4, 0, 0, 0), Expect.error(0x2));
        assertThat(o.state("W")).isEqualTo(ThreadState.HALTED);
    }

    @EveryModel
    void abortReceiveOfACallWhoseReceivePhaseIsPendingGives0x7(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortRecvPendingCall();
        Outcome o = s.run(model);

        assertThat(o.log("C")).containsExactly(Expect.error(0x7));
        assertThat(o.log("S")).as("S got the call; its second Wait waits on").containsExactly(Expect.received(s.ids().local("C"), 1));
        assertThat(o.log("A")).as("RECV_PENDING counts as receiving").containsExactly(Expect.exregs(s.ids().global("C"), R, 0, 6, 0, 0, 0));
        assertThat(o.kernel().timers().size()).as("C's fixed receive deadline is gone").isZero();
        assertThat(o.state("S")).isEqualTo(ThreadState.WAITING);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void abortingAWaitWithADeadlineTakesItOutOfTheTimerSet(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortWaitWithDeadline();
        Outcome o = s.run(model);

        assertThat(o.log("W")).as("canceled, and no timeout later").containsExactly(Expect.error(0x7));
        assertThat(o.kernel().timers().size()).isZero();
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.cycles()).as("nobody waited for the 50 ms deadline").isLessThan(Scenario.smallProfile().cycles(AbortScenarios.T_LONG));
    }

    @EveryModel
    void abortReceiveLeavesASenderAloneAndAbortSendCancelsItsTimedSend(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortSendWithDeadline();
        Outcome o = s.run(model);

        assertThat(o.log("P")).containsExactly(Expect.error(0x6));
        assertThat(o.log("A")).containsExactly(Expect.exregs(s.ids().global("P"), S, 0, 6, 0, 0, 0),
                Expect.exregs(s.ids().global("P"), S, 0, 6, 0, 0, 0));
        assertThat(o.log("R")).containsExactly(Expect.error(0x3));
        assertThat(o.kernel().timers().size()).isZero();
    }

    @EveryModel
    void exregsOnAnotherSpaceAStaleIdNilOrAWildcardIsInvalidThread(KernelModelProvider model) {
        Outcome o = AbortScenarios.exregsPermission().run(model);

        assertThat(o.log("A")).containsExactly(Expect.exregsError(2), Expect.exregsError(2), Expect.exregsError(2), Expect.exregsError(2));
        assertThat(o.state("X")).as("X in another space was not aborted").isEqualTo(ThreadState.WAITING);
        assertThat(o.log("X")).isEmpty();
    }

    @EveryModel
    void aLocalDestIdComesBackGlobal(KernelModelProvider model) {
        Scenario s = AbortScenarios.exregsLocalId();
        Outcome o = s.run(model);

        assertThat(o.log("A")).as("B has not run: ip 0; A itself is in the call at 15")
                .containsExactly(Expect.exregs(s.ids().global("B"), 0, 0, 0, 0, 0, 0), Expect.exregs(s.ids().global("A"), 0, 0, 16, 0, 0, 0));
    }

    @EveryModel
    void exregsSetsSpIpFlagsHandleAndPagerAndTheThreadContinuesAtTheNewIp(KernelModelProvider model) {
        Scenario s = AbortScenarios.exregsSetsRegisters();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.exregsError(5), Expect.exregsError(5),
                Expect.exregs(s.ids().global("W"), R, 0, 4, 0, 0, 0),
                Expect.exregs(s.ids().global("W"), ExchangeRegisters.HALT, 0x1234, 7, 7, 8, 9));
        assertThat(o.log("W")).containsExactly(Expect.error(0x7));
        assertThat(o.reg("W", 9)).as("W continued at ip 6").isEqualTo(2);
        assertThat(o.reg("W", ExchangeRegisters.SP_REGISTER)).isEqualTo(0x1234);
    }

    @EveryModel
    void haltStopsAThreadOutsideIpcAndResumeLetsItContinue(KernelModelProvider model) {
        Scenario s = AbortScenarios.haltAndResume();
        Outcome o = s.run(model);
        long h = ExchangeRegisters.HALT;

        assertThat(o.log("A")).containsExactly(Expect.exregsError(5), Expect.exregsError(5),
                Expect.exregs(s.ids().global("W"), R, 0, 4, 0, 0, 0),
                Expect.exregs(s.ids().global("W"), h, 0, 4, 0, 0, 0),
                Expect.exregs(s.ids().global("W"), h, 0, 4, 0, 0, 0),
                Expect.exregs(s.ids().global("W"), h, 0, 5, 0, 0, 0),
                Expect.exregs(s.ids().global("B"), 0, 0, 0, 0, 0, 0));
        assertThat(o.log("W")).as("the abort's error, written or pending while stopped").containsExactly(Expect.error(0x7));
        assertThat(o.reg("W", 9)).isEqualTo(1);
        assertThat(o.state("W")).isEqualTo(ThreadState.HALTED);
        assertThat(o.state("B")).isEqualTo(ThreadState.STOPPED);
        assertThat(o.reg("B", 9)).as("B never ran").isZero();
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void abortingThreadsInNoIpcChangesNothing(KernelModelProvider model) {
        Scenario s = AbortScenarios.abortRunningAndReady();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.exregs(s.ids().global("A"), 0, 0, 8, 0, 0, 0),
                Expect.exregs(s.ids().global("B"), 0, 0, 0, 0, 0, 0));
        assertThat(o.state("B")).as("B's send to the halted A blocks for ever").isEqualTo(ThreadState.POLLING);
    }
}
