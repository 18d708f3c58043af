package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * The shipped {@code fpu-pingpong} workload through every model: lazy FPU switching shows in the
 * {@code fpu_*} columns with the counts the workload documents, the same in every model, and a bigger
 * FPU save area ({@code fpuStateBytes}) costs more cycles.
 */
class FpuPingpongRunTest {
    private static final int ROUNDS = 50;

    private static ResultRow run(MachineProfile p, KernelModelProvider model, String fpu) {
        Map<String, String> params = Map.of("rounds", Integer.toString(ROUNDS), "fpu", fpu);
        Runner runner = new Runner(w -> { });
        RunSpec spec = new RunSpec(p.name(), model.name(), "fpu-pingpong", params, 1);
        return runner.run(spec, p, model, Workloads.load("fpu-pingpong", params)).row();
    }

    private static long count(ResultRow r, Metric m) {
        return (Long) r.get(m);
    }

    @Test
    @DisplayName("fpu=1: traps 2 + 2 x rounds, saves 1 + 2 x rounds, restores 2 x rounds in every model")
    void fpuColumns() {
        MachineProfile p = MachineProfiles.load("ppro200");
        for (KernelModelProvider m : Models.all()) {
            ResultRow r = run(p, m, "1");
            assertThat(count(r, Metric.FPU_TRAPS)).as(m.name()).isEqualTo(2 + 2L * ROUNDS);
            assertThat(count(r, Metric.FPU_SAVES)).as(m.name()).isEqualTo(1 + 2L * ROUNDS);
            assertThat(count(r, Metric.FPU_RESTORES)).as(m.name()).isEqualTo(2L * ROUNDS);
            ResultRow none = run(p, m, "0");
            // the two first uses, and the client's final fmov (it still owns the FPU: nothing to save or load)
            assertThat(count(none, Metric.FPU_TRAPS)).as(m.name() + " fpu=0").isEqualTo(3);
            assertThat(count(none, Metric.FPU_SAVES)).as(m.name()).isEqualTo(1);
            assertThat(count(none, Metric.FPU_RESTORES)).as(m.name()).isZero();
            assertThat(count(r, Metric.OPS)).isEqualTo(count(none, Metric.OPS));
            assertThat(count(r, Metric.CYCLES)).as(m.name() + ": the traps cost cycles").isGreaterThan(count(none, Metric.CYCLES));
        }
    }

    @Test
    @DisplayName("the FPU registers survive every switch: client r6 = rounds, server r6 = 2 x rounds")
    void fpuStatePersists() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = new Kernel(new Machine(MachineProfiles.load("x86-64")), m.create(), KernelOptions.DEFAULT);
            Workload w = Workloads.load("fpu-pingpong", Map.of("rounds", Integer.toString(ROUNDS)));
            w.install(k);
            k.run();
            for (Tcb t : k.threads()) {
                long expected = t.name().startsWith("client") ? ROUNDS : 2L * ROUNDS;
                assertThat(t.user().reg(6)).as(m.name() + " " + t.name()).isEqualTo(expected);
                assertThat(t.user().reg(15)).as(m.name() + " " + t.name()).isZero();
            }
        }
    }

    @Test
    @DisplayName("a larger FPU save area (FXSAVE 512 bytes vs the 64-byte default) costs more cycles, same counts")
    void saveAreaSizeCosts() {
        MachineProfile big = MachineProfiles.load("x86-64");
        MachineProfile small = new MachineProfile(big.name(), big.description(), big.clockMhz(), big.wordBytes(), big.cpus(),
                big.l1i(), big.l1d(), big.l2(), big.tlb(), big.cost(), big.kernelStackBytes(), big.tcbAlignment(),
                big.calleeSavedRegisters(), big.userRegisters(), big.tcbLookup());
        assertThat(small.fpuStateBytes()).isLessThan(big.fpuStateBytes());
        for (KernelModelProvider m : Models.all()) {
            ResultRow a = run(big, m, "1");
            ResultRow b = run(small, m, "1");
            assertThat(count(a, Metric.FPU_SAVES)).isEqualTo(count(b, Metric.FPU_SAVES));
            assertThat(count(a, Metric.CYCLES)).as(m.name()).isGreaterThan(count(b, Metric.CYCLES));
        }
    }
}
