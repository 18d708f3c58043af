package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stacklab.perthread.Fixture.ANY;
import static org.stacklab.perthread.Fixture.NEVER;
import static org.stacklab.perthread.Fixture.NIL;
import static org.stacklab.perthread.Fixture.ipc;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.KernelStackOverflowException;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.machine.profile.MachineProfile;

/** Exceptions on a carrier reach the caller of run(); nothing outlives a run. */
class FailureTest {

    static MachineProfile withKernelStackBytes(int bytes) {
        MachineProfile p = Fixture.ppro200();
        return new MachineProfile(p.name() + "-stack" + bytes, p.description(), p.clockMhz(), p.wordBytes(), p.cpus(), p.l1i(), p.l1d(),
                p.l2(), p.tlb(), p.cost(), bytes, p.tcbAlignment(), p.calleeSavedRegisters(), p.userRegisters());
    }

    @Test
    void aKernelStackOverflowIsThrownFromRunAndEveryCarrierEnds() {
        // 128-byte blocks leave 76 bytes of stack: the trap frame and the IPC frame fit, the phase frame does not
        Kernel k = Fixture.kernel(withKernelStackBytes(128), KernelOptions.DEFAULT);
        k.createThread("T", "a", 100, ipc(new ProgramBuilder("T"), NIL, ANY, NEVER).halt().build());
        PerThreadModel model = (PerThreadModel) k.model();

        assertThatThrownBy(k::run).isInstanceOf(KernelStackOverflowException.class).hasMessageContaining("IPC_RECEIVE");
        assertThat(model.baton().alive()).isZero();
    }

    @Test
    void threadsStillBlockedWhenTheRunEndsAreUnwound() {
        Kernel k = Fixture.kernel();
        for (int i = 0; i < 5; i++) {
            k.createThread("W" + i, "a", 100, ipc(new ProgramBuilder("W"), NIL, ANY, NEVER).halt().build());
        }
        PerThreadModel model = (PerThreadModel) k.model();

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(model.baton().started()).isEqualTo(5);
        assertThat(model.baton().alive()).isZero();
        assertThat(k.stacks().inUse()).as("their simulated call chains stay measured").isEqualTo(5);
    }

    @Test
    void aSleepThatTimesOutEndsAndTheBlockedServerIsUnwound() {
        Kernel k = Fixture.kernel();
        k.createThread("server", "s", 100, Fixture.server());
        ThreadId sleeperId = k.nextThreadId();
        k.createThread("sleeper", "s", 100, ipc(new ProgramBuilder("sleeper"), NIL, sleeperId.raw(),
                Timeout.word(Timeout.NEVER, Timeout.period(1000))).halt().build());
        PerThreadModel model = (PerThreadModel) k.model();

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(k.threads().get(1).user().utcb().errorCode()).as("receive timeout").isEqualTo(0x3);
        assertThat(model.baton().started()).isEqualTo(2);
        assertThat(model.baton().alive()).isZero();
    }

    @Test
    void aModelRunsOnce() {
        Kernel k = Fixture.kernel();
        k.createThread("T", "a", 100, new ProgramBuilder("T").halt().build());
        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
        assertThatThrownBy(k::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCycleLimitEndsTheRun() {
        Kernel k = Fixture.kernel(Fixture.ppro200(), new KernelOptions(true, 20_000));
        ThreadId serverId = k.nextThreadId();
        k.createThread("server", "s", 100, Fixture.server());
        var client = k.createThread("client", "c", 100, Fixture.client(serverId, 1_000_000));
        PerThreadModel model = (PerThreadModel) k.model();

        assertThat(k.run()).isEqualTo(RunOutcome.CYCLE_LIMIT);
        assertThat(k.machine().clock().now()).isGreaterThanOrEqualTo(20_000);
        assertThat(client.user().completedCalls()).isPositive();
        assertThat(model.baton().alive()).isZero();
    }
}
