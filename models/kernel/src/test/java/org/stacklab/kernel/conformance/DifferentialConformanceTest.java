package org.stacklab.kernel.conformance;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DESIGN.md rule 3 on the hand-written scenarios: each runs on every model, and per-thread
 * observations, final registers, PCs and states must be identical ({@link Differential}). Skipped when
 * fewer than two models are on the classpath (e.g. inside one model's module).
 */
class DifferentialConformanceTest {

    static Stream<Arguments> scenarios() {
        return Scenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
