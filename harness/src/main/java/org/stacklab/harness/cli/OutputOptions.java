package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import org.stacklab.harness.run.RunResult;
import org.stacklab.reports.CsvResults;

import picocli.CommandLine.Option;

/**
 * The result options of a command that prints result rows: {@code --format table|csv|json} for stdout
 * and {@code --out DIR} for {@code DIR/results.csv} and {@code DIR/config.json}. Use as
 * {@code @Mixin OutputOptions output;}.
 */
final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Output.Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Also write DIR/results.csv and DIR/config.json (the full resolved configuration of each run).")
    Path out;

    /** Prints {@code results} on {@code out} in {@link #format}, and writes the files if {@code --out} was given (noted on {@code err}). */
    void write(List<RunResult> results, PrintWriter out, PrintWriter err) {
        out.print(Output.render(results, format));
        if (this.out != null) {
            Path csv = this.out.resolve("results.csv");
            Path config = this.out.resolve("config.json");
            Output.write(csv, CsvResults.toCsv(Output.table(results)));
            Output.write(config, Output.configJson(results));
            err.println("wrote " + csv + " and " + config);
        }
        out.flush();
    }
}
