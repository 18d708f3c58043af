package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * The shipped {@code forward} workload (propagated RPC, semantics.md §2.8) through every model, written
 * in the text format ({@code setvs r0}, {@code tag(..., p)}, {@code getas}): every request is
 * propagated and every client Call redirected, and every reply comes from the worker.
 */
class ForwardRunTest {
    private static final int ROUNDS = 50;

    @Test
    @DisplayName("every request propagated, every Call redirected and answered by the worker, in every model")
    void everyRequestIsPropagatedAndAnsweredByTheWorker() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), KernelOptions.DEFAULT);
            Workload w = Workloads.load("forward", Map.of("rounds", Integer.toString(ROUNDS)));
            w.install(k);
            assertThat(k.run()).as(m.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(k.counters().propagations).as(m.name()).isEqualTo(ROUNDS);
            assertThat(k.counters().redirections).as(m.name()).isEqualTo(ROUNDS);
            // client Calls + front ReplyWaits (first wait included) + worker ReplyWaits (first wait included)
            assertThat(k.counters().ops).as(m.name()).isEqualTo(3L * ROUNDS);
            Tcb worker = k.threads().get(0);
            Tcb front = k.threads().get(1);
            Tcb client = k.threads().get(2);
            assertThat(client.peekState()).as(m.name()).isEqualTo(ThreadState.HALTED);
            assertThat(client.user().reg(15)).as(m.name() + ": every reply came from the worker").isZero();
            assertThat(client.user().reg(5)).as(m.name() + ": the loop ran out").isZero();
            assertThat(worker.user().reg(5)).as(m.name() + ": ActualSender = the front").isEqualTo(front.globalId().raw());
            assertThat(worker.user().reg(4)).as(m.name() + ": the last word").isEqualTo(ROUNDS);
            assertThat(front.peekState()).as(m.name()).isEqualTo(ThreadState.WAITING);
            assertThat(worker.peekState()).as(m.name()).isEqualTo(ThreadState.WAITING);
        }
    }
}
