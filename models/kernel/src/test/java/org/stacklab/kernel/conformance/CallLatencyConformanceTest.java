package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.metrics.LatencyRecorder;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;

/**
 * The latency distributions every model records the same way (issue 4, part 4): the Call latency
 * ({@link org.stacklab.kernel.metrics.CallLatency}: a user {@code ipc.call} from its kernel entry to its
 * return to user mode with the reply) and the interrupt latency's histogram beside its count and max.
 */
class CallLatencyConformanceTest {

    /** The client calls once; the server (higher priority, already waiting) computes {@code work} cycles, replies and halts. */
    static Scenario oneCall(long work) {
        return Scenario.named("one-call-work-" + work)
                .thread("server", "B", 101, ids -> Prog.named("server")
                        .waitAny()
                        .compute(work)
                        .reply(ids.global("client"), 33)
                        .halt().build())
                .thread("client", "A", 100, ids -> Prog.named("client")
                        .call(ids.global("server"), 11)
                        .halt().build());
    }

    /**
     * The client (higher priority) calls before the server waits: its send blocks, so the stateless model
     * rolls it forward to the receive-only stage and re-executes the system call (a restart). The server
     * first computes {@code work} cycles, then receives and replies.
     */
    static Scenario callBeforeTheServerWaits(long work) {
        return Scenario.named("call-before-server-waits-" + work)
                .thread("client", "A", 102, ids -> Prog.named("client")
                        .call(ids.global("server"), 11)
                        .halt().build())
                .thread("server", "B", 100, ids -> Prog.named("server")
                        .compute(work)
                        .waitAny()
                        .reply(ids.global("client"), 33)
                        .halt().build());
    }

    private static LatencyRecorder calls(Outcome o) {
        return o.kernel().callLatency().recorder();
    }

    /** p50 <= p90 <= p99 <= max, the histogram's count and max equal the exact ones. */
    static void assertConsistent(String what, LatencyRecorder r) {
        Histogram h = r.histogram();
        assertThat(h.getTotalCount()).as(what + ": histogram count").isEqualTo(r.count());
        if (r.count() == 0) {
            return;
        }
        long p50 = h.getValueAtPercentile(50);
        long p90 = h.getValueAtPercentile(90);
        long p99 = h.getValueAtPercentile(99);
        assertThat(p50).as(what + ": p50 <= p90").isLessThanOrEqualTo(p90);
        assertThat(p90).as(what + ": p90 <= p99").isLessThanOrEqualTo(p99);
        assertThat(p99).as(what + ": p99 <= max").isLessThanOrEqualTo(h.getMaxValue());
        assertThat(h.getMaxValue()).as(what + ": max is exact below 2^18 cycles").isEqualTo(r.max());
        assertThat(h.getMinValue()).as(what + ": min >= 0").isGreaterThanOrEqualTo(0);
    }

    @EveryModel
    void oneCallIsOneSampleAndItsLatencyGrowsByExactlyTheServersWork(KernelModelProvider model) {
        Outcome small = oneCall(10_000).run(model);
        Outcome large = oneCall(50_000).run(model);

        for (Outcome o : List.of(small, large)) {
            assertThat(o.log("client")).containsExactly(Expect.received(o.thread("server").globalId(), 33));
            assertThat(calls(o).count()).as("one Call; the server's receive and reply are no Calls").isEqualTo(1);
            assertConsistent(o.scenario(), calls(o));
            Histogram h = calls(o).histogram();
            assertThat(h.getValueAtPercentile(50)).as("a single sample is every percentile").isEqualTo(calls(o).max());
            assertThat(h.getValueAtPercentile(99)).isEqualTo(calls(o).max());
        }
        // the server's compute is the only difference between the runs: cycles on the clock, no memory access
        assertThat(calls(large).max() - calls(small).max()).as("latency difference = 40,000 cycles of server work, to the cycle")
                .isEqualTo(40_000);
        assertThat(large.cycles() - small.cycles()).isEqualTo(40_000);
        assertThat(calls(small).max()).as("at least the server's work").isGreaterThan(10_000);
    }

