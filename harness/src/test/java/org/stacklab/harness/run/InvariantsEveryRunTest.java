package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.check.MessageLedger;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.KernelStackOverflowException;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * The kernel invariants after every run, in every model (issue 3 deliverable 10): every shipped
 * workload on every shipped machine ends with no violation — no thread lost, no message lost or
 * duplicated (every message sent was delivered: a quiescent run has none in flight), every blocked
 * thread with a wake-up cause — and a kernel stack overflow fails that model's run with its call chain.
 */
class InvariantsEveryRunTest {

    /** Small parameters, as in the cross-model shipped-workload test. */
    private static final Map<String, Map<String, String>> SMALL = Map.of(
            "null-syscall", Map.of("iterations", "100"),
            "exception", Map.of("count", "100"),
            "flukeperf", Map.of("iterations", "40", "spawns", "8", "sleeps", "2"),
            "fpu-pingpong", Map.of("rounds", "100"),
            "pingpong", Map.of("rounds", "100"),
            "null-rpc", Map.of("rounds", "100"),
            "idle-threads", Map.of("clients", "30"),
            "latency", Map.of("periods", "5", "period_us", "200", "rounds", "100", "work", "100", "chunks", "10", "chunk", "20000"));

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String w : Workloads.names()) {
            for (String m : MachineProfiles.names()) {
                for (KernelModelProvider p : Models.all()) {
                    out.add(Arguments.of(w, m, p.name()));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {2} ({1})")
    @MethodSource("matrix")
    void everyShippedWorkloadEndsConsistent(String workload, String machine, String model) {
        Workload w = Workloads.load(workload, SMALL.getOrDefault(workload, Map.of()));
        Kernel k = new Kernel(new Machine(MachineProfiles.load(machine)), Models.byName(model).create(), Runner.OPTIONS);
        w.install(k);
        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(KernelInvariants.violations(k)).as(KernelInvariants.snapshot(k)).isEmpty();
        MessageLedger l = k.messageLedger();
        assertThat(l.sent()).as("every transfer went through the ledger").isEqualTo(k.counters().messages);
        assertThat(l.delivered() + l.discarded()).as("quiescent: nothing left in flight").isEqualTo(l.sent());
        assertThat(KernelInvariants.wakeUpCauses(k).values()).as("no blocked thread without a cause")
                .noneSatisfy(c -> assertThat(c).startsWith("none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultyModels")
    void aRunThatBreaksAnInvariantFailsForThatModelWithTheViolation(org.stacklab.kernel.reference.ReferenceModel.Variant variant, String expected) {
        KernelModelProvider faulty = org.stacklab.kernel.reference.ReferenceModel.provider(variant);
        Map<String, String> params = Map.of("rounds", "5");
        RunSpec spec = new RunSpec("ppro200", faulty.name(), "pingpong", params, 1);
        assertThatThrownBy(() -> new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), faulty, Workloads.load("pingpong", params)))
                .isInstanceOf(RunFailedException.class)
                .hasMessageStartingWith("run pingpong on " + faulty.name() + " (ppro200) ended with the kernel inconsistent")
                .hasMessageContaining(expected)
                .hasMessageContaining("thread states:");
    }

    static Stream<Arguments> faultyModels() {
        return Stream.of(
                Arguments.of(org.stacklab.kernel.reference.ReferenceModel.Variant.LOSE_MESSAGE, "(lost message)"),
                Arguments.of(org.stacklab.kernel.reference.ReferenceModel.Variant.DELIVER_TWICE, "(duplicated message)"),
                Arguments.of(org.stacklab.kernel.reference.ReferenceModel.Variant.SEND_TWICE, "its send phase ran twice"),
                Arguments.of(org.stacklab.kernel.reference.ReferenceModel.Variant.LOSE_WOKEN_THREAD, "is READY but is not in its ready queue"));
    }

    /** ppro200 with {@code bytes} of kernel stack. */
    static MachineProfile stackBytes(int bytes) {
        MachineProfile p = MachineProfiles.load("ppro200");
        return new MachineProfile(p.name() + "-stack" + bytes, p.description(), p.clockMhz(), p.wordBytes(), p.cpus(), p.l1i(), p.l1d(),
                p.l2(), p.tlb(), p.cost(), bytes, p.tcbAlignment(), p.calleeSavedRegisters(), p.userRegisters(), p.tcbLookup(),
                p.fpuStateBytes());
    }

    static Stream<Arguments> tooSmallStacks() {
        // perthread: a 64-byte thread block leaves a few bytes after the TCB; the per-CPU stack models
        // need less, so 32 bytes
        return Stream.of(Arguments.of("perthread", 64), Arguments.of("continuation", 32), Arguments.of("stateless", 32));
    }

    @ParameterizedTest(name = "{0} with {1}-byte kernel stacks")
    @MethodSource("tooSmallStacks")
    void aKernelStackOverflowFailsThatModelsRunWithTheCallChain(String model, int bytes) {
        KernelModelProvider p = Models.byName(model);
        Map<String, String> params = Map.of("rounds", "3");
        RunSpec spec = new RunSpec("ppro200", model, "pingpong", params, 1);
        assertThatThrownBy(() -> new Runner(w -> { }).run(spec, stackBytes(bytes), p, Workloads.load("pingpong", params)))
                .isInstanceOf(RunFailedException.class)
                .hasMessageContaining("run pingpong on " + model)
                .hasMessageContaining("overflows pushing")
                .hasMessageMatching("(?s).*call chain: [A-Z_]+( > [A-Z_]+)* \\(overflows\\).*")
                .hasCauseInstanceOf(KernelStackOverflowException.class);
    }
}
