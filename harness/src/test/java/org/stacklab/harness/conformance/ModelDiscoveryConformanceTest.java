package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * The conformance kit (models/kernel's test-jar, run here through surefire's
 * {@code dependenciesToScan}) finds the models with {@link ServiceLoader}. Here, where all three models
 * are on the classpath, a missing or broken {@code META-INF/services} entry would silently shrink the
 * differential check, so this test pins the set.
 */
class ModelDiscoveryConformanceTest {

    @Test
    void allThreeModelsAreRegisteredAsServices() {
        List<String> names = new ArrayList<>();
        for (KernelModelProvider p : ServiceLoader.load(KernelModelProvider.class)) {
            names.add(p.name());
            assertThat(p.create().name()).as("the model a provider creates has the provider's name").isEqualTo(p.name());
        }
        assertThat(names).containsExactlyInAnyOrder("continuation", "perthread", "stateless");
    }

    @Test
    void theKitIsOnTheTestClasspath() throws ClassNotFoundException {
        assertThat(Class.forName("org.stacklab.kernel.conformance.AllModels")).isNotNull();
    }
}
