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
 * The shipped {@code flukeperf} workload (Fluke Table 5) through every model: every client, the spawner
 * and the sleeper finish their loops without an unexpected result; the system call mix adds up to the
 * same {@code ops} in every model; every child is deleted; only the three servers stay blocked.
 */
class FlukeperfRunTest {
    private static final int ITERATIONS = 30;
    private static final int SPAWNS = 7;
    private static final int SLEEPS = 3;
    private static final Map<String, String> PARAMS = Map.of("iterations", Integer.toString(ITERATIONS),
            "spawns", Integer.toString(SPAWNS), "sleeps", Integer.toString(SLEEPS));

    /**
     * client1: Call + null IPC + yield per iteration; client2: Call + ExchangeRegisters; client3: Call +
     * yield; each server: its first wait + every ReplyWait but the last (still blocked) = iterations;
     * spawner: one delete + per spawn two (create, ExchangeRegisters, ThreadSwitch, delete); sleeper:
     * Sleep + yield per sleep.
     */
    static long expectedOps(int iterations, int spawns, int sleeps) {
        return 3L * iterations + 2L * iterations + 2L * iterations + 3L * iterations + 1 + 8L * spawns + 2L * sleeps;
    }

    @Test
    @DisplayName("every loop runs out cleanly in every model, children deleted, servers left waiting, same ops")
    void everyLoopRunsOut() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), KernelOptions.DEFAULT);
            Workload w = Workloads.load("flukeperf", PARAMS);
            w.install(k);
            assertThat(k.run()).as(m.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(k.counters().ops).as(m.name()).isEqualTo(expectedOps(ITERATIONS, SPAWNS, SLEEPS));
            assertThat(k.counters().timeouts).as(m.name() + ": only the Sleeps time out").isEqualTo(SLEEPS);
            int children = 0;
            for (Tcb t : k.threads()) {
                String n = t.name();
                if (n.startsWith("server")) {
                    assertThat(t.peekState()).as(m.name() + " " + n).isEqualTo(ThreadState.WAITING);
                    assertThat(t.user().completedCalls()).as(m.name() + " " + n).isEqualTo(ITERATIONS);
                } else if (n.equals("child") || n.startsWith("c")  && !n.startsWith("client")) {
                    children++;
                    assertThat(t.peekState()).as(m.name() + " " + n).isEqualTo(ThreadState.DELETED);
                } else {
                    assertThat(t.peekState()).as(m.name() + " " + n).isEqualTo(ThreadState.HALTED);
                    assertThat(t.user().reg(15)).as(m.name() + " " + n + ": no unexpected result").isZero();
                    assertThat(t.user().reg(8)).as(m.name() + " " + n + ": its loop ran out").isZero();
                }
            }
            assertThat(children).as(m.name() + ": the placeholder and two children per spawn").isEqualTo(1 + 2 * SPAWNS);
        }
    }

    @Test
    @DisplayName("with the defaults the Sleeps add no idle time, even on the fastest machine (x86-64)")
    void defaultSleepsDoNotIdleTheCpu() {
        for (KernelModelProvider m : Models.all()) {
            long with = cycles(m, Map.of());
            long without = cycles(m, Map.of("sleeps", "0"));
            assertThat(with - without).as(m.name() + ": cycles with the two Sleeps minus without").isLessThan(without / 200);
        }
    }

    private static long cycles(KernelModelProvider m, Map<String, String> params) {
        RunSpec spec = new RunSpec("x86-64", m.name(), "flukeperf", params, 1);
        ResultRow r = new Runner(w -> { }).run(spec, MachineProfiles.load("x86-64"), m, Workloads.load("flukeperf", params)).row();
        return (Long) r.get(Metric.CYCLES);
    }

    @Test
    @DisplayName("through the runner: context switches and messages in every model, invariants hold")
    void throughTheRunner() {
        for (KernelModelProvider m : Models.all()) {
            RunSpec spec = new RunSpec("ppro200", m.name(), "flukeperf", PARAMS, 1);
            ResultRow r = new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), m, Workloads.load("flukeperf", PARAMS)).row();
            assertThat((Long) r.get(Metric.OPS)).as(m.name()).isEqualTo(expectedOps(ITERATIONS, SPAWNS, SLEEPS));
            // three Calls per iteration, each a request and a reply
            assertThat((Long) r.get(Metric.MESSAGES)).as(m.name()).isEqualTo(6L * ITERATIONS);
            assertThat((Long) r.get(Metric.DISPATCHES)).as(m.name()).isGreaterThan(6L * ITERATIONS);
            assertThat(r.get(Metric.OUTCOME)).isEqualTo(RunOutcome.QUIESCENT.name());
        }
    }
}
