package org.stacklab.harness.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.conformance.AllModels;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.machine.Machine;
import org.stacklab.machine.memory.Purpose;
import org.stacklab.machine.profile.CostModel;
import org.stacklab.machine.profile.EntryCost;
import org.stacklab.machine.profile.EntryMechanism;
import org.stacklab.machine.profile.KernelEntry;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.machine.profile.TcbLookup;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * The machine variants (kernel entry mechanism, TCB lookup) through the real models: each charges what
 * the profile says, the same in every model, and changes no user-visible result.
 */
class MachineVariantsRunTest {

    private static ResultRow run(MachineProfile p, KernelModelProvider model, String workload, Map<String, String> params) {
        Runner runner = new Runner(w -> { });
        RunSpec spec = new RunSpec(p.name(), model.name(), workload, params, 1);
        Workload w = Workloads.load(workload, params);
        return runner.run(spec, p, model, w).row();
    }

    private static long count(ResultRow r, Metric m) {
        return (Long) r.get(m);
    }

    /**
     * Cycles one more null system call costs on {@code p} with {@code model}: the difference between two
     * runs of different length, divided by the difference in kernel entries. Per-run constants (a fresh
     * thread's first return to user mode, which not every model charges) cancel out.
     */
    private static long cyclesPerExtraEntry(MachineProfile p, KernelModelProvider model) {
        ResultRow shorter = run(p, model, "null-syscall", Map.of("iterations", "100"));
        ResultRow longer = run(p, model, "null-syscall", Map.of("iterations", "300"));
        long entries = count(longer, Metric.KERNEL_ENTRIES) - count(shorter, Metric.KERNEL_ENTRIES);
        assertThat(entries).as(model.name() + ": extra kernel entries").isEqualTo(200);
        long cycles = count(longer, Metric.CYCLES) - count(shorter, Metric.CYCLES);
        assertThat(cycles % entries).as(model.name() + ": every extra call costs the same").isZero();
        return cycles / entries;
    }

    @Test
    @DisplayName("every kernel entry pays the selected mechanism's enter + exit, in every model")
    void entryCostPerKernelEntry() {
        MachineProfile fast = MachineProfiles.load("x86-64");
        MachineProfile trap = MachineProfiles.load("x86-64-int");
        EntryCost f = fast.cost().entry().selected();
        EntryCost t = trap.cost().entry().selected();
        long perEntry = (t.enter() + t.exit()) - (f.enter() + f.exit());
        assertThat(perEntry).as("the shipped variants differ in entry cost").isNotZero();
        List<Long> fastCalls = new ArrayList<>();
        for (KernelModelProvider m : Models.all()) {
            long a = cyclesPerExtraEntry(fast, m);
            long b = cyclesPerExtraEntry(trap, m);
            assertThat(b - a).as(m.name() + ": a null call with int/iret minus one with syscall/sysret").isEqualTo(perEntry);
            fastCalls.add(a);
        }
        assertThat(fastCalls).as("positive null-call cost").allMatch(c -> c > f.enter() + f.exit());
    }

    @Test
    @DisplayName("any profile: switching the mechanism changes a null call by the cost difference")
    void entryCostOnAHandMadeProfile() {
        MachineProfile trap = MachineProfiles.load("ppro200");
        MachineProfile cheaper = new MachineProfile(trap.name(), trap.description(), trap.clockMhz(), trap.wordBytes(), trap.cpus(),
                trap.l1i(), trap.l1d(), trap.l2(), trap.tlb(),
                new CostModel(trap.cost().instruction(), trap.cost().l1Hit(), trap.cost().l2Hit(), trap.cost().memory(),
                        trap.cost().tlbMiss(), new KernelEntry(EntryMechanism.FAST, trap.cost().entry().trap(),
                                new EntryCost("sysenter/sysexit", 11, 7))),
                trap.kernelStackBytes(), trap.tcbAlignment(), trap.calleeSavedRegisters(), trap.userRegisters(), trap.tcbLookup());
        long perEntry = (trap.cost().kernelEntry() + trap.cost().kernelExit()) - (cheaper.cost().kernelEntry() + cheaper.cost().kernelExit());
        for (KernelModelProvider m : Models.all()) {
            assertThat(cyclesPerExtraEntry(trap, m) - cyclesPerExtraEntry(cheaper, m)).as(m.name()).isEqualTo(perEntry);
        }
    }

    @Test
    @DisplayName("pingpong on x86-64 vs x86-64-int: different cycles per op, identical ops, messages and scheduling")
    void pingpongEntryVariants() {
        for (KernelModelProvider m : Models.all()) {
            ResultRow a = run(MachineProfiles.load("x86-64"), m, "pingpong", Map.of("rounds", "200"));
            ResultRow b = run(MachineProfiles.load("x86-64-int"), m, "pingpong", Map.of("rounds", "200"));
            assertThat(b.get(Metric.CYCLES_PER_OP)).as(m.name()).isNotEqualTo(a.get(Metric.CYCLES_PER_OP));
            assertThat((Double) b.get(Metric.CYCLES_PER_OP)).as(m.name()).isGreaterThan((Double) a.get(Metric.CYCLES_PER_OP));
            for (Metric same : List.of(Metric.OPS, Metric.MESSAGES, Metric.KERNEL_ENTRIES, Metric.BLOCKS, Metric.DISPATCHES,
                    Metric.CONTEXT_SWITCHES, Metric.THREADS, Metric.OUTCOME, Metric.STACK_BYTES_PEAK, Metric.STACK_BYTES_RESERVED)) {
                assertThat(b.get(same)).as(m.name() + " " + same).isEqualTo(a.get(same));
            }
        }
    }

