package org.stacklab.kernel.conformance;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * DESIGN.md rule 3 on random programs ({@link RandomWorkloads}): every model must produce identical
 * per-thread observations, final registers and final states ({@link Differential}), and every run must
 * leave the kernel invariants intact. A cycle limit ({@link RandomWorkloads#CYCLE_LIMIT}) ends any
 * livelock. With a single model on the classpath only the invariants and "no exception" are checked.
 *
 * <p>On failure jqwik shrinks the workload; the shrunk sample prints as a readable program, and the
 * assertion message carries the full report (disassembly, each model's observations and states).
 */
@AddLifecycleHook(RandomWorkloadConformanceTest.SkipWithoutModels.class)
class RandomWorkloadConformanceTest {

    /** Skips the property when no model is on the classpath (as {@link AllModels} does for JUnit tests). */
    static final class SkipWithoutModels implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return AllModels.providers().isEmpty() ? SkipResult.skip("no KernelModelProvider on the classpath") : SkipResult.doNotSkip();
        }
    }

    @Property(tries = 2000)
    void everyModelObservesTheSameOnRandomWorkloads(@ForAll("workloads") RandomWorkloads.Workload w) {
        Differential.assertIdentical(w.scenario());
    }

    /** The random workloads ({@link RandomWorkloads#workloadsFor}: only flat and np ones where the reference model takes part). */
    @Provide
    Arbitrary<RandomWorkloads.Workload> workloads() {
        return RandomWorkloads.workloadsFor(AllModels.names());
    }
}
