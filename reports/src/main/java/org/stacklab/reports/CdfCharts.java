package org.stacklab.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.stacklab.reports.stats.Statistics;

/**
 * Latency CDF charts from the per-point statistics ({@link PointStats}): one chart per distribution
 * (e.g. {@code irq_latency_us}) and per group of identity columns other than the series column and
 * the seed; one step line per model in its fixed colour and line style, with its marker at the
 * median, p90 and p99. The points of one model in one group (its seeds) are pooled: their CDFs are
 * mixed in proportion to their sample counts.
 *
 * <p>Invariant: the charts depend only on {@code results.csv} and the stats files.
 */
public final class CdfCharts {
    /** At most this many groups get a chart per distribution. */
    public static final int MAX_GROUPS = 12;
    /** The column of {@code results.csv} holding a row's point index. */
    public static final String POINT = "point";
    /** The identity column holding the workload parameters ({@code k=v;k=v}). */
    static final String PARAMS = "params";
    /** The percentiles marked on each curve. */
    static final double[] MARKED = {0.5, 0.9, 0.99};

    private CdfCharts() {}

    /** The charts written and how many (distribution, group) charts were left out by the cap. */
    public record Written(List<RunReport.Chart> charts, int leftOut) {}

    /** Writes the CDF charts into {@code dir}; none when there are no points or no {@code point} column. */
    public static Written write(ResultTable data, List<String> ids, String series, List<PointStats.Point> points,
                                BarChart.PrintStyle column, BarChart.PrintStyle page, int dpi, Path dir) throws IOException {
        List<RunReport.Chart> charts = new ArrayList<>();
        if (points.isEmpty() || !data.has(POINT)) {
            return new Written(charts, 0);
        }
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (int r = 0; r < data.size(); r++) {
            rowOf.putIfAbsent(data.value(r, POINT), r);
        }
        List<String> groupCols = Statistics.groupColumns(ids).stream().filter(c -> !c.equals(series)).toList();
        // distribution -> group -> series -> distributions of that series' points (seeds)
        Map<String, Map<List<String>, Map<String, List<PointStats.Distribution>>>> all = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (PointStats.Point p : points) {
            Integer r = rowOf.get(Integer.toString(p.point()));
            if (r == null) {
                continue; // a point whose row is not in results.csv (e.g. a sweep killed after writing it): nothing to label it with
            }
            List<String> g = new ArrayList<>();
            for (String c : groupCols) {
                g.add(data.value(r, c));
            }
            String s = data.has(series) ? data.value(r, series) : "";
            for (PointStats.Distribution d : p.distributions()) {
                units.putIfAbsent(d.name(), d.unit());
                all.computeIfAbsent(d.name(), k -> new LinkedHashMap<>()).computeIfAbsent(List.copyOf(g), k -> new LinkedHashMap<>())
                        .computeIfAbsent(s, k -> new ArrayList<>()).add(d);
            }
        }
        int leftOut = 0;
        for (var byDist : all.entrySet()) {
            String dist = byDist.getKey();
            int n = 0;
            for (var byGroup : byDist.getValue().entrySet()) {
                if (++n > MAX_GROUPS) {
                    leftOut++;
                    continue;
                }
                String where = label(groupCols, byGroup.getKey(), byDist.getValue().keySet());
                Map<String, double[][]> curves = new LinkedHashMap<>();
                for (var bySeries : byGroup.getValue().entrySet()) {
                    curves.put(bySeries.getKey(), pool(bySeries.getValue()));
                }
                String base = PrintCharts.slug(dist) + (byDist.getValue().size() > 1 ? "-" + PrintCharts.slug(where) : "");
                String unit = units.get(dist);
                PrintCharts.Files6 f = PrintCharts.write(st -> chart(dist, where, unit, curves, st), column, page, dpi, dir, base);
                charts.add(new RunReport.Chart("CDF of " + dist + (where.isEmpty() ? "" : " (" + where + ")"), f));
            }
        }
        return new Written(charts, leftOut);
    }

