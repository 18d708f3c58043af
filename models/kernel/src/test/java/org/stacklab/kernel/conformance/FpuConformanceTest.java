package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.memory.Purpose;

/**
 * Lazy FPU switching (issue 3, deliverable 6; semantics.md §7): FPU registers persist per thread across
 * switches, a thread that never uses the FPU causes no save or restore, a deleted thread's state is
 * freed, and the differential on {@link FpuScenarios}.
 */
class FpuConformanceTest {

    private static long fpuAreaBytes(Outcome o) {
        return o.kernel().machine().kernelMemory().reserved(Purpose.FPU);
    }

    private static int stateBytes(Outcome o) {
        return o.kernel().machine().profile().fpuStateBytes();
    }

    @EveryModel
    void fpuRegistersPersistPerThreadAcrossSwitches(KernelModelProvider model) {
        Outcome o = FpuScenarios.interleaved().run(model);

        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.reg("A", 10)).as("A's f0 = 5 + 5, untouched by B").isEqualTo(10);
        assertThat(o.reg("A", 11)).as("A's f1").isEqualTo(5);
        assertThat(o.reg("B", 9)).as("B's f0 = 100 doubled twice, untouched by A").isEqualTo(400);
        var c = o.kernel().counters();
        assertThat(c.fpuTraps).isEqualTo(5);
        assertThat(c.fpuSaves).isEqualTo(4);
        assertThat(c.fpuRestores).isEqualTo(3);
        assertThat(fpuAreaBytes(o)).as("two save areas in kernel memory").isEqualTo(2L * stateBytes(o));
        assertThat(o.kernel().fpu().owner().name()).isEqualTo("A");
    }

    @EveryModel
    void aThreadThatNeverUsesTheFpuCausesNoSaveOrRestore(KernelModelProvider model) {
        Outcome o = FpuScenarios.nonFpuPartner().run(model);

        assertThat(o.reg("A", 9)).isEqualTo(7);
        assertThat(o.reg("A", 10)).isEqualTo(14);
        var c = o.kernel().counters();
        assertThat(c.fpuTraps).as("one per FPU instruction after a switch; the owner keeps the FPU").isEqualTo(3);
        assertThat(c.fpuSaves).isZero();
        assertThat(c.fpuRestores).isZero();
        assertThat(fpuAreaBytes(o)).isEqualTo(stateBytes(o));
    }

    @EveryModel
    void deletingTheFpuOwnerFreesItsStateAndClearsTheOwner(KernelModelProvider model) {
        Outcome o = FpuScenarios.deleteOwner().run(model);

        assertThat(o.state("D")).isEqualTo(ThreadState.DELETED);
        assertThat(o.reg("A", 9)).as("A's f2 = 11 + its own fresh f0 (0), not D's 3").isEqualTo(11);
        var c = o.kernel().counters();
        assertThat(c.fpuSaves).as("the deleted owner's state is discarded, nothing to save it for").isZero();
        assertThat(c.fpuRestores).isZero();
        assertThat(fpuAreaBytes(o)).as("only A's save area is left").isEqualTo(stateBytes(o));
        assertThat(o.kernel().machine().kernelMemory().peakReserved(Purpose.FPU)).isEqualTo(stateBytes(o));
    }

    @EveryModel
    void deletingAThreadWithSavedStateFreesItsSaveArea(KernelModelProvider model) {
        Outcome o = FpuScenarios.deleteSavedState().run(model);

        assertThat(o.state("D")).isEqualTo(ThreadState.DELETED);
        assertThat(o.reg("A", 9)).isEqualTo(11);
        assertThat(o.kernel().counters().fpuSaves).as("A took the FPU from D").isEqualTo(1);
        assertThat(fpuAreaBytes(o)).isEqualTo(stateBytes(o));
        assertThat(o.kernel().machine().kernelMemory().peakReserved(Purpose.FPU)).isEqualTo(2L * stateBytes(o));
    }

    static Stream<Arguments> scenarios() {
        return FpuScenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