    /** A kernel on {@code p} running {@code model} with two threads, not yet run. */
    private static Kernel twoThreads(MachineProfile p, KernelModelProvider model) {
        Kernel k = new Kernel(new Machine(p), model.create(), KernelOptions.DEFAULT);
        Workload w = Workloads.load("pingpong", Map.of("rounds", "1"));
        w.install(k);
        return k;
    }

    @Test
    @DisplayName("virtual-array lookup: TCB n at arrayBase + (n - first) * stride, one load instead of two, no table")
    void virtualArrayLookupLoads() {
        MachineProfile table = MachineProfiles.load("x86-64");
        MachineProfile virtual = table.withTcbLookup(TcbLookup.VIRTUAL_ARRAY);
        for (KernelModelProvider m : Models.all()) {
            Kernel kt = twoThreads(table, m);
            Kernel kv = twoThreads(virtual, m);
            assertThat(kv.tcbs().base()).as("no lookup table").isEqualTo(-1);
            assertThat(kv.machine().kernelMemory().reserved(Purpose.TABLE))
                    .as(m.name() + ": the table's memory is gone")
                    .isEqualTo(kt.machine().kernelMemory().reserved(Purpose.TABLE) - (long) TcbTable.CAPACITY * table.wordBytes());
            List<Tcb> threads = kv.threads();
            long stride = threads.get(1).base() - threads.get(0).base();
            assertThat(stride).as(m.name() + ": stride").isPositive();
            for (Tcb t : threads) {
                assertThat(t.base()).as(m.name() + " " + t.name())
                        .isEqualTo(kv.tcbs().arrayBase() + (long) (t.number() - TcbTable.FIRST_USER_NUMBER) * stride);
            }
            for (int i = 0; i < threads.size(); i++) {
                assertThat(kt.threads().get(i).base()).as(m.name() + ": placement does not depend on the lookup").isEqualTo(threads.get(i).base());
            }
            Tcb asker = threads.get(0);
            for (Tcb target : threads) {
                assertThat(loads(kt, target.globalId(), kt.threads().get(0))).as(m.name() + ": table lookup").isEqualTo(2);
                assertThat(loads(kv, target.globalId(), asker)).as(m.name() + ": virtual-array lookup").isEqualTo(1);
                assertThat(kv.tcbs().lookup(target.globalId(), asker)).isSameAs(target);
                ThreadId stale = ThreadId.global(target.number(), target.globalId().version() + 1);
                assertThat(kv.tcbs().lookup(stale, asker)).as("other version").isNull();
                assertThat(kt.tcbs().lookup(stale, kt.threads().get(0))).as("other version").isNull();
            }
            ThreadId nobody = ThreadId.global(TcbTable.FIRST_USER_NUMBER + 50, 1);
            assertThat(loads(kv, nobody, asker)).as("an unused slot still costs its load").isEqualTo(1);
            assertThat(loads(kt, nobody, kt.threads().get(0))).as("an empty table entry").isEqualTo(1);
            assertThat(kv.tcbs().lookup(nobody, asker)).isNull();
        }
    }

    private static long loads(Kernel k, ThreadId id, Tcb asker) {
        long before = k.machine().memory().kernelLoads();
        k.tcbs().lookup(id, asker);
        return k.machine().memory().kernelLoads() - before;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pingpong", "idle-threads", "null-syscall"})
    @DisplayName("a shipped workload is observably identical with table and virtual-array lookup, on every model")
    void virtualArrayIsObservablyIdentical(String workload) {
        Map<String, String> small = Map.of("pingpong", "rounds", "idle-threads", "clients", "null-syscall", "iterations");
        Workload w = Workloads.load(workload, Map.of(small.get(workload), "60"));
        for (String machine : List.of("x86-64", "ppro200")) {
            Map<String, Outcome> all = new LinkedHashMap<>();
            for (TcbLookup lookup : TcbLookup.values()) {
                Scenario s = Scenario.named(workload + "@" + machine + "/" + lookup)
                        .profile(MachineProfiles.load(machine).withTcbLookup(lookup));
                for (ThreadSpec t : w.threads()) {
                    s.thread(t.name(), t.space(), t.priority(), t.program());
                }
                Differential.Runs runs = Differential.assertIdentical(s);
                assertThat(runs.outcomes()).hasSize(3);
                runs.outcomes().forEach((model, o) -> all.put(model + "/" + lookup, o));
            }
            List<String> divergences = Differential.divergences(new Differential.Runs(null, all, Map.of()));
            assertThat(divergences).as(workload + " on " + machine + ": table vs virtual-array").isEmpty();
            List<Long> ops = new ArrayList<>();
            for (Outcome o : all.values()) {
                assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
                ops.add(o.counters().ops());
                for (KernelModelProvider m : AllModels.providers()) {
                    Outcome t = all.get(m.name() + "/" + TcbLookup.TABLE);
                    Outcome v = all.get(m.name() + "/" + TcbLookup.VIRTUAL_ARRAY);
                    assertThat(v.counters()).as(m.name() + " counters").isEqualTo(t.counters());
                    for (int i = 0; i < t.threads().size(); i++) {
                        assertThat(v.threads().get(i).log()).as(m.name() + " thread " + i).isEqualTo(t.threads().get(i).log());
                    }
                }
            }
            assertThat(ops).as("every model and lookup completes the same system calls").containsOnly(ops.get(0));
            assertThat(ops.get(0)).isPositive();
        }
    }
}
