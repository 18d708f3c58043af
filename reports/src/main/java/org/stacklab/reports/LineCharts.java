package org.stacklab.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.stacklab.reports.RunReport.Column;
import org.stacklab.reports.stats.Statistics;
import org.stacklab.reports.stats.Summary;

/**
 * Line charts of a metric against a swept numeric parameter: one chart per parameter, metric and
 * combination of the other identity columns; one series per model (its fixed colour, marker and line
 * style), x the parameter, y the mean over seeds with the 95% CI as error bars. The x axis is
 * logarithmic when the parameter spans two decades or more or the experiment declared it
 * {@code {log: ...}}; the y axis when the plotted means span two decades or more (all positive).
 *
 * <p>Invariant: charts and their order depend only on the rows (order of first appearance).
 */
public final class LineCharts {
    /** At most this many combinations of the other identity columns get charts per parameter. */
    public static final int MAX_GROUPS = 8;

    private LineCharts() {}

    /** One chart group: a parameter, the fixed identity values (series column left out), the other parameters. */
    record Group(String key, List<String> fixed, String others) {}

    /** The result of {@link #write}: the charts and how many groups were left out by the cap. */
    public record Written(List<RunReport.Chart> charts, int groupsLeftOut) {}

    /**
     * Writes the line charts of {@code metrics} into {@code dir}.
     *
     * @param ids        identity columns (the series column among them)
     * @param series     the series column, e.g. {@code model}
     * @param logKeys    parameters declared logarithmic in the experiment
     */
    public static Written write(ResultTable data, List<String> ids, String series, List<Column> metrics, List<String> logKeys,
                                BarChart.PrintStyle column, BarChart.PrintStyle page, int dpi, Path dir) throws IOException {
        List<String> fixedCols = Statistics.groupColumns(ids).stream().filter(c -> !c.equals(RunReport.PARAMS)).toList();
        int seriesAt = fixedCols.indexOf(series);
        Map<Group, Map<String, Statistics.Sweep>> groups = new LinkedHashMap<>();
        for (Statistics.Sweep s : Statistics.sweeps(data, ids, RunReport.PARAMS)) {
            List<String> fixed = new ArrayList<>(s.fixed());
            String name = seriesAt < 0 ? "" : fixed.remove(seriesAt);
            groups.computeIfAbsent(new Group(s.key(), fixed, s.others()), g -> new LinkedHashMap<>()).put(name, s);
        }
        Map<String, Integer> perKey = new LinkedHashMap<>();
        for (Group g : groups.keySet()) {
            perKey.merge(g.key(), 1, Integer::sum);
        }
        List<String> otherCols = new ArrayList<>(fixedCols);
        if (seriesAt >= 0) {
            otherCols.remove(seriesAt);
        }
        List<RunReport.Chart> charts = new ArrayList<>();
        Map<String, Integer> done = new LinkedHashMap<>();
        int leftOut = 0;
        for (var e : groups.entrySet()) {
            Group g = e.getKey();
            int n = done.merge(g.key(), 1, Integer::sum);
            if (n > MAX_GROUPS) {
                leftOut++;
                continue;
            }
            String where = describe(otherCols, g);
            boolean logX = logKeys.contains(g.key()) || spansTwoDecades(e.getValue());
            for (Column m : metrics) {
                Map<String, double[][]> lines = lines(data, e.getValue(), m.name());
                if (lines.isEmpty()) {
                    continue;
                }
                String base = m.name() + "-vs-" + PrintCharts.slug(g.key()) + (perKey.get(g.key()) > 1 ? "-" + PrintCharts.slug(where) : "");
                PrintCharts.Files6 f = PrintCharts.write(st -> chart(m, g.key(), lines, logX, st), column, page, dpi, dir, base);
                charts.add(new RunReport.Chart(m.name() + " against " + g.key() + (where.isEmpty() ? "" : " (" + where + ")"), f));
            }
        }
        return new Written(charts, leftOut);
    }

