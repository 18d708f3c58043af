package org.stacklab.harness.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.UserError;
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
}
