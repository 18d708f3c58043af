package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.irq.Interrupts;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workloads;

/**
 * The shipped {@code latency} workload (Fluke Table 6's setup) through the harness: every model ends
 * quiescent with the same {@code ops}, and the interrupt columns hold measured values; its long string
 * copies make the preemptibility axis matter (Fluke Table 6): the latency falls from {@code np} to
 * {@code pp} to {@code fp}.
 */
class LatencyWorkloadRunTest {

    @Test
    void latencyColumnsAreMeasuredAndOpsAgreeAcrossModels() {
        Map<String, String> params = Map.of("periods", "20", "rounds", "2000", "chunks", "100");
        List<RunSpec> specs = new ArrayList<>();
        for (String model : List.of("continuation", "perthread", "stateless")) {
            specs.add(new RunSpec("x86-64", model, "latency", params, 1));
        }
        List<RunResult> results = new Runner(w -> { }).runAll(specs);

        assertThat(results).hasSize(3);
        Object ops = results.get(0).row().get(Metric.OPS);
        for (RunResult r : results) {
            String model = r.spec().model();
            assertThat(r.row().get(Metric.OUTCOME)).as(model).isEqualTo("QUIESCENT");
            assertThat(r.row().get(Metric.OPS)).as(model + " ops").isEqualTo(ops);
            assertThat(r.row().get(Metric.IRQ_MISSED)).as(model).isEqualTo(0L);
            double avg = ((Number) r.row().get(Metric.IRQ_LATENCY_AVG_US)).doubleValue();
            double max = ((Number) r.row().get(Metric.IRQ_LATENCY_MAX_US)).doubleValue();
            assertThat(avg).as(model + " avg latency").isPositive().isLessThanOrEqualTo(max);
            assertThat(max).as(model + " max latency: well below the 1 ms period").isLessThan(1000.0);
        }
    }

    /** A shorter train than the defaults (40 ms on ppro200), with the default 32 KB copies. */
    private static final Map<String, String> AXIS = Map.of("periods", "40", "rounds", "400", "chunks", "40", "copies", "40");

    /** What one run measured: interrupts delivered, latency samples, their average and largest (cycles), ops. */
    private record Irq(long delivered, long samples, double avgCycles, long maxCycles, long missed, long ops) {
    }

    private static Irq run(KernelModelProvider m, Preemptibility p) {
        KernelOptions options = Runner.OPTIONS.withPreemption(p, KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES);
        Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), options);
        Workloads.load("latency", AXIS).install(k);
        assertThat(k.run()).as(m.name() + " " + p).isEqualTo(RunOutcome.QUIESCENT);
        Interrupts q = k.interrupts();
        return new Irq(q.delivered(), q.latencyCount(), (double) q.latencySum() / q.latencyCount(), q.latencyMax(), q.missed(),
                k.counters().ops);
    }

    @Test
    @DisplayName("long copies: latency falls from np to pp (every model) and from pp to fp (perthread); every model delivers every interrupt")
    void latencyFallsAlongThePreemptibilityAxis() {
        Map<String, Irq> np = new java.util.LinkedHashMap<>();
        Map<String, Irq> pp = new java.util.LinkedHashMap<>();
        for (KernelModelProvider m : Models.all()) {
            np.put(m.name(), run(m, Preemptibility.NP));
            pp.put(m.name(), run(m, Preemptibility.PP));
        }
        Irq fp = run(Models.byName("perthread"), Preemptibility.FP);
        assertThat(np).hasSize(3);

        List<Irq> all = new ArrayList<>(np.values());
        all.addAll(pp.values());
        all.add(fp);
        for (Irq r : all) {
            assertThat(r.delivered()).as("every model delivers every interrupt: " + r).isEqualTo(40);
            assertThat(r.samples()).as(r.toString()).isEqualTo(40);
            assertThat(r.missed()).as(r.toString()).isZero();
            assertThat(r.ops()).as("same ops: " + r).isEqualTo(all.get(0).ops());
        }
        for (String model : np.keySet()) {
            Irq n = np.get(model);
            Irq p = pp.get(model);
            assertThat(n.avgCycles()).as(model + " average: np >= pp").isGreaterThanOrEqualTo(p.avgCycles());
            assertThat(n.maxCycles()).as(model + " max: np >= pp").isGreaterThanOrEqualTo(p.maxCycles());
            // the copy makes the difference: np waits for a whole 32 KB copy, pp for at most 8 KB of it
            assertThat(n.maxCycles()).as(model + " max: np well above pp").isGreaterThan(p.maxCycles() + p.maxCycles() / 2);
        }
        Irq p = pp.get("perthread");
        assertThat(p.avgCycles()).as("perthread average: pp >= fp").isGreaterThanOrEqualTo(fp.avgCycles());
        assertThat(p.maxCycles()).as("perthread max: pp >= fp").isGreaterThanOrEqualTo(fp.maxCycles());
    }
}
