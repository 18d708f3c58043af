package org.stacklab.harness.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.reports.BarChart;
import org.stacklab.reports.RunReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab report RUN_DIR}: tables, charts and an HTML page from a results folder, without
 * re-running anything.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tables, statistics and charts of a run folder, without re-running anything.",
                "",
                "Writes RUN_DIR/report/ from RUN_DIR/results.csv (and config.json and points/*/stats.json if present), as "
                + "'run --out' or 'sweep' wrote them:",
                "- tables as .md, .csv and .tex (LaTeX booktabs): results (the key columns), summary (per configuration over "
                + "seeds: n, mean, sample sd, 95%% CI half-width) and fits (slope, intercept, R2 of stack_bytes_reserved and "
                + "kernel_bytes against each numeric swept parameter with 3+ values);",
                "- charts in charts/: grouped bars per key metric (mean over seeds, 95%% CI error bars), lines/ against each "
                + "swept parameter (log axes over 2+ decades), cdf/ latency CDFs from points/*/stats.json; each one column "
                + "(3.5 in) and page (-page, 7 in) wide, as PNG (300 dpi), SVG and PDF; one colour, marker and line style per model;",
                "- index.html: the experiment's description and config, every table and chart (offline).",
                "The same input gives byte-identical files."},
        footer = {"", "Examples:",
                "  stacklab run --workload pingpong --out results/pp",
                "  stacklab report results/pp",
                "  stacklab sweep config/experiments/stack-memory.yaml --out results/sm",
                "  stacklab report results/sm     # then open results/sm/report/index.html"})
final class ReportCommand implements Callable<Integer> {
    /** Chart resolution. */
    static final int DPI = 300;
    /** Chart size in points: a paper column (3.5 in) wide. */
    static final int WIDTH_PT = 252;
    static final int HEIGHT_PT = 180;

    /**
     * Colour of each model in every chart (Okabe–Ito: orange, blue, bluish green), chosen so the three
     * also differ in greyscale: CIE L* 70.6, 46.0 and 57.7 (sky blue, L* 69.8, would be as light as orange).
     */
    static final Map<String, Color> MODEL_COLOURS = Map.of(
            "perthread", BarChart.OKABE_ITO.get(0),
            "continuation", BarChart.OKABE_ITO.get(4),
            "stateless", BarChart.OKABE_ITO.get(2));
    /** Marker of each model, for charts drawn with markers. */
    static final Map<String, Marker> MODEL_MARKERS = Map.of(
            "perthread", SeriesMarkers.CIRCLE,
            "continuation", SeriesMarkers.SQUARE,
            "stateless", SeriesMarkers.DIAMOND);
    /** Line style of each model in line and CDF charts. */
    static final Map<String, BasicStroke> MODEL_LINES = Map.of(
            "perthread", new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND),
            "continuation", new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 2.5f}, 0f),
            "stateless", new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {0.1f, 2.4f}, 0f));

    /** Table metrics, in order; those absent or empty in every row are left out. */
    static final List<Metric> TABLE = List.of(Metric.CYCLES_PER_OP, Metric.US_PER_OP, Metric.STACK_BYTES_RESERVED,
            Metric.STACK_BYTES_PEAK, Metric.STACKS_IN_USE_MAX, Metric.KERNEL_BYTES_PER_THREAD,
            Metric.KERNEL_L1D_LINES_PER_OP, Metric.IRQ_LATENCY_AVG_US, Metric.IRQ_LATENCY_MAX_US);
    /** Charted metrics. */
    static final List<Metric> CHARTS = List.of(Metric.CYCLES_PER_OP, Metric.STACK_BYTES_RESERVED, Metric.STACKS_IN_USE_MAX,
            Metric.KERNEL_BYTES_PER_THREAD, Metric.IRQ_LATENCY_AVG_US);

    /** Kernel memory of a run: kernel bytes per thread times threads (fitted against swept parameters). */
    static final RunReport.Product KERNEL_BYTES = new RunReport.Product(new RunReport.Column("kernel_bytes", "bytes"),
            Metric.KERNEL_BYTES_PER_THREAD.column(), Metric.THREADS.column());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A folder holding results.csv (written by 'run --out' or 'sweep').")
    Path dir;

    @Override
    public Integer call() {
        RunReport.Spec s = new RunReport.Spec(
                List.of(Metric.MODEL.column(), Metric.WORKLOAD.column(), Metric.MACHINE.column(), Metric.PARAMS.column()),
                List.of(Metric.PREEMPT.column(), Metric.SEED.column()),
                columns(TABLE), columns(CHARTS),
                new BarChart.PrintStyle(WIDTH_PT, HEIGHT_PT, 7f, MODEL_COLOURS, MODEL_MARKERS, MODEL_LINES), DPI,
                List.of(KERNEL_BYTES), List.of(column(Metric.STACK_BYTES_RESERVED), KERNEL_BYTES.column()));
        Completeness.refuseFolderOfRunFolders(dir);
        Completeness.refuseCutRow(dir);
        Path out = dir.resolve(RunReport.REPORT);
        List<Path> written = new ArrayList<>();
        Output.io(out, () -> written.addAll(RunReport.write(dir, s)));
        for (Path p : written) {
            spec.commandLine().getOut().println("wrote " + p);
        }
        Completeness.note(dir).ifPresent(spec.commandLine().getErr()::println);
        return 0;
    }

    private static RunReport.Column column(Metric m) {
        return new RunReport.Column(m.column(), m.unit());
    }

    private static List<RunReport.Column> columns(List<Metric> metrics) {
        List<RunReport.Column> c = new ArrayList<>();
        for (Metric m : metrics) {
            c.add(new RunReport.Column(m.column(), m.unit()));
        }
        return c;
    }
}
