package org.stacklab.kernel.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.conformance.InterruptScenarios;
import org.stacklab.kernel.conformance.Prog;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.irq.Interrupts;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.Machine;

/** {@link KernelInvariants} on device interrupts: a pending interrupt its waiting handler accepts is a lost wake-up. */
class InterruptInvariantsTest {

    private static final KernelModelProvider REFERENCE = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);

    @Test
    void theInterruptScenariosEndConsistentOnTheReference() {
        for (Scenario s : InterruptScenarios.catalogue()) {
            assertThat(KernelInvariants.violations(s.run(REFERENCE).kernel())).as(s.name()).isEmpty();
        }
    }

    @Test
    void aPendingInterruptWhoseHandlerWaitsForItIsReported() {
        Kernel k = new Kernel(new Machine(Scenario.smallProfile()), REFERENCE.create(), KernelOptions.DEFAULT);
        Tcb h = k.createThread("h", "A", 100, Prog.named("h").halt().build());
        k.interrupts().add(3, h, 0, 10, 1);
        k.interrupts().raiseDue(0, (t, wasWaiting) -> {
            throw new AssertionError("h is READY: the interrupt must stay pending");
        });
        assertThat(k.interrupts().pending(3)).isTrue();
        assertThat(KernelInvariants.violations(k)).isEmpty();

        k.scheduler().remove(h);
        h.setState(ThreadState.WAITING);
        h.write(TcbLayout.Shared.PARTNER, Interrupts.idOf(3).raw());
        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).contains("irq 3 is pending but its handler h(64.1) is WAITING"));

        h.write(TcbLayout.Shared.PARTNER, Interrupts.idOf(4).raw());
        assertThat(KernelInvariants.violations(k)).noneSatisfy(v -> assertThat(v).contains("irq 3"));
        h.write(TcbLayout.Shared.PARTNER, ThreadId.ANY.raw());
        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).contains("irq 3 is pending"));
    }
}
