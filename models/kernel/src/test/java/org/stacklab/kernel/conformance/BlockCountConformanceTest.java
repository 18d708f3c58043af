package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * Blocks by kind (issue 3, deliverable 8): every model counts each block once with its kind — IPC send
 * phase, IPC receive phase, exception Call, page fault — and each time the running thread is made READY
 * by the return-to-user preemption check or a ThreadSwitch. The counts follow from the scenario's
 * semantics, so they are checked against hand-derived figures on every model and, where the
 * semantics fix the schedule, compared across models.
 */
class BlockCountConformanceTest {

    private static Outcome.Blocks blocks(long ipcSend, long ipcReceive, long exception, long preemption) {
        return new Outcome.Blocks(ipcSend, ipcReceive, exception, 0, preemption);
    }

    private static Outcome.Blocks run(Scenario s, KernelModelProvider model) {
        Outcome o = s.run(model);
        assertThat(o.counters().blocks()).as("%s: blocks = the sum of the blocks by kind", s.name())
                .isEqualTo(o.counters().byKind().waits());
        return o.counters().byKind();
    }

    @EveryModel
    void pingPongBlocksEachSideInItsReceivePhase(KernelModelProvider model) {
        // the client runs first: its first Call finds the server not yet waiting (one send-phase block) and
        // the server's first Wait takes it; after that every Call blocks the client in its receive phase
        // (rounds - 1) and every ReplyWait the server in its receive phase (rounds)
        int rounds = 5;
        assertThat(run(Scenarios.pingPong(rounds), model)).isEqualTo(blocks(1, 2L * rounds - 1, 0, 0));
    }

    @EveryModel
    void aSenderThatFindsNoReceiverBlocksInItsSendPhase(KernelModelProvider model) {
        // S (higher priority) sends before R waits: one send-phase block; R's Receive then makes S READY,
        // and S preempts R on R's way back to user
        assertThat(run(Scenarios.sendOnly(false), model)).isEqualTo(blocks(1, 0, 0, 1));
        // R waits first: one receive-phase block; S's send makes R READY and R preempts S at kernel exit
        assertThat(run(Scenarios.sendOnly(true), model)).isEqualTo(blocks(0, 1, 0, 1));
        // C's Call is queued for ever on T, which waits for D only: one block of each phase
        assertThat(run(Scenarios.callNeverAnswered(), model)).isEqualTo(blocks(1, 1, 0, 0));
    }

    @EveryModel
    void anExceptionCallBlocksAsAnExceptionInEitherPhase(KernelModelProvider model) {
        // the handler waits first: each of T's two traps blocks T once, in the receive phase of its
        // exception Call; the handler blocks in its own receives (not exception blocks)
        assertThat(run(ExceptionScenarios.handled("handler waiting first", 20, 10), model)).isEqualTo(blocks(0, 2, 2, 0));
        // T (higher priority) traps before the handler waits: each trap blocks T in the send phase and,
        // after the handler took the message (T, now RECV_PENDING, preempts it), in the receive phase;
        // the handler's reply makes T READY and T preempts it again
        assertThat(run(ExceptionScenarios.handled("handler after the trap", 10, 20), model)).isEqualTo(blocks(0, 0, 4, 4));
        // a trap with no handler halts the thread: no exception block
        assertThat(run(ExceptionScenarios.noHandler(), model).exception()).isZero();
    }

    @EveryModel
    void preemptionAtKernelExitAndThreadSwitchesCountAsPreemptions(KernelModelProvider model) {
        // L's send readies H (101 > 100), H's send readies Z (102), L's second send readies Z again
        assertThat(run(Scenarios.preemptionAtKernelExit(), model)).isEqualTo(blocks(0, 3, 0, 3));
        // each of the three sends to the logger Z (102) preempts its sender; ThreadSwitch(self) keeps the CPU
        assertThat(run(Scenarios.threadSwitch("self"), model).preemption()).isEqualTo(3);
        // ... while a yield or a directed ThreadSwitch makes the caller READY: one more
        assertThat(run(Scenarios.threadSwitch("yield"), model).preemption()).isEqualTo(4);
        assertThat(run(Scenarios.threadSwitch("directed"), model).preemption()).isEqualTo(4);
    }

    @EveryModel
    void noPageFaultBlocksWithoutPageFaults(KernelModelProvider model) {
        for (Scenario s : Scenarios.catalogue()) {
            assertThat(run(s, model).pageFault()).as(s.name()).isZero();
        }
    }

    static Stream<Arguments> scenarios() {
        List<Scenario> all = new ArrayList<>(Scenarios.catalogue());
        all.addAll(ExceptionScenarios.catalogue());
        return all.stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    /**
     * The hand-written scenarios fix the schedule by priorities and FIFO order (their timeouts are far
     * from any cost difference), so every model blocks the same threads, in the same phases, and
     * preempts the same number of times.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theBlocksByKindAreTheSameInEveryModel(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Map<String, Outcome.Blocks> byModel = new LinkedHashMap<>();
        for (KernelModelProvider m : AllModels.providers()) {
            byModel.put(m.name(), run(scenario, m));
        }
        assertThat(byModel.values().stream().distinct()).as("blocks by kind per model: %s", byModel).hasSize(1);
    }
}
