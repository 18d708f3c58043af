package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.Machine;

/**
 * The preemptibility axis (Fluke §5; issue 3, deliverable 8): every model has the non-preemptible
 * configuration, says which others it has, and a kernel refuses options its model lacks. With no
 * interrupt pending, preemptibility cannot change what user programs observe.
 */
class PreemptibilityConformanceTest {

    @EveryModel
    void everyModelIsNonPreemptibleAndExplainsWhatItLacks(KernelModelProvider model) {
        assertThat(model.supports(Preemptibility.NP)).isTrue();
        for (Preemptibility p : Preemptibility.values()) {
            if (!model.supports(p)) {
                assertThat(model.whyUnsupported(p)).as(model.name() + " " + p).isNotBlank();
                KernelOptions o = KernelOptions.DEFAULT.withPreemption(p, 4096);
                assertThatThrownBy(() -> new Kernel(new Machine(Scenario.smallProfile()), model.create(), o))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(model.name()).hasMessageContaining(p.cliName());
            }
        }
    }

    @EveryModel
    void withoutInterruptsEveryConfigurationObservesWhatNpObserves(KernelModelProvider model) {
        Outcome np = Scenarios.pingPong(8).run(model);
        for (Preemptibility p : Preemptibility.values()) {
            if (!model.supports(p)) {
                continue;
            }
            for (int chunk : new int[] {1, KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES}) {
                Scenario s = Scenarios.pingPong(8).preempt(p, chunk);
                assertThat(s.options().preemptibility()).isEqualTo(p);
                assertThat(s.options().preemptChunkBytes()).isEqualTo(chunk);
                Outcome o = s.run(model);
                assertThat(o.kernel().options().preemptibility()).as("Kernel.options()").isEqualTo(p);
                assertThat(o.kernel().options().preemptChunkBytes()).isEqualTo(chunk);
                for (String t : new String[] {"client", "server"}) {
                    assertThat(o.log(t)).as(p + " " + chunk + " " + t).isEqualTo(np.log(t));
                    assertThat(o.thread(t).registers()).as(p + " " + chunk + " " + t).isEqualTo(np.thread(t).registers());
                }
            }
        }
    }
}
