package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.spi.KernelModelProvider;

/** ThreadSwitch and priority preemption (semantics.md §7, the SPI contract's scheduling rules). */
class SchedulingConformanceTest {

    @EveryModel
    void threadSwitchToSelfReturnsAtOnce(KernelModelProvider model) {
        Scenario s = Scenarios.threadSwitch("self");
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.threadSwitch(ids.global("A")), Expect.sent(1));
        assertThat(o.log("Z")).as("A kept the CPU").containsExactly(Expect.received(ids.global("A"), 1),
                Expect.received(ids.global("B"), 2), Expect.received(ids.global("C"), 3));
    }

    @EveryModel
    void yieldPutsTheCallerAtTheTailOfItsQueue(KernelModelProvider model) {
        Scenario s = Scenarios.threadSwitch("yield");
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.threadSwitch(ThreadId.NIL), Expect.sent(1));
        assertThat(o.log("Z")).as("B and C ran before A").containsExactly(Expect.received(ids.global("B"), 2),
                Expect.received(ids.global("C"), 3), Expect.received(ids.global("A"), 1));
    }

    @EveryModel
    void directedThreadSwitchRunsTheNamedThreadNext(KernelModelProvider model) {
        Scenario s = Scenarios.threadSwitch("directed");
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.threadSwitch(ids.global("C")), Expect.sent(1));
        assertThat(o.log("Z")).as("C first, then B, then A (at the tail)").containsExactly(
                Expect.received(ids.global("C"), 3), Expect.received(ids.global("B"), 2), Expect.received(ids.global("A"), 1));
    }

    @EveryModel
    void aHigherPriorityThreadMadeReadyBySendPreemptsAtKernelExit(KernelModelProvider model) {
        Scenario s = Scenarios.preemptionAtKernelExit();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("H")).containsExactly(Expect.received(ids.global("L"), 9), Expect.sent(1));
        assertThat(o.log("L")).containsExactly(Expect.sent(1), Expect.sent(1));
        assertThat(o.log("Z")).as("H ran as soon as L's send made it ready, before L's next send")
                .containsExactly(Expect.received(ids.global("H"), 4), Expect.received(ids.global("L"), 1));
    }
}
