package org.stacklab.harness.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.machine.cache.Cache;
import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.profile.MachineProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code stacklab trace}'s files: the Chrome trace is valid JSON with properly nested slices on every
 * track, a process per model, counters and matched flows, byte-identical on a rerun; the din file holds
 * exactly the accesses the caches saw; and tracing changes no measured figure, on every model.
 */
class TraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS = List.of("perthread", "continuation", "stateless");

    private static Runner runner() {
        return new Runner(w -> {
        });
    }

    private static List<RunSpec> specs(String workload, Map<String, String> params, Preemptibility p, List<String> models) {
        List<RunSpec> out = new ArrayList<>();
        for (String m : models) {
            out.add(new RunSpec("ppro200", m, workload, params, 1, p, KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES));
        }
        return out;
    }

    /** Small configurations that reach every kind of slice: blocking IPC, page faults in copies, exceptions, interrupts, preemption points. */
    static Stream<Arguments> workloads() {
        return Stream.of(
                Arguments.of("pingpong", Map.of("rounds", "20"), Preemptibility.NP),
                Arguments.of("mix", Map.of("clients", "3", "rounds", "2", "periods", "5"), Preemptibility.NP),
                Arguments.of("latency", Map.of("periods", "5", "rounds", "10", "chunks", "2", "copies", "5"), Preemptibility.PP),
                Arguments.of("exception", Map.of("count", "20"), Preemptibility.NP),
                Arguments.of("memtest", Map.of("bytes", "16384"), Preemptibility.NP));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("workloads")
    void theTraceOfAllModelsIsValidAndTracingChangesNoFigure(String workload, Map<String, String> params, Preemptibility p,
                                                            @TempDir Path dir) throws Exception {
        List<RunSpec> specs = specs(workload, params, p, MODELS);
        Path json = dir.resolve("t.json");
        List<Tracing.Traced> traced = Tracing.run(runner(), specs, 1_000_000, json, null);
        Map<Integer, String> processes = TraceChecks.check(JSON.readTree(json.toFile()));
        assertThat(processes).containsExactly(Map.entry(1, "perthread"), Map.entry(2, "continuation"), Map.entry(3, "stateless"));
        for (int i = 0; i < specs.size(); i++) {
            RunResult plain = runner().run(specs.get(i));
            assertThat(traced.get(i).result().row()).as("%s: the traced run's row", specs.get(i).model()).isEqualTo(plain.row());
            assertThat(traced.get(i).recorder().truncated()).isFalse();
        }
    }

    /** Clocks where a cycle is not a whole number of nanoseconds: the slices still nest as a reader converts them. */
    @ParameterizedTest
    @ValueSource(strings = {"ds3100", "x86-64"})
    void slicesNestOnEveryClock(String machine, @TempDir Path dir) throws Exception {
        List<RunSpec> specs = new ArrayList<>();
        for (String m : MODELS) {
            specs.add(new RunSpec(machine, m, "mix", Map.of("clients", "2", "rounds", "2", "periods", "3"), 1));
        }
        Path json = dir.resolve("t.json");
        Tracing.run(runner(), specs, 1_000_000, json, null);
        assertThat(TraceChecks.check(JSON.readTree(json.toFile()))).hasSize(3);
    }

    @Test
    void aRerunWritesTheSameBytes(@TempDir Path dir) throws Exception {
        List<RunSpec> specs = specs("mix", Map.of("clients", "2", "rounds", "2", "periods", "3"), Preemptibility.NP, MODELS);
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Tracing.run(runner(), specs, 1_000_000, a, m -> dir.resolve("a." + m + ".din"));
        Tracing.run(runner(), specs, 1_000_000, b, m -> dir.resolve("b." + m + ".din"));
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        for (String m : MODELS) {
            assertThat(Files.readAllBytes(dir.resolve("b." + m + ".din"))).isEqualTo(Files.readAllBytes(dir.resolve("a." + m + ".din")));
        }
    }

    /** Accesses the L1D and L1I saw so far (kernel and user, hits and misses). */
    private static long accesses(Cache c) {
        return c.kernelHits() + c.kernelMisses() + c.userHits() + c.userMisses();
    }

    private static final Pattern DIN = Pattern.compile("[012] [0-9a-f]+");

    @ParameterizedTest
    @ValueSource(strings = {"perthread", "continuation", "stateless"})
    void theDinFileHoldsExactlyTheAccessesTheCachesSaw(String model) throws Exception {
        RunSpec spec = specs("mix", Map.of("clients", "2", "rounds", "2", "periods", "3"), Preemptibility.NP, List.of(model)).get(0);
        StringWriter text = new StringWriter();
        DinWriter din = new DinWriter(text, Long.MAX_VALUE);
        long[] before = new long[2];
        MemorySystem[] mem = new MemorySystem[1];
        Consumer<Kernel> attach = k -> {
            mem[0] = k.machine().memory();
            before[0] = accesses(mem[0].l1d());
            before[1] = accesses(mem[0].l1i());
            mem[0].trace(din);
        };
        RunResult traced = runner().run(spec, MachineProfiles.load(spec.machine()), Models.byName(model), Runner.load(spec), attach);
        mem[0].trace(null);
        din.close();
        long l1d = accesses(mem[0].l1d()) - before[0];
        long l1i = accesses(mem[0].l1i()) - before[1];
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).isNotEmpty().allMatch(l -> DIN.matcher(l).matches());
        long data = lines.stream().filter(l -> l.charAt(0) != '2').count();
        long fetches = lines.stream().filter(l -> l.charAt(0) == '2').count();
        assertThat(data).as("din data lines = L1D accesses").isEqualTo(l1d);
        assertThat(fetches).as("din fetch lines = L1I accesses").isEqualTo(l1i);
        assertThat(lines.stream().filter(l -> l.charAt(0) == '1').count()).as("writes").isPositive();
        assertThat(lines.stream().filter(l -> l.charAt(0) == '0').count()).as("reads").isPositive();
        assertThat(din.lines()).isEqualTo(lines.size());
        assertThat(traced.row()).isEqualTo(runner().run(spec).row());
    }

    @Test
    void aTraceCutAtTheEventLimitIsStillWellFormed(@TempDir Path dir) throws Exception {
        List<RunSpec> specs = specs("mix", Map.of("clients", "3", "rounds", "2", "periods", "5"), Preemptibility.NP, MODELS);
        Path json = dir.resolve("cut.json");
        List<Tracing.Traced> traced = Tracing.run(runner(), specs, 300, json, m -> dir.resolve(m + ".din"));
        TraceChecks.check(JSON.readTree(json.toFile()));
        for (Tracing.Traced t : traced) {
            assertThat(t.recorder().truncated()).isTrue();
            assertThat(t.recorder().events().size()).isLessThan(300 + 100); // the limit, plus the slices open then
            assertThat(t.dinStats().lines()).isEqualTo(300);
            assertThat(t.dinStats().dropped()).isPositive();
            assertThat(Files.readAllLines(t.din())).hasSize(300);
            assertThat(t.result().row()).isEqualTo(runner().run(t.result().spec()).row());
        }
    }

    /** The trace shows what tells the models apart. */
    @Test
    void theTracesShowTheModelsDifferences(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("mix.json");
        Tracing.run(runner(), specs("mix", Map.of("clients", "3", "rounds", "2", "periods", "5"), Preemptibility.NP, MODELS), 1_000_000,
                json, null);
        JsonNode events = JSON.readTree(json.toFile()).get("traceEvents");
        // perthread keeps call chains on per-thread stacks: more live stack bytes at the peak than one per-CPU stack
        assertThat(maxStackBytes(events, 1)).isGreaterThan(maxStackBytes(events, 2)).isGreaterThan(maxStackBytes(events, 3));
        assertThat(count(events, 1, "stack discarded")).isZero();
        assertThat(count(events, 2, "stack discarded")).isPositive();
        assertThat(count(events, 2, "stack handoff")).isPositive();
        assertThat(count(events, 2, "continuation saved")).isPositive();
        assertThat(count(events, 3, "restart point")).isPositive();
        assertThat(count(events, 3, "string transfer (restarted)")).isPositive();
        assertThat(count(events, 1, "restart point") + count(events, 2, "restart point")).isZero();
        // a stateless copy that stops at a page fault returns to user mode with the PC on the call and re-executes it;
        // every model re-executes the touch of a user page fault (6 here)
        assertThat(restarted(events, 1)).isEqualTo(restarted(events, 2)).isEqualTo(6);
        assertThat(restarted(events, 3)).isGreaterThan(restarted(events, 1));
        // blocked threads are visible on their tracks in every model, as are the IPC phases
        for (int pid = 1; pid <= 3; pid++) {
            assertThat(count(events, pid, "blocked: receive")).isPositive();
            assertThat(count(events, pid, "send phase")).isPositive();
            assertThat(count(events, pid, "receive phase")).isPositive();
            assertThat(count(events, pid, "string transfer")).isPositive();
            assertThat(count(events, pid, "page fault")).isPositive();
            assertThat(count(events, pid, "Call")).isPositive();
        }
    }

    private static long restarted(JsonNode events, int pid) {
        long n = 0;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("X") && e.get("pid").asInt() == pid && e.get("args").path("restarted").asBoolean()) {
                n++;
            }
        }
        return n;
    }

    private static long maxStackBytes(JsonNode events, int pid) {
        long max = 0;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("C") && e.get("pid").asInt() == pid) {
                max = Math.max(max, e.get("args").get("bytes_in_use").asLong());
            }
        }
        return max;
    }

    private static long count(JsonNode events, int pid, String name) {
        long n = 0;
        for (JsonNode e : events) {
            if (e.get("pid").asInt() == pid && e.get("name").asText().equals(name) && !e.get("ph").asText().equals("M")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void microsecondsArePrintedExactlyFromNanoseconds() {
        assertThat(ChromeTraceWriter.micros(0)).isEqualTo("0");
        assertThat(ChromeTraceWriter.micros(5)).isEqualTo("0.005");
        assertThat(ChromeTraceWriter.micros(12_345)).isEqualTo("12.345");
        assertThat(ChromeTraceWriter.micros(12_340)).isEqualTo("12.34");
        assertThat(ChromeTraceWriter.micros(3_000)).isEqualTo("3");
        assertThat(ChromeTraceWriter.ns(1, 200)).isEqualTo(5);
        assertThat(ChromeTraceWriter.ns(3, 3000)).isEqualTo(1);
        assertThat(ChromeTraceWriter.ns(1, 16.67)).isEqualTo(60);
        assertThat(ChromeTraceWriter.str("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    @Test
    void perModelDinNames() {
        assertThat(Tracing.perModel(Path.of("out/mem.din"), "stateless")).isEqualTo(Path.of("out/mem.stateless.din"));
        assertThat(Tracing.perModel(Path.of("mem"), "perthread")).isEqualTo(Path.of("mem.perthread"));
    }
}
