package org.stacklab.kernel.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.conformance.Scenarios;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * Tests of the conformance kit itself, in {@code models/kernel} where no real model exists: the kit's
 * hand-written scenarios run on the {@link ReferenceModel}, and deliberately broken variants of it must
 * be caught with a report that names the thread and the observation.
 */
class KitSelfTest {

    private static final KernelModelProvider REFERENCE = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);

    @Test
    void everyCatalogueScenarioRunsOnTheReferenceAndLeavesTheInvariantsIntact() {
        for (Scenario s : Scenarios.catalogue()) {
            Differential.Runs runs = Differential.assertIdentical(s, List.of(REFERENCE));
            assertThat(runs.outcomes()).as(s.name()).containsKey("reference");
        }
    }

    @Test
    void aModelThatBreaksFifoIsReportedWithThreadAndObservation() {
        KernelModelProvider lifo = ReferenceModel.provider(ReferenceModel.Variant.LIFO_RECEIVE);
        assertThatThrownBy(() -> Differential.assertIdentical(Scenarios.fifoThreeSenders(), List.of(REFERENCE, lifo)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("thread 'R' observation #1: reference IPC(")
                .hasMessageContaining("but reference-lifo_receive IPC(")
                .hasMessageContaining("scenario 'v9-fifo-senders'")
                .hasMessageContaining("syscall IPC");
    }

    @Test
    void aWrongErrorCodeIsReported() {
        KernelModelProvider wrong = ReferenceModel.provider(ReferenceModel.Variant.WRONG_SEND_TIMEOUT_CODE);
        assertThatThrownBy(() -> Differential.assertIdentical(Scenarios.sendZeroTimeoutToBusyThread(), List.of(REFERENCE, wrong)))
                .hasMessageContaining("thread 'S' observation #1: reference IPC(from=0, tag=8000, err=2")
                .hasMessageContaining("err=3");
    }

    @Test
    void aModelThatLosesAWokenThreadBreaksTheInvariants() {
        KernelModelProvider lose = ReferenceModel.provider(ReferenceModel.Variant.LOSE_WOKEN_THREAD);
        assertThatThrownBy(() -> Scenarios.sendOnly(true).run(lose))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kernel invariants violated")
                .hasMessageContaining("R(")
                .hasMessageContaining("is READY but is not in its ready queue");
        Differential.Runs runs = Differential.runAll(Scenarios.sendOnly(true), List.of(REFERENCE, lose));
        assertThat(Differential.divergences(runs)).anySatisfy(d -> assertThat(d).startsWith("reference-lose_woken_thread threw"));
    }

    @Test
    void aModelThatLosesOrDuplicatesAMessageBreaksTheInvariants() {
        assertThatThrownBy(() -> Scenarios.sendOnly(true).run(ReferenceModel.provider(ReferenceModel.Variant.LOSE_MESSAGE)))
                .hasMessageContaining("kernel invariants violated (model reference-lose_message)")
                .hasMessageContaining("R(65.1)'s IPC completed without message #1 from S(64.1), which the kernel had transferred to it (lost message)");
        assertThatThrownBy(() -> Scenarios.sendOnly(true).run(ReferenceModel.provider(ReferenceModel.Variant.DELIVER_TWICE)))
                .hasMessageContaining("R(65.1) completed a receive with a message but no message is in flight to it: a message delivered "
                        + "twice, or one never sent (duplicated message)");
        assertThatThrownBy(() -> Scenarios.sendOnly(true).run(ReferenceModel.provider(ReferenceModel.Variant.SEND_TWICE)))
                .hasMessageContaining("S(64.1) sent message #2 to R(65.1) within the same IPC system call as message #1: its send phase "
                        + "ran twice (duplicated message)")
                .hasMessageContaining("message #2 from S(64.1) to R(65.1) overwrote message #1 from S(64.1), which R(65.1) never "
                        + "received (lost message)");
    }

    @Test
    void registersR0AndR1OfAThreadWaitingAtTheEndAreExemptButNothingElse() {
        Scenario s = Scenarios.pingPong(2);
        Outcome a = s.run(REFERENCE);
        Outcome waitingR0 = withRegister(a, "server", 0, 0xdead);
        Outcome waitingR1 = withRegister(a, "server", 1, 0xdead);
        Outcome waitingR2 = withRegister(a, "server", 2, 0xdead);
        Outcome haltedR0 = withRegister(a, "client", 0, 0xdead);
        assertThat(Differential.divergences(runs(s, a, waitingR0))).as("r0 of a WAITING thread (§6.7 rewrite)").isEmpty();
        assertThat(Differential.divergences(runs(s, a, waitingR1))).as("r1 of a WAITING thread (§2.8 redirect)").isEmpty();
        assertThat(Differential.divergences(runs(s, a, waitingR2))).hasSize(1).first().asString()
                .startsWith("thread 'server' final r2: reference 0x");
        assertThat(Differential.divergences(runs(s, a, haltedR0))).hasSize(1).first().asString()
                .startsWith("thread 'client' final r0: reference 0x");
    }

    private static Differential.Runs runs(Scenario s, Outcome a, Outcome b) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        m.put("reference", a);
        m.put("copy", b);
        return new Differential.Runs(s, m, Map.of());
    }

    private static Outcome withRegister(Outcome o, String thread, int r, long value) {
        List<Outcome.ThreadResult> threads = new ArrayList<>();
        for (Outcome.ThreadResult t : o.threads()) {
            if (t.name().equals(thread)) {
                List<Long> regs = new ArrayList<>(t.registers());
                regs.set(r, value);
                t = new Outcome.ThreadResult(t.name(), t.globalId(), t.space(), t.state(), t.partner(), t.log(), regs, t.pc());
            }
            threads.add(t);
        }
        return new Outcome(o.scenario(), "copy", o.end(), threads, o.cycles(), o.counters(), o.stacks(), o.states(), null);
    }
}
