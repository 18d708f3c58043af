package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import org.stacklab.kernel.conformance.RandomWorkloads;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.SpaceSpec;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * A random workload of the conformance kit prints ({@link RandomWorkloads.Workload#workloadFile()}, also the
 * end of its {@code toString()}, which jqwik shows for a shrunk failure) as a workload file that the
 * workloads module loads into exactly the threads, programs, paged spaces and interrupt source the kit ran:
 * a failure can be replayed with {@code stacklab run} as it is.
 */
class RandomWorkloadFileTest {

    @Example
    void everyGeneratedWorkloadPrintsAsAFileThatLoadsIntoTheSameScenario() throws IOException {
        var generator = RandomWorkloads.workloads().generator(1000);
        Random random = new Random(5);
        Path dir = Files.createTempDirectory("stacklab-random");
        int paged = 0;
        for (int i = 0; i < 300; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            Path file = dir.resolve("random-" + i + ".yaml");
            Files.writeString(file, w.workloadFile());
            Workload loaded = Workloads.load(file.toString(), Map.of());
            Scenario s = w.scenario();
            List<Scenario.ThreadSpec> expected = s.threads();
            assertThat(loaded.threads()).as(file + "\n" + w).hasSameSizeAs(expected);
            for (int t = 0; t < expected.size(); t++) {
                ThreadSpec got = loaded.threads().get(t);
                Scenario.ThreadSpec want = expected.get(t);
                assertThat(got.name()).isEqualTo(want.name());
                assertThat(got.space()).isEqualTo(want.space());
                assertThat(got.priority()).isEqualTo(want.priority());
                assertThat(got.program().code()).as(file + ": program of " + want.name()).isEqualTo(s.programs().get(t).code());
            }
            assertThat(loaded.spaces()).as(file.toString()).isEqualTo(s.pagedSpaces().stream()
                    .map(p -> new SpaceSpec(p.space(), p.pager(), p.premapStart(), p.premapBytes())).toList());
            long tick = s.profile().cycles(org.stacklab.kernel.time.Timers.TICK_MICROS);
            assertThat(loaded.interrupts()).as(file.toString()).isEqualTo(s.interrupts().stream()
                    .map(q -> new InterruptSpec(q.irq(), q.handler(), q.period() / tick * 1000, q.first() / tick * 1000, q.count())).toList());
            paged += loaded.spaces().isEmpty() ? 0 : 1;
        }
        assertThat(paged).as("files with a spaces: section").isPositive();
    }
}
