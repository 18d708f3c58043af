package org.stacklab.harness.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.UserError;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;

class ModelsTest {
    @Test
    void fixedOrder() {
        assertThat(Models.names()).containsExactly("perthread", "continuation", "stateless");
    }

    @Test
    void eachProviderMakesAFreshModelWithItsName() {
        for (KernelModelProvider p : Models.all()) {
            assertThat(p.create()).isNotSameAs(p.create());
            assertThat(p.create().name()).isEqualTo(p.name());
            assertThat(p.description()).isNotBlank();
        }
    }

    @Test
    void selectKeepsTheFixedOrderAndDropsDuplicates() {
        assertThat(Models.select(List.of("stateless", "perthread,stateless")).stream().map(KernelModelProvider::name))
                .containsExactly("perthread", "stateless");
        assertThat(Models.select(List.of("all"))).isEqualTo(Models.all());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Models.byName("mach")).isInstanceOf(UserError.class)
                .hasMessage("unknown model 'mach'; valid models: perthread, continuation, stateless (or all)");
    }

    @Test
    void onlyPerthreadIsFullyPreemptible() {
        for (KernelModelProvider p : Models.all()) {
            assertThat(p.supports(Preemptibility.NP)).as(p.name()).isTrue();
            assertThat(p.supports(Preemptibility.PP)).as(p.name()).isTrue();
            assertThat(p.supports(Preemptibility.FP)).as(p.name()).isEqualTo(p.name().equals("perthread"));
            assertThat(Models.unsupported(p, Preemptibility.NP)).isNull();
        }
        assertThat(Models.unsupported(Models.byName("stateless"), Preemptibility.FP))
                .startsWith("model 'stateless' has no fully preemptible configuration (--preempt fp): its kernel runs atomically")
                .endsWith("; use --preempt pp or --preempt np");
        assertThatThrownBy(() -> Models.requireSupport(Models.byName("continuation"), Preemptibility.FP))
                .isInstanceOf(UserError.class).hasMessageContaining("continuation");
        assertThat(Models.selectsAll(List.of("perthread", "all"))).isTrue();
        assertThat(Models.selectsAll(List.of("perthread,stateless"))).isFalse();
    }
}