    private static String describe(List<String> cols, Group g) {
        List<String> parts = new ArrayList<>(g.fixed());
        if (!g.others().isEmpty()) {
            parts.add(g.others());
        }
        return String.join(" ", parts);
    }

    private static boolean spansTwoDecades(Map<String, Statistics.Sweep> sweeps) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Statistics.Sweep s : sweeps.values()) {
            for (double x : s.x()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return PrintCharts.twoDecades(min, max);
    }

    /** Per series name: rows {x, mean, ci95 (0 if undefined)}, x ascending; series without values are left out. */
    static Map<String, double[][]> lines(ResultTable data, Map<String, Statistics.Sweep> sweeps, String metric) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        if (!data.has(metric)) {
            return out;
        }
        for (var e : sweeps.entrySet()) {
            Statistics.Sweep s = e.getValue();
            TreeMap<Double, List<Integer>> byX = new TreeMap<>();
            for (int i = 0; i < s.rows().size(); i++) {
                byX.computeIfAbsent(s.x().get(i), x -> new ArrayList<>()).add(s.rows().get(i));
            }
            List<double[]> pts = new ArrayList<>();
            for (var x : byX.entrySet()) {
                Summary sum = Statistics.summarize(data, x.getValue(), metric);
                if (sum != null) {
                    pts.add(new double[] {x.getKey(), sum.mean(), Double.isNaN(sum.ci95()) ? 0 : sum.ci95()});
                }
            }
            if (!pts.isEmpty()) {
                out.put(e.getKey(), pts.toArray(new double[0][]));
            }
        }
        return out;
    }

    private static double maxX(Map<String, double[][]> lines) {
        double max = 0;
        for (double[][] pts : lines.values()) {
            for (double[] p : pts) {
                max = Math.max(max, p[0]);
            }
        }
        return max;
    }

    static XYChart chart(Column m, String key, Map<String, double[][]> lines, boolean logX, BarChart.PrintStyle print) {
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        boolean errors = false;
        for (double[][] pts : lines.values()) {
            for (double[] p : pts) {
                minY = Math.min(minY, p[1] - p[2]);
                maxY = Math.max(maxY, p[1] + p[2]);
                errors |= p[2] > 0;
            }
        }
        boolean logY = PrintCharts.twoDecades(minY, maxY);
        XYChart chart = new XYChartBuilder().width(print.widthPt()).height(print.heightPt())
                .title(m.name() + " vs " + key)
                .xAxisTitle(key + (logX ? ", log scale" : ""))
                .yAxisTitle((m.unit().isEmpty() ? m.name() : m.unit()) + (logY ? ", log scale" : "")).build(); // the title names the metric
        var st = chart.getStyler();
        PrintCharts.look(st, print);
        st.setXAxisLogarithmic(logX);
        st.setYAxisLogarithmic(logY);
        if (logX) {
            PrintCharts.logAxis(st, true, maxX(lines));
        }
        if (logY) {
            PrintCharts.logAxis(st, false, maxY);
        }
        st.setPlotGridVerticalLinesVisible(false);
        if (!logY) {
            st.setYAxisMin(Math.min(0, minY));
            st.setYAxisMax(maxY <= 0 ? 1.0 : maxY * 1.1);
        }
        PrintCharts.Looks looks = new PrintCharts.Looks(print);
        for (var e : lines.entrySet()) {
            double[][] pts = e.getValue();
            double[] x = new double[pts.length];
            double[] y = new double[pts.length];
            double[] err = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                x[i] = pts[i][0];
                y[i] = pts[i][1];
                err[i] = pts[i][2];
            }
            String name = e.getKey().isEmpty() ? m.name() : e.getKey();
            XYSeries s = errors ? chart.addSeries(name, x, y, err) : chart.addSeries(name, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(looks.colour(name));
            s.setMarkerColor(looks.colour(name));
            s.setMarker(looks.marker(name));
            s.setLineStyle(looks.line(name));
        }
        return chart;
    }
}
