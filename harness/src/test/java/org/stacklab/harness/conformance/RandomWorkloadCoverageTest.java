package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Example;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.RandomWorkloads;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.user.Observation;

/**
 * What the random workloads of the conformance kit ({@link RandomWorkloads}) reach, measured on 300 of them
 * (seed 11) on the stateless model (the one whose copy restarts): the memory features of issue 3 must
 * occur in a fair share of them — user page faults, kernel-mode faults during a copy, copies cut short by
 * overflow, map items applied, preemption points taken inside a copy — so the 2,000-try differential
 * really exercises them. {@code -Dstacklab.kit.coverage=print} prints the figures.
 */
class RandomWorkloadCoverageTest {

    @Example
    void theRandomWorkloadsReachTheMemoryFeatures() {
        KernelModelProvider model = Models.byName("stateless");
        var generator = RandomWorkloads.workloads().generator(1000);
        Random random = new Random(11);
        TreeMap<String, Integer> runs = new TreeMap<>();
        int total = 300;
        for (int i = 0; i < total; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            Outcome o = w.scenario().run(model);
            KernelCounters c = o.kernel().counters();
            count(runs, "paged", w.hasPager());
            count(runs, "pp", w.ppChunk() > 0);
            count(runs, "user page fault", c.pageFaults > 0);
            count(runs, "fault during a copy", c.xferFaults > 0);
            count(runs, "string bytes copied", c.bytesCopied > 0);
            count(runs, "over 9000 bytes copied", c.bytesCopied > 9000);
            count(runs, "pages mapped", c.pagesMapped > 0);
            count(runs, "pp and preemption blocks", w.ppChunk() > 0 && c.blocksPreemption > 0);
            count(runs, "restarts", c.restarts > 0);
            boolean overflow = false;
            boolean xferTimeout = false;
            for (Outcome.ThreadResult t : o.threads()) {
                for (Observation ob : t.log()) {
                    int code = (int) (ob.errorCode() >> 1) & 7;
                    overflow |= code == 4; // semantics.md §5.1
                    xferTimeout |= code == 5 || code == 6;
                }
            }
            count(runs, "message overflow", overflow);
            count(runs, "xfer timeout", xferTimeout);
        }
        if ("print".equals(System.getProperty("stacklab.kit.coverage"))) {
            runs.forEach((k, v) -> System.out.printf("%-24s %4d of %d%n", k, v, total));
        }
        assertThat(runs.get("paged")).as("workloads with a paged space").isBetween(total / 3, total * 3 / 4);
        assertThat(runs.get("pp")).as("workloads with preemption points").isBetween(total / 6, total / 2);
        assertThat(runs.get("user page fault")).as("workloads with a user page fault").isGreaterThan(total / 20);
        assertThat(runs.get("fault during a copy")).as("workloads with a fault during a copy").isGreaterThanOrEqualTo(3);
        assertThat(runs.get("string bytes copied")).as("workloads that copy strings").isGreaterThan(total / 20);
        assertThat(runs.get("message overflow")).as("workloads with a message overflow").isGreaterThan(total / 10);
        assertThat(runs.get("pages mapped")).as("workloads that map pages").isGreaterThan(total / 20);
        assertThat(runs.get("pp and preemption blocks")).as("pp workloads with preemption blocks").isPositive();
    }

    private static void count(TreeMap<String, Integer> runs, String what, boolean yes) {
        runs.merge(what, yes ? 1 : 0, Integer::sum);
    }
}
