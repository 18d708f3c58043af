package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.irq.Interrupts;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.SyscallKind;

/**
 * Device interrupts delivered as IPC (issue 3, deliverable 5; {@link Interrupts}): the message (tag label
 * 0xFFF0, u = t = 0, from = {@code GlobalId(irq, 1)}), pending delivery on the handler's next receive,
 * missed firings, a higher-priority handler preempting a computing thread, latency samples on every
 * model, and the differential on {@link InterruptScenarios}.
 */
class InterruptConformanceTest {

    private static final ThreadId IRQ = InterruptScenarios.IRQ_ID;

    /** The interrupt message as the handler observes it. */
    static Observation interrupt(ThreadId irq) {
        return new Observation(SyscallKind.IPC, irq.raw(), Interrupts.TAG, 0, new long[0]);
    }

    @EveryModel
    void theInterruptThreadIdIsGlobalIdIrqVersion1AndTheTagIs0xFFF0(KernelModelProvider model) {
        assertThat(IRQ.number()).isEqualTo(1);
        assertThat(IRQ.version()).isEqualTo(1);
        assertThat(IRQ.isGlobal()).isTrue();
        assertThat(IRQ.number()).as("system range").isLessThan(org.stacklab.kernel.tcb.TcbTable.FIRST_USER_NUMBER);
        assertThat(Interrupts.TAG).isEqualTo(0xFFF00000L);
    }

    @EveryModel
    void anInterruptIsDeliveredToAWaitingHandlerInAClosedAndAnOpenWait(KernelModelProvider model) {
        Outcome o = InterruptScenarios.deliveredToWaitingHandler().run(model);

        assertThat(o.log("H")).containsExactly(interrupt(IRQ), interrupt(IRQ));
        assertThat(o.reg("H", 0)).as("from = the interrupt thread id").isEqualTo(IRQ.raw());
        assertThat(o.reg("H", 1)).as("tag").isEqualTo(Interrupts.TAG);
        assertThat(o.irqs().delivered()).isEqualTo(2);
        assertThat(o.irqs().missed()).isZero();
        assertThat(o.irqs().latencyCount()).isEqualTo(2);
        assertThat(o.irqs().latencyMax()).isGreaterThanOrEqualTo(0).isLessThan(20_000);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void anInterruptRaisedWhileTheHandlerRunsIsDeliveredOnItsNextReceive(KernelModelProvider model) {
        Outcome o = InterruptScenarios.pendingUntilNextReceive().run(model);

        assertThat(o.log("H")).containsExactly(interrupt(IRQ));
        assertThat(o.reg("H", 9)).isEqualTo(7);
        assertThat(o.irqs().delivered()).isEqualTo(1);
        assertThat(o.irqs().latencyCount()).isEqualTo(1);
        assertThat(o.irqs().latencyMax()).as("pending from 10 000 until H's receive after its 50 000-cycle compute")
                .isGreaterThanOrEqualTo(40_000);
        assertThat(o.state("H")).isEqualTo(ThreadState.HALTED);
    }

    @EveryModel
    void firingsWhileTheIrqIsPendingAreCountedAsMissed(KernelModelProvider model) {
        Outcome o = InterruptScenarios.missedWhilePending().run(model);

        assertThat(o.log("H")).containsExactly(interrupt(IRQ), Expect.error(0x3));
        assertThat(o.irqs().raised()).isEqualTo(3);
        assertThat(o.irqs().delivered()).isEqualTo(1);
        assertThat(o.irqs().missed()).isEqualTo(2);
    }

    @EveryModel
    void aHigherPriorityHandlerPreemptsAComputingThreadAtOnce(KernelModelProvider model) {
        Scenario s = InterruptScenarios.handlerPreemptsComputation();
        Outcome o = s.run(model);

        assertThat(o.log("H")).containsExactly(interrupt(IRQ), Expect.sent(1));
        assertThat(o.log("Z")).as("the interrupt cut L's 10 ms compute")
                .containsExactly(Expect.received(s.ids().global("H"), 1), Expect.received(s.ids().global("L"), 2));
        assertThat(o.reg("L", 9)).isEqualTo(77);
        assertThat(o.irqs().latencyCount()).isEqualTo(1);
        assertThat(o.irqs().latencyMax()).as("taken at L's next instruction boundary: only kernel work in between")
                .isGreaterThanOrEqualTo(0).isLessThan(10_000);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void theInterruptThreadIdIsNoUserThread(KernelModelProvider model) {
        Outcome o = InterruptScenarios.irqIdIsNoUserThread().run(model);

        assertThat(o.log("H")).containsExactly(Expect.error(0x4), interrupt(IRQ));
        assertThat(o.log("O")).containsExactly(Expect.error(0x5), Expect.error(0x5));
    }

    @EveryModel
    void aPendingInterruptCompletesTheReceivePhaseOfASendAndReceive(KernelModelProvider model) {
        Scenario s = InterruptScenarios.interruptDuringSendPhase();
        Outcome o = s.run(model);

        assertThat(o.log("H")).containsExactly(interrupt(IRQ));
        assertThat(o.log("S")).containsExactly(Expect.received(s.ids().global("H"), 5));
        assertThat(o.irqs().latencyCount()).isEqualTo(1);
    }

    @EveryModel
    void firingsAtTheSameCycleAreRaisedInIrqOrder(KernelModelProvider model) {
        Outcome o = InterruptScenarios.simultaneousFiringsInIrqOrder().run(model);

        assertThat(o.log("H")).containsExactly(interrupt(Interrupts.idOf(2)), interrupt(Interrupts.idOf(5)), Expect.error(0x3));
        assertThat(o.irqs().delivered()).isEqualTo(2);
        assertThat(o.irqs().missed()).isZero();
    }

    @EveryModel
    void latencyIsRecordedAndNonNegativeOnEveryScenario(KernelModelProvider model) {
        for (Scenario s : InterruptScenarios.catalogue()) {
            Outcome o = s.run(model);
            assertThat(o.irqs().latencyMax()).as(s.name()).isGreaterThanOrEqualTo(0);
            assertThat(o.irqs().latencySum()).as(s.name()).isGreaterThanOrEqualTo(0);
            assertThat(o.irqs().latencyCount()).as(s.name() + ": every delivered interrupt reached user mode, or its handler is still blocked")
                    .isLessThanOrEqualTo(o.irqs().delivered());
        }
    }

    static Stream<Arguments> scenarios() {
        return InterruptScenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
