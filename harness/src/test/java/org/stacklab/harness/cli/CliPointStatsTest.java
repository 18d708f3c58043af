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
