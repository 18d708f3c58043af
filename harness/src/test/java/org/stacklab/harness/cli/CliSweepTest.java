package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stacklab sweep}: the broken-file corpus (each file's first line {@code # expect: LINE FIELD: PROBLEM}
 * is the message it must give, exit 2, before anything runs), the shipped experiment files, resume
 * after an interruption, and determinism.
 */
class CliSweepTest {
    private static final Path BAD = Path.of("src/test/resources/experiments/bad");
    private static final Path TINY = Path.of("src/test/resources/experiments/good/tiny.yaml");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+) (\\S+): (.*)");

    static Stream<Path> badFiles() throws IOException {
        try (Stream<Path> s = Files.list(BAD)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void brokenFileIsOneMessageWithFileLineAndFieldAndExit2(Path file, @TempDir Path tmp) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        Matcher m = EXPECT.matcher(first);
        assertThat(m.matches()).as("first line of %s", file).isTrue();
        Path out = tmp.resolve("run");
        Cli r = Cli.run("sweep", file.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("stacklab: " + file + ":" + m.group(1) + ": field '" + m.group(2) + "': " + m.group(3));
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(out).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingFileIsExit2() {
        Cli r = Cli.run("sweep", "no-such-experiment.yaml");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-experiment.yaml: no such experiment file");
    }

    @Test
    void shippedExperimentsLoad() {
        for (String name : List.of("stack-memory", "ipc-latency", "preemption")) {
            Path file = Path.of("../config/experiments/" + name + ".yaml");
            var e = org.stacklab.harness.experiment.ExperimentLoader.load(file);
            assertThat(e.name()).isEqualTo(name);
            switch (name) {
                case "stack-memory" -> {
                    assertThat(e.points()).hasSize(15);
                    assertThat(e.groups().get(0).params().get("clients")).containsExactly("10", "100", "1000", "10000", "100000");
                }
                case "ipc-latency" -> assertThat(e.points()).hasSize(2 * 4 * 3);
                default -> assertThat(e.points()).extracting(p -> p.model() + "/" + p.preempt().cliName())
                        .containsExactly("perthread/np", "continuation/np", "stateless/np",
                                "perthread/pp", "continuation/pp", "stateless/pp", "perthread/fp");
            }
        }
    }

    @Test
    void interruptedThenResumedEqualsUninterruptedByteForByte(@TempDir Path tmp) throws IOException {
        Path full = tmp.resolve("full");
        Cli whole = Cli.run("sweep", TINY.toString(), "--out", full.toString());
        assertThat(whole.status()).as(whole.err()).isZero();
        assertThat(Files.readAllLines(full.resolve("results.csv"))).hasSize(33);
        assertThat(Files.readAllLines(full.resolve("results.jsonl"))).hasSize(32);
        assertThat(whole.err()).contains("[32/32] ");

        Path part = tmp.resolve("part");
        Cli first = Cli.run("sweep", TINY.toString(), "--out", part.toString(), "--stop-after", "5");
        assertThat(first.status()).isZero();
        assertThat(Files.readAllLines(part.resolve("results.csv"))).hasSize(6);
        // a kill in the middle of writing a row: half a line in each file
        Files.writeString(part.resolve("results.csv"), "5,perthread,null-r", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(part.resolve("results.jsonl"), "{\"point\":5,", java.nio.file.StandardOpenOption.APPEND);
        Cli second = Cli.run("sweep", TINY.toString(), "--out", part.toString(), "--stop-after", "4");
        assertThat(second.err()).contains("resuming").contains("5 of 32 points already done");
        Cli third = Cli.run("sweep", TINY.toString(), "--out", part.toString());
        assertThat(third.status()).isZero();
        assertThat(third.err()).contains("9 of 32 points already done");

        for (String f : List.of("results.csv", "results.jsonl", "config.json")) {
            assertThat(Files.readAllBytes(part.resolve(f))).as(f).isEqualTo(Files.readAllBytes(full.resolve(f)));
        }
        assertThat(Files.readAllLines(part.resolve("cmdline.txt"))).hasSize(3);

        // a finished folder: nothing to run, nothing changes
        Cli again = Cli.run("sweep", TINY.toString(), "--out", part.toString());
        assertThat(again.err()).contains("32 of 32 points already done");
        assertThat(Files.readAllBytes(part.resolve("results.csv"))).isEqualTo(Files.readAllBytes(full.resolve("results.csv")));
    }

    /** A real kill: a second JVM runs the sweep and is killed (SIGKILL) after a few rows; a resume then finishes it. */
    @Test
    void killedProcessThenResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("kill.yaml");
        Files.writeString(file, """
                name: kill
                workload: pingpong
                models: all
                params:
                  rounds: [500]
                seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                """);
        Path full = tmp.resolve("full");
        assertThat(Cli.run("sweep", file.toString(), "--out", full.toString()).status()).isZero();
        Path killed = tmp.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sweep", file.toString(), "--out", killed.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path csv = killed.resolve("results.csv");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline
                && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            Thread.sleep(2);
        }
        p.destroyForcibly().waitFor();
        int rows = Files.readAllLines(csv).size() - 1;
        assertThat(rows).as(Files.readString(tmp.resolve("child.log"))).isBetween(3, 35);
        Cli resumed = Cli.run("sweep", file.toString(), "--out", killed.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming");
        for (String f : List.of("results.csv", "results.jsonl", "config.json")) {
            assertThat(Files.readAllBytes(killed.resolve(f))).as(f).isEqualTo(Files.readAllBytes(full.resolve(f)));
        }
    }

    /** Killed right after config.json was written: the folder is still resumable. */
    @Test
    void killedBeforeTheResultFilesExistResumes(@TempDir Path tmp) throws IOException {
        Path full = tmp.resolve("full");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", full.toString(), "--stop-after", "3").status()).isZero();
        Path early = tmp.resolve("early");
        Files.createDirectories(early);
        Files.copy(full.resolve("config.json"), early.resolve("config.json"));
        Cli r = Cli.run("sweep", TINY.toString(), "--out", early.toString(), "--stop-after", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("0 of 32 points already done");
        for (String f : List.of("results.csv", "results.jsonl")) {
            assertThat(Files.readAllBytes(early.resolve(f))).as(f).isEqualTo(Files.readAllBytes(full.resolve(f)));
        }
    }

    @Test
    void aLogScaleDeclarationIsKeptInConfigJsonForTheReportsLogAxes() throws IOException {
        var e = org.stacklab.harness.experiment.ExperimentLoader.load(Path.of("../config/experiments/stack-memory.yaml"));
        var scale = e.groups().get(0).logScales().get("clients");
        assertThat(scale.from()).isEqualTo(10);
        assertThat(scale.to()).isEqualTo(100_000);
        assertThat(scale.points()).isEqualTo(5);
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(org.stacklab.harness.experiment.Sweep.configJson(e));
        assertThat(config.path("groups").get(0).path("scales").path("clients").toString()).isEqualTo("{\"log\":[10,100000],\"points\":5}");
        assertThat(org.stacklab.reports.RunReport.logParams(config)).containsExactly("clients");
        // a list of values declares no scale: the report decides by the values' span
        var ipc = org.stacklab.harness.experiment.ExperimentLoader.load(Path.of("../config/experiments/ipc-latency.yaml"));
        assertThat(ipc.groups().get(0).logScales()).isEmpty();
        assertThat(configHasNoScales(ipc)).isTrue();
    }

    private static boolean configHasNoScales(org.stacklab.harness.experiment.Experiment e) {
        return !org.stacklab.harness.experiment.Sweep.configJson(e).contains("\"scales\"");
    }

    @Test
    void readmeSchemaExampleIsValid() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("```yaml\nname: stack-memory");
        assertThat(start).isNotNegative();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        var e = org.stacklab.harness.experiment.ExperimentLoader.parse("README.md", yaml);
        assertThat(e.points()).hasSize(3 * 5 * 2);
    }

    @Test
    void shippedPreemptionSweepRunsFpOnPerthreadOnly(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("p");
        Cli r = Cli.run("sweep", "../config/experiments/preemption.yaml", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        var table = org.stacklab.reports.CsvResults.read(out.resolve("results.csv"));
        assertThat(table.size()).isEqualTo(7);
        List<String> modelPreempt = new java.util.ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            modelPreempt.add(table.value(i, "model") + "/" + table.value(i, "preempt"));
            assertThat(table.value(i, "irq_missed")).isEqualTo("0");
        }
        assertThat(modelPreempt).last().isEqualTo("perthread/fp");
    }

    @Test
    void sameFileSameBytes(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", a.toString(), "--stop-after", "6").status()).isZero();
        assertThat(Cli.run("sweep", TINY.toString(), "--out", b.toString(), "--stop-after", "6").status()).isZero();
        for (String f : List.of("results.csv", "results.jsonl", "config.json")) {
            assertThat(Files.readString(a.resolve(f))).as(f).isEqualTo(Files.readString(b.resolve(f)));
        }
        assertThat(Files.readString(a.resolve("results.csv"))).startsWith("point,model,workload,machine,");
    }

    @Test
    void neverOverwritesAnotherFolder(@TempDir Path tmp) throws IOException {
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        Cli r = Cli.run("sweep", TINY.toString(), "--out", other.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("is not a run of this experiment");
        assertThat(other.resolve("results.csv")).doesNotExist();

        Path run = tmp.resolve("run");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", run.toString(), "--stop-after", "1").status()).isZero();
        Cli wrong = Cli.run("sweep", "../config/experiments/preemption.yaml", "--out", run.toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("holds another experiment");
    }
}
