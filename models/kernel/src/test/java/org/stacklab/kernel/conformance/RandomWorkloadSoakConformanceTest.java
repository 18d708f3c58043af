package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import net.jqwik.api.Example;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * An opt-in soak run of the differential check: {@code -Dstacklab.kit.soak=5000} runs that many random
 * workloads (seed {@code stacklab.kit.seed}, default 1) on every model, groups the failures by the kind
 * of their first divergence, and fails with one line per group plus the smallest workload of each
 * group. Without the property it does nothing. Use it to hunt bugs; the property test
 * ({@link RandomWorkloadConformanceTest}) is the one that guards the build.
 */
class RandomWorkloadSoakConformanceTest {

    @Example
    void soak() {
        int count = Integer.getInteger("stacklab.kit.soak", 0);
        if (count <= 0) {
            return;
        }
        long seed = Long.getLong("stacklab.kit.seed", 1L);
        List<KernelModelProvider> models = AllModels.providers();
        var generator = RandomWorkloads.workloadsFor(AllModels.names()).generator(1000);
        Random random = new Random(seed);
        Map<String, List<RandomWorkloads.Workload>> groups = new TreeMap<>();
        Map<String, String> firstReport = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            Differential.Runs runs = Differential.runAll(w.scenario(), models);
            List<String> d = Differential.divergences(runs);
            if (d.isEmpty()) {
                continue;
            }
            String key = kind(d.get(0));
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(w);
            List<RandomWorkloads.Workload> g = groups.get(key);
            if (g.size() == 1 || size(w) < size(smallest(g))) {
                firstReport.put(key, Differential.report(runs, d));
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(groups.values().stream().mapToInt(List::size).sum()).append(" of ").append(count)
                .append(" random workloads diverge (seed ").append(seed).append(", models ").append(AllModels.names()).append("):\n");
        groups.forEach((k, g) -> sb.append("  ").append(g.size()).append(" x ").append(k).append('\n'));
        groups.forEach((k, g) -> sb.append("\n==== ").append(k).append("\nsmallest: ").append(smallest(g))
                .append(firstReport.get(k)));
        throw new AssertionError(sb.toString());
    }

    private static RandomWorkloads.Workload smallest(List<RandomWorkloads.Workload> g) {
        RandomWorkloads.Workload best = g.get(0);
        for (RandomWorkloads.Workload w : g) {
            if (size(w) < size(best)) {
                best = w;
            }
        }
        return best;
    }

    private static int size(RandomWorkloads.Workload w) {
        return w.threads().stream().mapToInt(t -> t.ops().size() + 1).sum();
    }

    /** A divergence line with the thread name, numbers and ids taken out, so equal kinds group together. */
    private static String kind(String divergence) {
        String s = divergence.replaceAll("thread '[^']*'", "thread *")
                .replaceAll("#\\d+", "#n")
                .replaceAll("\\(from=[^)]*\\)", "(...)")
                .replaceAll("0x[0-9a-f]+", "0x?")
                .replaceAll("\\d+ system calls", "n system calls");
        int threw = s.indexOf(" threw ");
        if (threw >= 0) {
            s = s.replaceAll("t\\d+\\(\\d+\\.\\d+\\)", "t?").replaceAll("[0-9a-f]{8,}", "?");
        }
        return s;
    }
}
