package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
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
 * The shipped workloads whose interrupts land in long string copies ({@code mix} with and without
 * kernel-mode faults in the copies, {@code latency}) under preemption points ({@code --preempt pp},
 * a small chunk so that copies are preempted often): observably identical on all three models, on
 * every shipped machine (DESIGN.md rule 3), with interrupts taken in the middle of copies and of
 * copies stopped at page faults.
 */
class PreemptedWorkloadsConformanceTest {

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String m : MachineProfiles.names()) {
            out.add(Arguments.of("mix", Map.of("clients", "5", "rounds", "3", "copy_bytes", "9000", "kernel_faults", "1",
                    "periods", "12", "period_us", "60"), m));
            out.add(Arguments.of("mix", Map.of("clients", "5", "rounds", "3", "copy_bytes", "9000", "kernel_faults", "0",
                    "periods", "12", "period_us", "60"), m));
            out.add(Arguments.of("latency", Map.of("periods", "10", "period_us", "100", "rounds", "50", "work", "100", "chunks", "5",
                    "chunk", "20000", "copies", "4", "copy_bytes", "20000"), m));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("matrix")
    void identicalUnderPreemptionPoints(String workload, Map<String, String> params, String machine) {
        Workload w = Workloads.load(workload, params);
        MachineProfile profile = MachineProfiles.load(machine);
        Scenario s = Scenario.named(workload + " " + params + "@" + machine).profile(profile)
                .options(KernelOptions.DEFAULT.withPreemption(Preemptibility.PP, 512));
        for (ThreadSpec t : w.threads()) {
            s.thread(t.name(), t.space(), t.priority(), t.program());
            if (t.exceptionHandler() != null) {
                s.exceptionHandler(t.name(), t.exceptionHandler());
            }
        }
        for (SpaceSpec sp : w.spaces()) {
            s.pagedSpace(sp.name(), sp.pager(), sp.premapStart(), sp.premapBytes());
        }
        for (InterruptSpec q : w.interrupts()) {
            s.interrupt(q.irq(), q.handler(), profile.cycles(q.firstMicros()), Math.max(1, profile.cycles(q.periodMicros())), q.count());
        }

        Differential.Runs runs = Differential.assertIdentical(s);

        assertThat(runs.outcomes()).hasSize(3);
        for (Outcome o : runs.outcomes().values()) {
            assertThat(o.end()).as(o.model()).isEqualTo(RunOutcome.QUIESCENT);
        }
    }
}
