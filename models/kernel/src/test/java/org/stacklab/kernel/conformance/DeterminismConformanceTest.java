package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * DESIGN.md rule 4: the same scenario run twice on the same model gives identical observations,
 * registers, states, cycle counts, counters and stack figures — also when another scenario ran in
 * between (no state may leak from one kernel instance to the next).
 */
class DeterminismConformanceTest {

    @EveryModel
    void theSameScenarioTwiceGivesIdenticalLogsCyclesAndCounters(KernelModelProvider model) {
        for (Scenario s : List.of(Scenarios.pingPong(8), Scenarios.fifoThreeSenders(), Scenarios.idleThreads(20),
                Scenarios.replyRightAfterCall(101, 100))) {
            Outcome first = s.run(model);
            Scenarios.preemptionAtKernelExit().run(model);
            Outcome second = s.run(model);

            assertThat(second.determinismKey()).as(s.name() + " on " + model.name() + "\nfirst:\n" + first.summary()
                    + first.counters() + "\nsecond:\n" + second.summary() + second.counters())
                    .isEqualTo(first.determinismKey());
            assertThat(first.cycles()).as("a run takes simulated time").isPositive();
        }
    }
}
