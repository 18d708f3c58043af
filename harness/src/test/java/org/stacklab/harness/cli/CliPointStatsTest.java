package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-point {@code points/NNNNN/stats.txt|json} of {@code stacklab sweep} and {@code stacklab run --out}:
 * one folder per row, written before the row, consistent with the rows after an interrupted and
 * resumed sweep, and byte-identical to an uninterrupted one.
 */
class CliPointStatsTest {
    private static final Path TINY = Path.of("src/test/resources/experiments/good/tiny.yaml");

    /** Relative path → bytes of every file under {@code dir/points}. */
    private static java.util.SortedMap<String, byte[]> points(Path dir) throws IOException {
        java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        Path root = dir.resolve("points");
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<String> pointDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("points"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> expectedDirs(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("%05d", i)).toList();
    }

    @Test
    void everyRowHasItsStatsAndAResumeEqualsAnUninterruptedSweep(@TempDir Path tmp) throws IOException {
        Path full = tmp.resolve("full");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", full.toString()).status()).isZero();
        assertThat(pointDirs(full)).isEqualTo(expectedDirs(32));
        var fullPoints = points(full);
        assertThat(fullPoints).hasSize(64);
        assertThat(new String(fullPoints.get("00005/stats.txt"))).startsWith("# stacklab statistics of point 5: ");

        Path part = tmp.resolve("part");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", part.toString(), "--stop-after", "5").status()).isZero();
        assertThat(pointDirs(part)).as("one folder per row").isEqualTo(expectedDirs(5));
        // killed after point 5's stats were written, before its row; and in the middle of writing point 6's
        Files.createDirectories(part.resolve("points/00005"));
        Files.write(part.resolve("points/00005/stats.txt"), fullPoints.get("00005/stats.txt"));
        Files.write(part.resolve("points/00005/stats.json"), fullPoints.get("00005/stats.json"));
        Files.createDirectories(part.resolve("points/00006"));
        Files.writeString(part.resolve("points/00006/stats.txt.tmp"), "# stacklab statistics of po");
        Cli resumed = Cli.run("sweep", TINY.toString(), "--out", part.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("5 of 32 points already done");

        assertThat(Files.readAllBytes(part.resolve("results.csv"))).isEqualTo(Files.readAllBytes(full.resolve("results.csv")));
        var partPoints = points(part);
        assertThat(partPoints.keySet()).isEqualTo(fullPoints.keySet());
        for (String f : fullPoints.keySet()) {
            assertThat(partPoints.get(f)).as(f).isEqualTo(fullPoints.get(f));
        }
        // the rows and the stats agree: point i's stats.json names row i's point and figures
        List<String> rows = Files.readAllLines(full.resolve("results.csv"));
        for (int i = 0; i < 32; i++) {
            String json = new String(fullPoints.get(String.format("%05d/stats.json", i)));
            assertThat(json).contains("\"point\" : " + i + ",");
            String cycles = rows.get(i + 1).split(",")[1 + org.stacklab.harness.metrics.Metric.header().indexOf("cycles")]; // after "point"
            assertThat(json).contains("\"cycles\" : { \"value\" : " + cycles + ",");
        }
    }

    /**
     * A real kill (SIGKILL of a second JVM) in the middle of a sweep: every row already written has its
     * complete stats files, at most the point being run has files without a row, and the resumed folder
     * equals an uninterrupted one, points/ included.
     */
    @Test
    void killedProcessLeavesStatsConsistentWithTheRows(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("kill.yaml");
        Files.writeString(file, """
                name: kill-stats
                workload: pingpong
                models: all
                params:
                  rounds: [400]
                seeds: [1, 2, 3, 4, 5, 6, 7, 8]
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
        while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            Thread.sleep(2);
        }
        p.destroyForcibly().waitFor();
        int rows = Files.readAllLines(csv).size() - 1;
        var fullPoints = points(full);
        var killedPoints = points(killed);
        for (int i = 0; i < rows; i++) {
            for (String f : List.of("stats.txt", "stats.json")) {
                String name = String.format("%05d/", i) + f;
                assertThat(killedPoints.get(name)).as(name + " of a written row").isEqualTo(fullPoints.get(name));
            }
        }
        assertThat(pointDirs(killed).size()).as("at most the point in progress has no row yet").isBetween(rows, rows + 1);

        Cli resumed = Cli.run("sweep", file.toString(), "--out", killed.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(csv)).isEqualTo(Files.readAllBytes(full.resolve("results.csv")));
        killedPoints = points(killed);
        assertThat(killedPoints.keySet()).isEqualTo(fullPoints.keySet());
        for (String f : fullPoints.keySet()) {
            assertThat(killedPoints.get(f)).as(f).isEqualTo(fullPoints.get(f));
        }
    }

    @Test
    void runOutWritesStatsPerRow(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--workload", "pingpong", "--param", "rounds=50", "--model", "all", "--out", out.toString());
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(pointDirs(out)).isEqualTo(expectedDirs(3));
        String txt = Files.readString(out.resolve("points/00001/stats.txt"));
        assertThat(txt).startsWith("# stacklab statistics of point 1: pingpong/continuation/ppro200/np/rounds=50/1\n")
                .containsPattern("(?m)^call_latency_cycles::count +50 +# ")
                .containsPattern("(?m)^call_latency_cycles::p50 +\\d+ +# .*\\(cycles\\)$");
        assertThat(Files.readString(out.resolve("points/00000/stats.json"))).contains("\"id\" : \"pingpong/perthread/ppro200/np/rounds=50/1\"");
    }
}
