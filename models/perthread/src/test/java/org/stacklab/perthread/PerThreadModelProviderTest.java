package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.spi.KernelModelProvider;

class PerThreadModelProviderTest {

    @Test
    void theProviderIsRegisteredAsAService() {
        KernelModelProvider found = null;
        for (KernelModelProvider p : ServiceLoader.load(KernelModelProvider.class)) {
            if (p.name().equals("perthread")) {
                found = p;
            }
        }
        assertThat(found).isInstanceOf(PerThreadModelProvider.class);
        assertThat(found.description()).contains("Pistachio");
        assertThat(found.create()).isInstanceOf(PerThreadModel.class).isNotSameAs(found.create());
        assertThat(found.create().name()).isEqualTo("perthread");
    }
}