    /**
     * The hand check: the client's one Call measured with nothing but the cycle counter. A run with cycle
     * limit L stops at the first user-instruction boundary at or after L, so running with L = the last
     * stop + 1 walks every boundary in order. The entry is the boundary where the client is about to
     * execute its {@code syscall} (not yet in it) plus that instruction's cost; the return is the first
     * boundary at which the client runs in user mode with the call complete. Their difference is the
     * recorded latency, on every model, also when the stateless model restarts the Call.
     */
    @EveryModel
    void aCallsLatencyIsTheCycleCounterFromItsEntryToItsReturn(KernelModelProvider model) {
        for (boolean restart : List.of(false, true)) {
            java.util.function.Supplier<Scenario> scenario = () -> restart ? callBeforeTheServerWaits(5_000) : oneCall(5_000);
            Outcome whole = scenario.get().run(model);
            assertThat(calls(whole).count()).isEqualTo(1);
            long entry = -1;
            long ret = -1;
            long limit = 1;
            for (int i = 0; i < 500 && ret < 0; i++) {
                Outcome o = scenario.get().cycleLimit(limit).run(model);
                assertThat(o.end()).as("limit " + limit).isEqualTo(RunOutcome.CYCLE_LIMIT);
                org.stacklab.kernel.tcb.Tcb client = o.kernel().threads().stream().filter(t -> t.name().equals("client")).findFirst().orElseThrow();
                int syscallPc = 0;
                while (!(client.user().program().at(syscallPc) instanceof org.stacklab.kernel.user.Insn.Syscall)) {
                    syscallPc++;
                }
                boolean running = o.kernel().current() == client;
                if (entry < 0 && running && client.user().pc() == syscallPc && !client.user().inSyscall()) {
                    entry = o.cycles() + o.kernel().machine().profile().cost().instruction();
                } else if (entry >= 0 && running && !client.user().inSyscall() && client.user().pc() > syscallPc) {
                    ret = o.cycles();
                }
                limit = o.cycles() + 1;
            }
            assertThat(entry).as("the client's entry was seen").isPositive();
            assertThat(ret).as("the client's return was seen").isGreaterThan(entry);
            assertThat(calls(whole).max()).as((restart ? "restarted" : "plain") + " Call: return " + ret + " - entry " + entry)
                    .isEqualTo(ret - entry);
            if (restart && model.name().equals("stateless")) {
                assertThat(whole.counters().restarts()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @EveryModel
    void theEntryOfTheFirstAttemptCountsAcrossARestart(KernelModelProvider model) {
        Outcome small = callBeforeTheServerWaits(20_000).run(model);
        Outcome large = callBeforeTheServerWaits(60_000).run(model);

        for (Outcome o : List.of(small, large)) {
            assertThat(o.log("client")).hasSize(1);
            assertThat(calls(o).count()).isEqualTo(1);
            if (model.name().equals("stateless")) {
                assertThat(o.counters().restarts()).as("the blocked Call was rolled forward and re-executed").isGreaterThanOrEqualTo(1);
            }
        }
        // measured from the first entry: the client waited through the server's whole compute
        assertThat(calls(small).max()).isGreaterThan(20_000);
        assertThat(calls(large).max() - calls(small).max()).isEqualTo(40_000);
    }

    @EveryModel
    void pingPongCountsEveryCallAndNoReplyWait(KernelModelProvider model) {
        Outcome o = Scenarios.pingPong(50).run(model);

        assertThat(calls(o).count()).isEqualTo(50);
        assertConsistent("pingpong", calls(o));
        assertThat(calls(o).sum()).as("the Calls fit in the run").isLessThanOrEqualTo(o.cycles());
    }

    @EveryModel
    void failedAndUnansweredCallsRecordNothing(KernelModelProvider model) {
        assertThat(calls(Scenarios.callReceiveTimeoutActiveSend().run(model)).count()).as("receive timeout").isZero();
        assertThat(calls(Scenarios.callNeverAnswered().run(model)).count()).as("still POLLING at the end").isZero();
        Outcome zero = Scenario.named("call-zero-send-timeout")
                .thread("C", "A", 100, ids -> Prog.named("C").callTimeout(ids.global("T"), Timeout.ZERO, Timeout.NEVER, 1).halt().build())
                .thread("T", "B", 99, ids -> Prog.named("T").halt().build())
                .run(model);
        assertThat(zero.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(calls(zero).count()).as("send timeout Zero to a thread not receiving").isZero();
    }

    @EveryModel
    void theInterruptHistogramHoldsEverySample(KernelModelProvider model) {
        for (Scenario s : InterruptScenarios.catalogue()) {
            Outcome o = s.run(model);
            LatencyRecorder r = o.kernel().interrupts().latency();
            assertConsistent(s.name(), r);
            assertThat(r.count()).isEqualTo(o.irqs().latencyCount());
            assertThat(r.max()).isEqualTo(o.irqs().latencyMax());
        }
        Outcome o = InterruptScenarios.deliveredToWaitingHandler().run(model);
        assertThat(o.kernel().interrupts().latency().histogram().getTotalCount()).as("count = interrupts delivered")
                .isEqualTo(o.irqs().delivered());
    }

    static Stream<Arguments> scenarios() {
        List<Scenario> all = new ArrayList<>(Scenarios.catalogue());
        all.addAll(ExceptionScenarios.catalogue());
        all.addAll(InterruptScenarios.catalogue());
        all.addAll(PropagationScenarios.catalogue());
        all.add(oneCall(1_000));
        all.add(callBeforeTheServerWaits(1_000));
        return all.stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    /** Every model counts the same Calls and the same interrupt samples (the cycles may differ). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelCountsTheSameCallsAndInterrupts(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        List<String> counts = new ArrayList<>();
        for (KernelModelProvider p : AllModels.providers()) {
            Outcome o = scenario.run(p);
            assertConsistent(scenario.name() + " on " + p.name(), calls(o));
            counts.add("calls=" + calls(o).count() + " irqs=" + o.kernel().interrupts().latency().count());
        }
        assertThat(counts).as(String.join(", ", AllModels.names())).containsOnly(counts.get(0));
    }
}
