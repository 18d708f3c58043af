package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

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
                    + "DIR/points/NNNNN/stats.txt and stats.json (every metric with its description and unit, latency percentiles and CDFs).")
    Path out;

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
            err.println("wrote " + csv + ", " + config + " and " + this.out.resolve(PointStats.POINTS) + "/NNNNN/stats.txt|json");
        }
        out.flush();
    }
}
