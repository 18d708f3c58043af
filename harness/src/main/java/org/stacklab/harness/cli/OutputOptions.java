package org.stacklab.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.stacklab.harness.UserError;

import org.stacklab.harness.experiment.PointStats;
import org.stacklab.harness.run.RunResult;
import org.stacklab.reports.CsvResults;

import picocli.CommandLine.Option;

/**
 * The result options of a command that prints result rows: {@code --format table|csv|json} for stdout
 * and {@code --out DIR} for {@code DIR/results.csv}, {@code DIR/config.json} and {@code DIR/points/NNNNN/stats.txt|json}. Use as
 * {@code @Mixin OutputOptions output;}.
 */
final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Output.Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Also write DIR/results.csv, DIR/config.json (the full resolved configuration of each run) and, per row, "
                    + "the files stats.txt and stats.json in DIR/points/NNNNN/ (every metric with its description and unit, latency "
                    + "percentiles and CDFs). An existing DIR is replaced only if an earlier 'run --out' wrote it; any other folder "
                    + "(a sweep's) is refused.")
    Path out;

    /** What an earlier {@code run --out} leaves in its folder (and {@code report} adds): the only files it may replace. */
    static final Set<String> RUN_FILES = Set.of("results.csv", "config.json", PointStats.POINTS, "report");

    /**
     * Refuses, before anything runs, an {@code --out} that is not a folder or holds anything but an earlier
     * {@code run --out}'s files (a sweep's run folder, say): those are never overwritten (exit 2).
     */
    void checkOut() {
        if (out == null || !Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new UserError("bad --out " + out + ": it is a file; expected a folder for results.csv, config.json and points/");
        }
        try (Stream<Path> s = Files.list(out)) {
            List<String> other = s.map(f -> f.getFileName().toString()).filter(n -> !RUN_FILES.contains(n)).sorted().toList();
            Path config = out.resolve("config.json");
            boolean runConfig = !Files.isRegularFile(config) || isRunConfig(Files.readString(config, StandardCharsets.UTF_8));
            if (!other.isEmpty() || !runConfig) {
                throw new UserError("bad --out " + out + ": it holds files 'run --out' did not write ("
                        + (other.isEmpty() ? "a config.json of another kind, e.g. a sweep's" : String.join(", ", other.subList(0, Math.min(3, other.size())))
                        + (other.size() > 3 ? ", ..." : ""))
                        + "), perhaps a sweep's run folder; it is never overwritten: give a new or empty folder");
            }
        } catch (IOException e) {
            throw new UserError("cannot read --out " + out + ": " + e.getMessage());
        }
    }

    /** Prints {@code results} on {@code out} in {@link #format}, and writes the files if {@code --out} was given (noted on {@code err}). */
    void write(List<RunResult> results, PrintWriter out, PrintWriter err) {
        out.print(Output.render(results, format));
        if (this.out != null) {
            Path csv = this.out.resolve("results.csv");
            Path config = this.out.resolve("config.json");
            Output.write(csv, CsvResults.toCsv(Output.table(results)));
            Output.write(config, Output.configJson(results));
            for (int i = 0; i < results.size(); i++) {
                PointStats.write(this.out, i, PointStats.id(results.get(i).spec()), results.get(i));
            }
            removeStalePoints(results.size());
            if (Files.isDirectory(this.out.resolve("report"))) {
                err.println("note: " + this.out.resolve("report") + "/ shows the earlier run; 'stacklab report " + this.out + "' redraws it");
            }
            err.println("wrote " + csv + ", " + config + " and " + this.out.resolve(PointStats.POINTS) + "/NNNNN/stats.txt|json");
        }
        out.flush();
    }

    private static boolean isRunConfig(String json) {
        try {
            return new ObjectMapper().readTree(json).has("runs");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Removes the {@code points/NNNNN/} folders an earlier {@code run --out} with more rows left behind. */
    private void removeStalePoints(int rows) {
        Path points = this.out.resolve(PointStats.POINTS);
        if (!Files.isDirectory(points)) {
            return;
        }
        Output.io(points, () -> {
            try (Stream<Path> s = Files.list(points)) {
                for (Path d : s.toList()) {
                    String n = d.getFileName().toString();
                    if (n.matches("\\d{5}") && Integer.parseInt(n) >= rows) {
                        try (Stream<Path> w = Files.walk(d)) {
                            for (Path f : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                                Files.delete(f);
                            }
                        }
                    }
                }
            }
        });
    }
}
