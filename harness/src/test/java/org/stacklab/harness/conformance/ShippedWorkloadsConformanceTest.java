package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.SpaceSpec;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * Every shipped workload, on every shipped machine, is observably identical on all three models
 * (DESIGN.md rule 3): per thread the same observations in the same order, the same final registers
 * and states. The workloads run with small parameters so the whole matrix stays fast.
 */
class ShippedWorkloadsConformanceTest {

    /** Small parameters per shipped workload; a workload missing here runs with its defaults. */
    private static final Map<String, Map<String, String>> SMALL = Map.ofEntries(
            Map.entry("null-syscall", Map.of("iterations", "200")),
            Map.entry("exception", Map.of("count", "200")),
            Map.entry("flukeperf", Map.of("iterations", "60", "spawns", "10", "sleeps", "3")),
            Map.entry("forward", Map.of("rounds", "200")),
            Map.entry("pingpong", Map.of("rounds", "200")),
            Map.entry("null-rpc", Map.of("rounds", "200")),
            Map.entry("idle-threads", Map.of("clients", "40")),
            Map.entry("memtest", Map.of("bytes", "20000")),
            Map.entry("big-copy", Map.of("bytes", "20000", "rounds", "10")),
            Map.entry("latency", Map.of("periods", "6", "period_us", "200", "rounds", "200", "work", "100", "chunks", "20", "chunk", "20000",
                    "copies", "6", "copy_bytes", "5000")),
            Map.entry("mix", Map.of("clients", "6", "rounds", "3", "copy_bytes", "5000", "periods", "8", "period_us", "100")));

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String w : Workloads.names()) {
            for (String m : MachineProfiles.names()) {
                out.add(Arguments.of(w, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void shippedWorkloadIsObservablyIdenticalOnEveryModel(String workloadName, String machine) {
        Workload w = Workloads.load(workloadName, SMALL.getOrDefault(workloadName, Map.of()));
        Scenario s = Scenario.named(workloadName + "@" + machine).profile(MachineProfiles.load(machine));
        for (ThreadSpec t : w.threads()) {
            s.thread(t.name(), t.space(), t.priority(), t.program());
            if (t.exceptionHandler() != null) {
                s.exceptionHandler(t.name(), t.exceptionHandler());
            }
        }
        for (SpaceSpec sp : w.spaces()) {
            s.pagedSpace(sp.name(), sp.pager(), sp.premapStart(), sp.premapBytes());
        }
        MachineProfile profile = MachineProfiles.load(machine);
        for (InterruptSpec q : w.interrupts()) { // as Workload.install converts them
            s.interrupt(q.irq(), q.handler(), profile.cycles(q.firstMicros()), Math.max(1, profile.cycles(q.periodMicros())), q.count());
        }

        Differential.Runs runs = Differential.assertIdentical(s);

        assertThat(runs.outcomes()).hasSize(3);
        for (Outcome o : runs.outcomes().values()) {
            assertThat(o.end()).as(o.model()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(o.counters().ops()).as(o.model() + " completed system calls").isPositive();
        }
    }
}
