package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sweep engine on several cores: {@code --workers} (the result files are the same bytes for any
 * number of workers, killed and resumed included), {@code --shard i/n} with {@code merge} (equal to an
 * unsharded sweep; refusals exit 2), a failing point with workers, and {@code env.json}.
 */
class CliSweepParallelTest {
    private static final List<String> RESULTS = List.of("results.csv", "results.jsonl", "config.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2 workloads x 3 models x 2 values x 2 seeds = 24 small points, every model. */
    static Path experiment(Path dir) throws IOException {
        Path file = dir.resolve("three.yaml");
        Files.writeString(file, """
                name: three
                workloads: [pingpong, null-rpc]
                models: all
                params:
                  rounds: [5, 40]
                seeds: [1, 2]
                """);
        return file;
    }

    static Cli sweep(Path file, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", file.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--progress")) {
            args.addAll(List.of("--progress", "lines"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    static void assertSameResults(Path a, Path b) throws IOException {
        for (String f : RESULTS) {
            assertThat(Files.readAllBytes(a.resolve(f))).as(a + " vs " + b + ": " + f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
    }

    @Test
    void resultFilesAreTheSameBytesForOneTwoAndFourWorkers(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path one = tmp.resolve("w1");
        Cli r1 = sweep(file, one, "--workers", "1");
        assertThat(r1.status()).as(r1.err()).isZero();
        assertThat(Files.readAllLines(one.resolve("results.csv"))).hasSize(25);
        var table = org.stacklab.reports.CsvResults.read(one.resolve("results.csv"));
        List<String> models = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            models.add(table.value(i, "model"));
        }
        assertThat(models).contains("perthread", "continuation", "stateless");
        for (int w : new int[] {2, 4}) {
            Path dir = tmp.resolve("w" + w);
            Cli r = sweep(file, dir, "--workers", Integer.toString(w));
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(dir.resolve("results.csv").toString());
            assertThat(r.err()).contains("[24/24] ");
            assertSameResults(one, dir);
        }
    }

    @Test
    void progressLinesNameThePointAndTheEstimateAndNeverUseCarriageReturns(@TempDir Path tmp) throws IOException {
        Cli r = sweep(experiment(tmp), tmp.resolve("p"), "--workers", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(r.err().lines().filter(l -> l.startsWith("[")).toList()).hasSize(24)
                .allMatch(l -> l.matches("\\[\\d+/24] \\S+/\\S+/\\S+/np/rounds=\\d+/\\d( {2}\\(eta \\d+:\\d\\d\\))?"))
                .anyMatch(l -> l.contains("(eta "));
        Cli quiet = sweep(experiment(tmp), tmp.resolve("q"), "--workers", "2", "--progress", "none");
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out().strip()).endsWith("results.csv");
    }

    @Test
    void interruptedAndResumedWithWorkersEqualsUninterrupted(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path full = tmp.resolve("full");
        assertThat(sweep(file, full, "--workers", "1").status()).isZero();
        Path part = tmp.resolve("part");
        assertThat(sweep(file, part, "--workers", "2", "--stop-after", "7").status()).isZero();
        assertThat(Files.readAllLines(part.resolve("results.csv"))).hasSize(8);
        Files.writeString(part.resolve("results.csv"), "7,stateless,pingp", StandardOpenOption.APPEND);
        Cli second = sweep(file, part, "--workers", "4", "--stop-after", "5");
        assertThat(second.err()).contains("7 of 24 points already done");
        Cli third = sweep(file, part, "--workers", "2");
        assertThat(third.status()).as(third.err()).isZero();
        assertThat(third.err()).contains("12 of 24 points already done");
        assertSameResults(full, part);
    }

    /** A real kill (SIGKILL) of a second JVM sweeping with 2 workers, then a resume with 2 workers. */
    @Test
    void killedProcessWithTwoWorkersThenResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
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
        assertThat(sweep(file, full, "--workers", "1").status()).isZero();
        Path killed = tmp.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sweep", file.toString(), "--out", killed.toString(), "--workers", "2")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path csv = killed.resolve("results.csv");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            Thread.sleep(2);
        }
        p.destroyForcibly().waitFor();
        int rows = Files.readAllLines(csv).size() - 1;
        assertThat(rows).as(Files.readString(tmp.resolve("child.log"))).isBetween(3, 36);
        Cli resumed = sweep(file, killed, "--workers", "2");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming");
        assertSameResults(full, killed);
    }

    @Test
    void aFailingPointStopsTheSweepWritesTheRowsBeforeItAndExits1(@TempDir Path tmp) throws Exception {
        Path tiny = ModelFailureTest.tinyStacks(tmp);
        Path file = tmp.resolve("fail.yaml");
        Files.writeString(file, """
                name: fail
                workload: pingpong
                models: [stateless, continuation, perthread]
                machines: [ppro200, %s]
                params:
                  rounds: [5]
                seeds: [1, 2, 3]
                """.formatted(tiny.toString()));
        // points: ppro200 x 3 models x 3 seeds (0..8), then tiny-stacks: perthread 9 fails (its stack overflows), 10.. would run
        Path out = tmp.resolve("f");
        Cli r = sweep(file, out, "--workers", "2");
        assertThat(r.status()).as(r.err()).isEqualTo(Main.RUN_FAILED);
        assertThat(r.err()).contains("perthread").contains("FAILED").contains("overflows pushing");
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines).hasSize(10);
        for (int i = 0; i < 9; i++) {
            assertThat(lines.get(i + 1)).startsWith(i + ",");
        }
        assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(9);
        // a resume retries it (and fails again)
        Cli again = sweep(file, out, "--workers", "2");
        assertThat(again.status()).isEqualTo(Main.RUN_FAILED);
        assertThat(again.err()).contains("9 of 18 points already done");
    }

    @Test
    void shardsMergedEqualAnUnshardedSweepAndCarryThePointsFolders(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path full = tmp.resolve("full");
        assertThat(sweep(file, full, "--workers", "2").status()).isZero();
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path dir = tmp.resolve("shards/shard-" + i);
            Cli r = sweep(file, dir, "--shard", i + "/3", "--workers", "2");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err()).contains("[8/8] ");
            assertThat(Files.readAllBytes(dir.resolve("config.json"))).isEqualTo(Files.readAllBytes(full.resolve("config.json")));
            assertThat(Files.readString(dir.resolve("cmdline.txt"))).contains("--shard " + i + "/3");
            JsonNode shard = JSON.readTree(dir.resolve("shard.json").toFile());
            assertThat(shard.path("shard").asText()).isEqualTo(i + "/3");
            List<Integer> mine = new ArrayList<>();
            shard.path("points").forEach(n -> mine.add(n.asInt()));
            int slice = i - 1;
            assertThat(mine).hasSize(8).allMatch(p -> p % 3 == slice);
            List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
            for (int k = 1; k < rows.size(); k++) {
                int point = Integer.parseInt(rows.get(k).substring(0, rows.get(k).indexOf(',')));
                assertThat(point % 3).isEqualTo(i - 1);
                // per-point folders, as the sweep's per-point statistics write them (made here if the sweep does not)
                Path pf = dir.resolve("points").resolve(String.format("%05d", point));
                if (!Files.isDirectory(pf)) {
                    Files.createDirectories(pf);
                    Files.writeString(pf.resolve("stats.txt"), "point " + point + " # test\n");
                }
            }
            shards.add(dir);
        }
        Path merged = tmp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", merged.toString()));
        // any order
        args.add(shards.get(2).toString());
        args.add(shards.get(0).toString());
        args.add(shards.get(1).toString());
        Cli m = Cli.run(args.toArray(String[]::new));
        assertThat(m.status()).as(m.err()).isZero();
        assertThat(m.out().strip()).isEqualTo(merged.resolve("results.csv").toString());
        assertSameResults(full, merged);
        try (Stream<Path> s = Files.list(merged.resolve("points"))) {
            assertThat(s.count()).isEqualTo(24);
        }
        for (int point = 0; point < 24; point++) {
            String name = String.format("%05d", point);
            Path from = shards.get(point % 3).resolve("points").resolve(name);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    assertThat(merged.resolve("points").resolve(name).resolve(f.getFileName().toString())).hasSameBinaryContentAs(f);
                }
            }
        }
        assertThat(Files.readString(merged.resolve("cmdline.txt"))).contains("--shard 1/3").contains("--shard 3/3").contains("stacklab merge ");
        JsonNode env = JSON.readTree(merged.resolve("env.json").toFile());
        assertThat(env.path("shards").size()).isEqualTo(3);
        assertThat(env.path("merged_by").path("jdk_version").asText()).isNotEmpty();
        // a report reads the merged folder like any run folder
        Cli rep = Cli.run("report", merged.toString());
        assertThat(rep.status()).as(rep.err()).isZero();
    }

    @Test
    void aShardResumesItsOwnSliceAndRefusesAnother(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path whole = tmp.resolve("whole");
        assertThat(sweep(file, whole, "--shard", "2/3").status()).isZero();
        Path part = tmp.resolve("part");
        assertThat(sweep(file, part, "--shard", "2/3", "--stop-after", "3", "--workers", "2").status()).isZero();
        Cli other = sweep(file, part, "--shard", "1/3");
        assertThat(other.status()).isEqualTo(2);
        assertThat(other.err()).contains("holds shard 2/3").contains("--shard 2/3");
        Cli unsharded = sweep(file, part);
        assertThat(unsharded.status()).isEqualTo(2);
        assertThat(unsharded.err()).contains("holds shard 2/3");
        Cli r = sweep(file, part, "--shard", "2/3", "--workers", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("3 of 8 points already done (shard 2/3)");
        assertSameResults(whole, part);
        Path full = tmp.resolve("full");
        assertThat(sweep(file, full, "--stop-after", "1").status()).isZero();
        Cli asShard = sweep(file, full, "--shard", "1/2");
        assertThat(asShard.status()).isEqualTo(2);
        assertThat(asShard.err()).contains("holds the whole sweep");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/3", "4/3", "2/0", "a/b", "3", "1/3/4", ""})
    void badShardTextIsExit2(String text, @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("x");
        Cli r = sweep(experiment(tmp), out, "--shard", text);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("stacklab: option '--shard': '" + text + "' is not i/n");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void badWorkersAndProgressAreExit2(@TempDir Path tmp) throws IOException {
        Cli w = sweep(experiment(tmp), tmp.resolve("x"), "--workers", "0");
        assertThat(w.status()).isEqualTo(2);
        assertThat(w.err()).contains("'--workers'");
        Cli p = sweep(experiment(tmp), tmp.resolve("x"), "--progress", "fancy");
        assertThat(p.status()).isEqualTo(2);
        assertThat(p.err()).contains("'--progress'");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void mergeRefusesOtherExperimentsMissingAndDuplicatedPointsWithExit2(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path s1 = tmp.resolve("s1");
        Path s2 = tmp.resolve("s2");
        Path s3 = tmp.resolve("s3");
        assertThat(sweep(file, s1, "--shard", "1/3").status()).isZero();
        assertThat(sweep(file, s2, "--shard", "2/3").status()).isZero();
        assertThat(sweep(file, s3, "--shard", "3/3", "--stop-after", "6").status()).isZero();

        Path out = tmp.resolve("out");
        Cli missing = Cli.run("merge", out.toString(), s1.toString(), s2.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("16 distinct of 24 points")
                .contains("8 points are missing (2, 5, 8, 11, 14, 17, 20, 23; the first is pingpong/perthread/ppro200/np/rounds=40/1): "
                        + "they belong to shard 3/3, and no folder given is that shard");
        assertThat(out).doesNotExist();

        Cli unfinished = Cli.run("merge", out.toString(), s1.toString(), s2.toString(), s3.toString());
        assertThat(unfinished.status()).isEqualTo(2);
        assertThat(unfinished.err()).contains("2 points are missing (20, 23; ").contains("shard folder " + s3 + " should hold them");

        assertThat(sweep(file, s3, "--shard", "3/3").status()).isZero();
        Cli twice = Cli.run("merge", out.toString(), s1.toString(), s2.toString(), s3.toString(), s1.toString());
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains(s1 + " is given twice");
        Path copy = tmp.resolve("s1-copy");
        try (var w = Files.walk(s1)) {
            for (Path f : w.toList()) {
                Files.copy(f, copy.resolve(s1.relativize(f).toString()));
            }
        }
        Cli duplicate = Cli.run("merge", out.toString(), s1.toString(), s2.toString(), s3.toString(), copy.toString());
        assertThat(duplicate.status()).isEqualTo(2);
        assertThat(duplicate.err()).contains("point 0 (").contains("is duplicated: in " + s1 + " and " + copy);
        assertThat(out).doesNotExist();

        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, Files.readString(file).replace("seeds: [1, 2]", "seeds: [1, 3]"));
        Path o3 = tmp.resolve("o3");
        assertThat(sweep(other, o3, "--shard", "3/3").status()).isZero();
        Cli differs = Cli.run("merge", out.toString(), s1.toString(), s2.toString(), o3.toString());
        assertThat(differs.status()).isEqualTo(2);
        assertThat(differs.err()).contains(o3.resolve("config.json").toString()).contains("differs from");
        assertThat(out).doesNotExist();

        Cli notRun = Cli.run("merge", out.toString(), s1.toString(), tmp.resolve("nope").toString());
        assertThat(notRun.status()).isEqualTo(2);
        assertThat(notRun.err()).contains("nope").contains("no such folder");

        Files.createDirectories(out);
        Files.writeString(out.resolve("mine.txt"), "keep");
        Cli taken = Cli.run("merge", out.toString(), s1.toString(), s2.toString(), s3.toString());
        assertThat(taken.status()).isEqualTo(2);
        assertThat(taken.err()).contains("is not empty");
        assertThat(Files.readString(out.resolve("mine.txt"))).isEqualTo("keep");

        for (Cli c : List.of(missing, unfinished, twice, duplicate, differs, notRun, taken)) {
            assertThat(c.err().strip().lines()).as(c.err()).hasSize(1);
            assertThat(c.out()).isEmpty();
        }
    }

    @Test
    void envJsonSaysWhereItRanAndAResumeKeepsTheFirst(@TempDir Path tmp) throws IOException {
        Path file = experiment(tmp);
        Path out = tmp.resolve("e");
        assertThat(sweep(file, out, "--workers", "2", "--stop-after", "2").status()).isZero();
        JsonNode env = JSON.readTree(out.resolve("env.json").toFile());
        assertThat(env.fieldNames()).toIterable().containsExactly("stacklab_version", "git_commit", "git_dirty", "jdk_vendor",
                "jdk_version", "os", "available_processors", "workers");
        assertThat(env.path("stacklab_version").asText()).isNotBlank().isNotEqualTo("${project.version}");
        assertThat(env.path("git_commit").asText()).matches("[0-9a-f]{40}|unknown");
        assertThat(env.get("git_dirty").isBoolean() || env.get("git_dirty").isNull()).as("git_dirty: %s", env.get("git_dirty")).isTrue();
        assertThat(env.get("git_dirty").isNull()).isEqualTo(env.path("git_commit").asText().equals("unknown"));
        assertThat(env.path("jdk_version").asText()).isEqualTo(System.getProperty("java.runtime.version"));
        assertThat(env.path("os").asText()).startsWith(System.getProperty("os.name"));
        assertThat(env.path("available_processors").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.path("workers").asInt()).isEqualTo(2);
        byte[] first = Files.readAllBytes(out.resolve("env.json"));
        assertThat(sweep(file, out, "--workers", "1").status()).isZero();
        assertThat(Files.readAllBytes(out.resolve("env.json"))).isEqualTo(first);
        assertThat(Files.readString(out.resolve("results.csv"), StandardCharsets.UTF_8)).doesNotContain("git").doesNotContain(System.getProperty("java.runtime.version"));
    }

    @Test
    void gitOutsideACheckoutIsUnknownNotAFailure(@TempDir Path tmp) {
        assertThat(org.stacklab.harness.experiment.RunEnvironment.current(tmp, 1).gitCommit()).isEqualTo("unknown");
    }

    @Test
    void helpOfSweepAndMergeHasExamplesThatFitEightyColumns() {
        for (String cmd : List.of("sweep", "merge")) {
            Cli r = Cli.run(cmd, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Examples:").contains("stacklab merge ").doesNotContain("%n");
            assertThat(r.err()).isEmpty(); // no picocli format warnings
            assertThat(r.out().substring(r.out().indexOf("Examples:")).lines()).allMatch(l -> l.length() <= 80);
        }
        assertThat(Cli.run("sweep", "--help").out()).contains("--workers").contains("--shard").contains("--progress")
                .contains("(index % n == i-1, i from 1)").doesNotContain("%%");
        assertThat(Cli.run("--help").out()).contains("merge ");
    }

    /**
     * perthread runs keep their simulated threads on virtual threads: two workers with a scheduler of
     * one carrier (the launcher's setting for every command but sweep) take turns on it and stay
     * correct; with two carriers (the launcher's setting for a 2-worker sweep) the same bytes.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void perthreadRunsWithTwoWorkersOnOneOrTwoCarriersGiveTheSameBytes(int carriers, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("pt.yaml");
        Files.writeString(file, """
                name: pt
                workloads: [pingpong, idle-threads]
                models: [perthread]
                seeds: [1, 2, 3]
                """);
        Path one = tmp.resolve("one");
        assertThat(sweep(file, one, "--workers", "1").status()).isZero();
        Path two = tmp.resolve("two");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Djdk.virtualThreadScheduler.parallelism=" + carriers, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", file.toString(), "--out", two.toString(), "--workers", "2", "--progress", "lines")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        assertThat(Files.readString(tmp.resolve("child.log"))).contains("[6/6] ");
        assertSameResults(one, two);
    }
}
