package org.stacklab.kernel.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN.md rule 3 on the ThreadControl scenarios ({@link DeleteScenarios}), as {@link DifferentialConformanceTest}. */
class DeleteDifferentialConformanceTest {

    static Stream<Arguments> scenarios() {
        return DeleteScenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