    /** The part of a group's identity that tells it from the other groups of its chart kind ({@link GroupLabels}). */
    static String label(List<String> cols, List<String> group, java.util.Collection<List<String>> groups) {
        return GroupLabels.label(cols, group, groups);
    }

    /** The mixture of the CDFs, each weighted by its sample count: {value, fraction} at every value of any. */
    static double[][] pool(List<PointStats.Distribution> ds) {
        if (ds.size() == 1) {
            return ds.get(0).cdf();
        }
        TreeSet<Double> xs = new TreeSet<>();
        long total = 0;
        for (PointStats.Distribution d : ds) {
            for (double[] p : d.cdf()) {
                xs.add(p[0]);
            }
            total += d.count();
        }
        double[][] out = new double[xs.size()][];
        int i = 0;
        for (double x : xs) {
            double f = 0;
            for (PointStats.Distribution d : ds) {
                f += d.count() * at(d.cdf(), x);
            }
            out[i++] = new double[] {x, Math.min(1.0, f / total)};
        }
        return out;
    }

    /** The CDF's fraction at {@code x}: that of the last value not above x, 0 below the first. */
    static double at(double[][] cdf, double x) {
        double f = 0;
        for (double[] p : cdf) {
            if (p[0] > x) {
                break;
            }
            f = p[1];
        }
        return f;
    }

    /** The smallest value whose fraction is at least {@code q}. */
    static double quantile(double[][] cdf, double q) {
        for (double[] p : cdf) {
            if (p[1] >= q - 1e-12) {
                return p[0];
            }
        }
        return cdf[cdf.length - 1][0];
    }

    static XYChart chart(String dist, String where, String unit, Map<String, double[][]> curves, BarChart.PrintStyle print) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[][] c : curves.values()) {
            min = Math.min(min, c[0][0]);
            max = Math.max(max, c[c.length - 1][0]);
        }
        boolean logX = PrintCharts.twoDecades(min, max);
        XYChart chart = new XYChartBuilder().width(print.widthPt()).height(print.heightPt())
                .title(where.isEmpty() ? "CDF of " + dist : dist + ": " + where)
                .xAxisTitle(dist + (unit.isEmpty() ? "" : " (" + unit + ")") + (logX ? ", log scale" : ""))
                .yAxisTitle("fraction of samples <= x").build();
        var st = chart.getStyler();
        PrintCharts.look(st, print);
        st.setXAxisLogarithmic(logX);
        if (logX) {
            PrintCharts.logAxis(st, true, max);
        }
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        st.setPlotGridVerticalLinesVisible(false);
        PrintCharts.Looks looks = new PrintCharts.Looks(print);
        for (var e : curves.entrySet()) {
            String name = e.getKey().isEmpty() ? dist : e.getKey();
            double[][] c = e.getValue();
            // the step line, from fraction 0 at the first value
            double[] x = new double[c.length + 1];
            double[] y = new double[c.length + 1];
            x[0] = c[0][0];
            y[0] = 0;
            for (int i = 0; i < c.length; i++) {
                x[i + 1] = c[i][0];
                y[i + 1] = c[i][1];
            }
            XYSeries line = chart.addSeries(name + " cdf", x, y);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(looks.colour(name));
            line.setLineStyle(looks.line(name));
            line.setShowInLegend(false);
            // the legend entry (line and marker): one point, at the median
            double[] px = new double[MARKED.length];
            for (int i = 0; i < MARKED.length; i++) {
                px[i] = quantile(c, MARKED[i]);
            }
            XYSeries legend = chart.addSeries(name, new double[] {px[0]}, new double[] {MARKED[0]});
            legend.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            legend.setMarker(looks.marker(name));
            legend.setMarkerColor(looks.colour(name));
            legend.setLineColor(looks.colour(name));
            legend.setLineStyle(looks.line(name));
            XYSeries marks = chart.addSeries(name + " p90 p99", new double[] {px[1], px[2]}, new double[] {MARKED[1], MARKED[2]});
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(looks.marker(name));
            marks.setMarkerColor(looks.colour(name));
            marks.setShowInLegend(false);
        }
        return chart;
    }
}
