package org.stacklab.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.UserError;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.reports.BarChart;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacklab chart}: re-draws a chart from a results CSV without re-running anything. */
@Command(name = "chart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws a bar chart (PNG) from a results CSV, without re-running.",
                "",
                "The CSV is one written by 'run --out', 'sweep' or 'demo'. One panel per --panel, one bar per model; a panel "
                        + "without @WORKLOAD shows each workload as a series."},
        footer = {"", "Examples:",
                "  stacklab chart --in results/pp/results.csv --out pp.png",
                "  stacklab chart --in results.csv --out c.png \\",
                "      --panel stack_bytes_reserved@idle-threads --panel cycles_per_op@pingpong"})
final class ChartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--in"}, required = true, paramLabel = "CSV", description = "Results CSV (header row, one run per row).")
    Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "The PNG file to write.")
    Path out;

    @Option(names = "--panel", paramLabel = "METRIC[@WORKLOAD]",
            description = "A panel (repeatable), e.g. cycles_per_op@pingpong. Default: the demo's two panels if the file has "
                    + "pingpong and idle-threads rows, else stack_bytes_reserved and cycles_per_op over all workloads.")
    List<String> panels = new ArrayList<>();

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title. Default: the file name.")
    String title;

    @Override
    public Integer call() {
        ResultTable table = CsvResults.read(in);
        for (String c : List.of(Metric.MODEL.column(), Metric.WORKLOAD.column())) {
            if (!table.has(c)) {
                throw new UserError(in + ": no '" + c + "' column; is this a stacklab results file?");
            }
        }
        if (table.size() == 0) {
            throw new UserError(in + ": no result rows");
        }
        String heading = title != null ? title : String.valueOf(in.getFileName());
        List<BarChart.Panel> chosen = new ArrayList<>();
        for (String p : panels) {
            chosen.add(Charts.panel(table, p));
        }
        List<String> workloads = table.distinct(Metric.WORKLOAD.column());
        if (chosen.isEmpty() && workloads.contains(DemoCommand.IDLE) && workloads.contains(DemoCommand.PINGPONG)) {
            Charts.demo(table, heading, out);
        } else {
            if (chosen.isEmpty()) {
                chosen.add(Charts.panel(table, Metric.STACK_BYTES_RESERVED, null, null));
                chosen.add(Charts.panel(table, Metric.CYCLES_PER_OP, null, null));
            }
            Charts.draw(table, heading, chosen, out);
        }
        spec.commandLine().getOut().println("chart: " + out);
        return 0;
    }
}
