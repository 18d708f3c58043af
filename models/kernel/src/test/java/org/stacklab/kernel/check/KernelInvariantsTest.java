package org.stacklab.kernel.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.conformance.Prog;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.conformance.Scenarios;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.Machine;

class KernelInvariantsTest {

    private static final KernelModelProvider REFERENCE = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);

    private static Kernel kernelWithThreads(int n) {
        Kernel k = new Kernel(new Machine(Scenario.smallProfile()), REFERENCE.create(), KernelOptions.DEFAULT);
        for (int i = 0; i < n; i++) {
            k.createThread("t" + i, "A", 100, Prog.named("t" + i).halt().build());
        }
        return k;
    }

    @Test
    void freshThreadsAreReadyAndQueuedOnce() {
        Kernel k = kernelWithThreads(3);
        assertThat(KernelInvariants.violations(k)).isEmpty();
    }

    @Test
    void aQuiescentRunWithBlockedThreadsIsConsistent() {
        var o = Scenarios.callNeverAnswered().run(REFERENCE);
        assertThat(KernelInvariants.violations(o.kernel())).isEmpty();
        assertThat(KernelInvariants.snapshot(o.kernel()))
                .contains("C(64.1) POLLING partner=65.1")
                .contains("T(65.1) WAITING partner=66.1")
                .contains("sendQueue=[C]");
    }

    @Test
    void readyButNotQueuedIsReported() {
        Kernel k = kernelWithThreads(2);
        Tcb t = k.threads().get(0);
        k.scheduler().remove(t);
        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).contains("t0(64.1) is READY but is not in its ready queue"));
    }

    @Test
    void pollingOutsideEverySendQueueAndWaitingWithoutPartnerAreReported() {
        Kernel k = kernelWithThreads(3);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        k.scheduler().remove(a);
        k.scheduler().remove(b);
        a.setState(ThreadState.POLLING);
        b.setState(ThreadState.WAITING);
        assertThat(KernelInvariants.violations(k))
                .anySatisfy(v -> assertThat(v).contains("t0(64.1) is POLLING but is in no send queue"))
                .anySatisfy(v -> assertThat(v).contains("t1(65.1) is WAITING with PARTNER nil"));
        assertThatThrownBy(() -> KernelInvariants.check(k)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kernel invariants violated (model reference)");
    }

    @Test
    void aNonPollingThreadInASendQueueAndAWrongPartnerAreReported() {
        Kernel k = kernelWithThreads(3);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        Tcb c = k.threads().get(2);
        k.ipc().enqueueSender(c, a);
        k.scheduler().remove(b);
        b.setState(ThreadState.POLLING);
        b.write(TcbLayout.Shared.PARTNER, a.globalId().raw());
        k.ipc().enqueueSender(c, b);
        assertThat(KernelInvariants.violations(k))
                .anySatisfy(v -> assertThat(v).contains("t0(64.1) is READY but is queued in the send queue of [t2(66.1)]"))
                .anySatisfy(v -> assertThat(v).contains("t1(65.1) is POLLING in t2(66.1)'s send queue but its PARTNER 64.1 names t0(64.1)"));
    }

    @Test
    void runningMustBeCurrent() {
        Kernel k = kernelWithThreads(2);
        Tcb a = k.threads().get(0);
        k.scheduler().remove(a);
        a.setState(ThreadState.RUNNING);
        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).contains("is RUNNING but kernel.current() is null"));
        k.setCurrent(a);
        assertThat(KernelInvariants.violations(k)).isEmpty();
    }

    @Test
    void aStaleSendTailIsReported() {
        Kernel k = kernelWithThreads(2);
        Tcb a = k.threads().get(0);
        a.write(TcbLayout.Shared.SEND_TAIL, 5);
        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).contains("SEND_TAIL is thread number 4 but the last element is none"));
    }
}
