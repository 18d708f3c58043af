package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
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
 * The shipped {@code exception} workload (Draves Table 3, "exception, retaken") through every model:
 * {@code count} traps, each delivered to the handler and resumed; the faulting thread makes no system
 * call of its own; ops = the handler's calls + the exception deliveries, the same in every model.
 */
class ExceptionRunTest {
    private static final int COUNT = 40;

    @Test
    @DisplayName("count traps delivered and resumed in every model; the faulter observes nothing and halts after its loop")
    void trapsDeliveredAndResumed() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), KernelOptions.DEFAULT);
            Workload w = Workloads.load("exception", Map.of("count", Integer.toString(COUNT)));
            w.install(k);
            assertThat(k.run()).as(m.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(k.counters().exceptions).as(m.name()).isEqualTo(COUNT);
            // the handler: one wait + COUNT ReplyWaits (the last stays in its receive); the deliveries: COUNT
            assertThat(k.counters().ops).as(m.name()).isEqualTo(2L * COUNT);
            for (Tcb t : k.threads()) {
                if (t.name().equals("faulter")) {
                    assertThat(t.user().utcb().exceptionHandler()).as(m.name() + ": exception_handler: handler")
                            .isEqualTo(k.threads().get(0).globalId().raw());
                    assertThat(t.peekState()).as(m.name()).isEqualTo(ThreadState.HALTED);
                    assertThat(t.user().completedCalls()).as(m.name() + ": no system call of its own").isZero();
                    assertThat(t.user().reg(5)).as(m.name() + ": the loop ran out").isZero();
                } else {
                    assertThat(t.user().completedCalls()).as(m.name()).isEqualTo(COUNT);
                    assertThat(t.peekState()).as(m.name() + ": waiting for the next exception").isEqualTo(ThreadState.WAITING);
                }
            }
        }
    }

    @Test
    @DisplayName("the exceptions column counts the traps, the same in every model")
    void exceptionsColumn() {
        Map<String, String> params = Map.of("count", Integer.toString(COUNT));
        for (KernelModelProvider m : Models.all()) {
            RunSpec spec = new RunSpec("ppro200", m.name(), "exception", params, 1);
            ResultRow r = new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), m, Workloads.load("exception", params)).row();
            assertThat((Long) r.get(Metric.EXCEPTIONS)).as(m.name()).isEqualTo(COUNT);
            assertThat((Long) r.get(Metric.OPS)).as(m.name()).isEqualTo(2L * COUNT);
        }
    }
}
