package org.stacklab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.machine.Machine;

/** The kernel options, with the preemptibility axis (Fluke §5). */
class KernelOptionsTest {

    @Test
    void theDefaultIsNonPreemptibleWithAnEightKilobyteChunk() {
        assertThat(KernelOptions.DEFAULT.preemptibility()).isEqualTo(Preemptibility.NP);
        assertThat(KernelOptions.DEFAULT.preemptChunkBytes()).isEqualTo(8192);
        KernelOptions o = new KernelOptions(false, 1000);
        assertThat(o.preemptibility()).isEqualTo(Preemptibility.NP);
        assertThat(o.preemptChunkBytes()).isEqualTo(KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES);
    }

    @Test
    void withersKeepTheOtherOptions() {
        KernelOptions pp = new KernelOptions(false, 1000).withPreemption(Preemptibility.PP, 512);
        assertThat(pp).isEqualTo(new KernelOptions(false, 1000, Preemptibility.PP, 512));
        assertThat(pp.withCycleLimit(77)).isEqualTo(new KernelOptions(false, 77, Preemptibility.PP, 512));
        assertThat(Scenario.named("x").preempt(Preemptibility.FP, 64).cycleLimit(99).options())
                .isEqualTo(new KernelOptions(true, 99, Preemptibility.FP, 64));
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> new KernelOptions(true, 10, null, 8)).hasMessageContaining("preemptibility");
        assertThatThrownBy(() -> new KernelOptions(true, 10, Preemptibility.PP, 0)).hasMessageContaining("preemptChunkBytes");
        assertThatThrownBy(() -> new KernelOptions(true, 0)).hasMessageContaining("cycleLimit");
    }

    @Test
    void preemptibilityNamesAreTheCommandLineNames() {
        assertThat(Preemptibility.values()).extracting(Preemptibility::cliName).containsExactly("np", "pp", "fp");
        assertThat(Preemptibility.PP).hasToString("pp");
        assertThat(Preemptibility.parse(" FP ")).isEqualTo(Preemptibility.FP);
        assertThatThrownBy(() -> Preemptibility.parse("full")).hasMessageContaining("'full'").hasMessageContaining("np, pp, fp");
    }

    @Test
    void aModelThatDeclaresNothingIsOnlyNonPreemptible() {
        var model = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);
        assertThat(model.supports(Preemptibility.NP)).isTrue();
        assertThat(model.supports(Preemptibility.PP)).isFalse();
        assertThat(model.supports(Preemptibility.FP)).isFalse();
        assertThatThrownBy(() -> new Kernel(new Machine(Scenario.smallProfile()), model.create(),
                KernelOptions.DEFAULT.withPreemption(Preemptibility.FP, 8192)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no fp configuration");
    }
}
