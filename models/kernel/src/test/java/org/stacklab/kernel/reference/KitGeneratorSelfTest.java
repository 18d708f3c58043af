package org.stacklab.kernel.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.RandomWorkloads;
import org.stacklab.kernel.spi.KernelModelProvider;

/** The random-workload generator of the kit, checked on the {@link ReferenceModel} (jqwik examples: generators need a jqwik context). */
class KitGeneratorSelfTest {

    private static final KernelModelProvider REFERENCE = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);

    @Example
    void theRandomWorkloadsFindAFifoViolation() {
        KernelModelProvider lifo = ReferenceModel.provider(ReferenceModel.Variant.LIFO_RECEIVE);
        Arbitrary<RandomWorkloads.Workload> gen = RandomWorkloads.workloads();
        var generator = gen.generator(1000);
        Random random = new Random(1);
        int found = 0;
        for (int i = 0; i < 400; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            List<String> d = Differential.divergences(Differential.runAll(w.flatNp().scenario(), List.of(REFERENCE, lifo)));
            if (!d.isEmpty()) {
                found++;
            }
        }
        assertThat(found).as("random workloads that expose a LIFO send queue, out of 400").isPositive();
    }

    @Example
    void aGeneratedWorkloadPrintsAsAReadableProgram() {
        RandomWorkloads.Workload w = RandomWorkloads.workloads().generator(1000).next(new Random(7)).value();
        assertThat(w.toString()).startsWith("Workload(").contains("t0 [space s0").contains("; halt").contains("name: random\nthreads:\n  - name: t0\n");
        assertThat(w.flatNp().scenario().describe()).contains("thread t0 = 64.1").contains("syscall");
    }

    @Example
    void aboutHalfTheRandomWorkloadsHaveAnInterruptSourceAndSomeDeliverIt() {
        var generator = RandomWorkloads.workloads().generator(1000);
        Random random = new Random(3);
        int withSource = 0;
        long delivered = 0;
        long pendingAtEnd = 0;
        for (int i = 0; i < 200; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            if (w.irq() == null) {
                continue;
            }
            withSource++;
            assertThat(w.toString()).contains("irq 1 -> t");
            var o = w.flatNp().scenario().run(REFERENCE);
            delivered += o.irqs().delivered();
            pendingAtEnd += o.irqs().raised() - o.irqs().delivered() - o.irqs().missed();
        }
        assertThat(withSource).as("workloads with an interrupt source, out of 200").isBetween(50, 150);
        assertThat(delivered).as("interrupts delivered to their handler").isPositive();
        assertThat(pendingAtEnd).as("interrupts left pending").isPositive();
    }

    @Example
    void theRandomWorkloadsRunOnTheReference() {
        var generator = RandomWorkloads.workloads().generator(1000);
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            RandomWorkloads.Workload w = generator.next(random).value();
            Differential.assertIdentical(w.flatNp().scenario(), List.of(REFERENCE));
        }
    }
}
