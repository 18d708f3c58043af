package org.stacklab.harness.cli;

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
        description = "Writes RUN_DIR/report/ from RUN_DIR/results.csv (and RUN_DIR/config.json if present), as written by "
                + "'run --out RUN_DIR', without re-running anything: the key columns as results.md, results.csv and "
                + "results.tex (LaTeX booktabs), one bar chart per key metric (charts/METRIC.png at 300 dpi, 3.5 in wide, "
                + "and charts/METRIC.svg, .pdf; one fixed colour-blind-safe colour per model) and index.html showing them all (offline).",
        footer = {"", "Example:",
                "  stacklab run --workload pingpong --out results/pp && stacklab report results/pp"})
final class ReportCommand implements Callable<Integer> {
    /** Chart resolution. */
    static final int DPI = 300;
    /** Chart size in points: a paper column (3.5 in) wide. */
    static final int WIDTH_PT = 252;
    static final int HEIGHT_PT = 180;

    /** Colour of each model in every chart (Okabe–Ito: orange, sky blue, bluish green). */
    static final Map<String, Color> MODEL_COLOURS = Map.of(
            "perthread", BarChart.OKABE_ITO.get(0),
            "continuation", BarChart.OKABE_ITO.get(1),
            "stateless", BarChart.OKABE_ITO.get(2));
    /** Marker of each model, for charts drawn with markers. */
    static final Map<String, Marker> MODEL_MARKERS = Map.of(
            "perthread", SeriesMarkers.CIRCLE,
            "continuation", SeriesMarkers.SQUARE,
            "stateless", SeriesMarkers.DIAMOND);

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

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A folder holding results.csv (e.g. written by 'run --out').")
    Path dir;

    @Override
    public Integer call() {
        RunReport.Spec s = new RunReport.Spec(
                List.of(Metric.MODEL.column(), Metric.WORKLOAD.column(), Metric.MACHINE.column(), Metric.PARAMS.column()),
                List.of(Metric.PREEMPT.column(), Metric.SEED.column()),
                columns(TABLE), columns(CHARTS),
                new BarChart.PrintStyle(WIDTH_PT, HEIGHT_PT, 7f, MODEL_COLOURS, MODEL_MARKERS), DPI,
                List.of(KERNEL_BYTES), List.of(column(Metric.STACK_BYTES_RESERVED), KERNEL_BYTES.column()));
        Path out = dir.resolve(RunReport.REPORT);
        List<Path> written = new ArrayList<>();
        Output.io(out, () -> written.addAll(RunReport.write(dir, s)));
        for (Path p : written) {
            spec.commandLine().getOut().println("wrote " + p);
        }
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
