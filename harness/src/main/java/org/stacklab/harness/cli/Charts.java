package org.stacklab.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stacklab.harness.UserError;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.reports.BarChart;
import org.stacklab.reports.ResultTable;

/** The charts the commands draw, described with the metrics' names and units. */
final class Charts {
    private Charts() {}

    /**
     * The demo chart: kernel stack bytes reserved on idle-threads and cycles per operation on
     * pingpong, one bar per model.
     */
    static void demo(ResultTable table, String title, Path png) {
        List<BarChart.Panel> panels = List.of(
                panel(table, Metric.STACK_BYTES_RESERVED, DemoCommand.IDLE, "Kernel stack reserved"),
                panel(table, Metric.CYCLES_PER_OP, DemoCommand.PINGPONG, "Cycles per system call"));
        draw(table, title, panels, png);
    }

    /**
     * A panel of {@code metric}; with a workload, only that workload's rows (named in the title with
     * its parameters), else every workload as its own series.
     */
    static BarChart.Panel panel(ResultTable table, Metric metric, String workload, String heading) {
        String title = heading == null ? metric.column() : heading;
        BarChart.Filter filter = null;
        if (workload != null) {
            filter = new BarChart.Filter(Metric.WORKLOAD.column(), workload);
            title += ": " + workload;
            String params = Output.params(table, workload);
            if (!params.isEmpty()) {
                title += " (" + params + ")";
            }
        }
        String label = metric.column() + (metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")");
        return new BarChart.Panel(title, metric.column(), label, filter, BarChart.Scale.AUTO);
    }

    /** Parses {@code METRIC[@WORKLOAD]}. */
    static BarChart.Panel panel(ResultTable table, String spec) {
        int at = spec.indexOf('@');
        String column = at < 0 ? spec : spec.substring(0, at);
        String workload = at < 0 ? null : spec.substring(at + 1);
        Metric m = Metric.byColumn(column);
        if (m == null || m.kind() == Metric.Kind.TEXT) {
            List<String> numeric = new ArrayList<>();
            for (Metric x : Metric.values()) {
                if (x.kind() != Metric.Kind.TEXT) {
                    numeric.add(x.column());
                }
            }
            throw new UserError("bad --panel '" + spec + "': '" + column + "' is not a numeric column; choose from " + String.join(", ", numeric));
        }
        if (workload != null && !table.distinct(Metric.WORKLOAD.column()).contains(workload)) {
            throw new UserError("bad --panel '" + spec + "': no rows of workload '" + workload + "'; workloads in the file: "
                    + String.join(", ", table.distinct(Metric.WORKLOAD.column())));
        }
        return panel(table, m, workload, null);
    }

    static void draw(ResultTable table, String title, List<BarChart.Panel> panels, Path png) {
        try {
            Output.io(png, () -> BarChart.writePng(table, title, panels, Metric.MODEL.column(), Metric.WORKLOAD.column(), png));
        } catch (IllegalArgumentException e) {
            throw new UserError("cannot draw " + png + ": " + e.getMessage());
        }
    }
}
