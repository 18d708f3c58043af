package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.tcb.ThreadState;

/**
 * The headline result, measured (DESIGN.md rule 1): with N idle threads blocked in the kernel, the
 * per-thread model's kernel stack memory grows linearly with N, while the continuation and stateless
 * models keep one stack per CPU, whatever N. Checked on the stack meter's peaks for N = 10, 100, 1000.
 *
 * <p>"Linear" is checked exactly: the growth per added thread from 100 to 1000 equals the growth per
 * added thread from 10 to 100 (and is positive). "Flat" is exactly equal figures for all N.
 */
class StackMemoryConformanceTest {

    private static final int[] N = {10, 100, 1000};

    @EveryModel
    void kernelStackMemoryGrowsLinearlyOnlyInThePerThreadModel(KernelModelProvider model) {
        Map<Integer, Outcome> runs = new LinkedHashMap<>();
        for (int n : N) {
            Outcome o = Scenarios.idleThreads(n).run(model);
            for (int i = 0; i < n; i++) {
                assertThat(o.state("idle" + i)).as("idle thread %d blocks for ever", i).isEqualTo(ThreadState.WAITING);
            }
            assertThat(o.state("client")).isEqualTo(ThreadState.HALTED);
            runs.put(n, o);
        }
        String figures = describe(runs);
        if (model.name().equals("perthread")) {
            assertLinear("bytesInUsePeak", runs, o -> o.stacks().bytesInUsePeak(), figures);
            assertLinear("reservedBytesPeak", runs, o -> o.stacks().reservedBytesPeak(), figures);
            long perThreadReserved = (runs.get(100).stacks().reservedBytesPeak() - runs.get(10).stacks().reservedBytesPeak()) / 90;
            assertThat(perThreadReserved).as("perthread reserves one kernel stack per thread, at most the profile's "
                            + "kernelStackBytes (the stack may share that block with the TCB, as in L4)\n" + figures)
                    .isPositive().isLessThanOrEqualTo(Scenario.smallProfile().kernelStackBytes());
        } else {
            assertFlat("bytesInUsePeak", runs, o -> o.stacks().bytesInUsePeak(), figures);
            assertFlat("reservedBytesPeak", runs, o -> o.stacks().reservedBytesPeak(), figures);
        }
    }

    private static void assertLinear(String what, Map<Integer, Outcome> runs, ToLongFunction<Outcome> f, String figures) {
        long a = f.applyAsLong(runs.get(N[0]));
        long b = f.applyAsLong(runs.get(N[1]));
        long c = f.applyAsLong(runs.get(N[2]));
        long firstStep = b - a;
        long secondStep = c - b;
        assertThat(firstStep).as(what + " must grow with N\n" + figures).isPositive();
        assertThat(secondStep * (N[1] - N[0])).as(what + ": the growth per added thread must be the same from "
                        + N[1] + " to " + N[2] + " (" + secondStep + " for " + (N[2] - N[1]) + " threads) as from " + N[0] + " to "
                        + N[1] + " (" + firstStep + " for " + (N[1] - N[0]) + " threads)\n" + figures)
                .isEqualTo(firstStep * (N[2] - N[1]));
    }

    private static void assertFlat(String what, Map<Integer, Outcome> runs, ToLongFunction<Outcome> f, String figures) {
        long first = f.applyAsLong(runs.get(N[0]));
        for (int n : N) {
            assertThat(f.applyAsLong(runs.get(n))).as(what + " must not depend on the number of threads (N = " + n + ")\n" + figures)
                    .isEqualTo(first);
        }
        assertThat(first).as(what + " is measured, so it cannot be zero for a kernel that ran system calls\n" + figures)
                .isPositive();
    }

    private static String describe(Map<Integer, Outcome> runs) {
        StringBuilder sb = new StringBuilder();
        runs.forEach((n, o) -> sb.append("  N=").append(n).append(": ").append(o.stacks()).append('\n'));
        return sb.toString();
    }
}
