package org.stacklab.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;

/**
 * Grouped bar charts of result rows, one panel per metric, side by side in one PNG (XChart).
 *
 * <p>In each panel the categories along x are the values of one column (usually {@code model}) and
 * each series is one value of another (usually {@code workload}); a bar's height is the metric's
 * value in the one row with that category and series. A panel whose positive values span more than
 * two decades uses a log axis when its scale is {@link Scale#AUTO}.
 *
 * <p>Invariant: the picture depends only on the rows and the panel specs (no timestamps), so the
 * same input gives the same bytes on the same JDK.
 */
public final class BarChart {
    /** Width and height of one panel in pixels. */
    public static final int PANEL_WIDTH = 720;
    public static final int PANEL_HEIGHT = 480;
    private static final int TITLE_HEIGHT = 36;

    /** The y-axis scale of a panel. */
    public enum Scale { LINEAR, LOG, AUTO }

    /**
     * One panel.
     *
     * @param title       panel title
     * @param metric      the column plotted
     * @param yAxisLabel  y-axis title, with the unit
     * @param filter      which rows to plot; {@code null} plots all
     * @param scale       y-axis scale
     */
    public record Panel(String title, String metric, String yAxisLabel, Filter filter, Scale scale) {}

    /** Keep rows whose {@code column} equals {@code value}. */
    public record Filter(String column, String value) {}

    /** The Okabe–Ito colour-blind-safe palette (without its black), in its usual order. */
    public static final List<Color> OKABE_ITO = List.of(new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
            new Color(0xF0E442), new Color(0x0072B2), new Color(0xD55E00), new Color(0xCC79A7));

    private BarChart() {}

    /**
     * Draws the panels side by side under {@code title} and writes a PNG to {@code out} (parent
     * directories are created).
     *
     * @param category the column along x (e.g. {@code model})
     * @param series   the column whose values are the bar series (e.g. {@code workload})
     * @throws IllegalArgumentException if a panel names a missing column or has no rows to plot
     */
    public static void writePng(ResultTable table, String title, List<Panel> panels, String category, String series,
                                Path out) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to draw");
        }
        List<CategoryChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            charts.add(chart(table, p, category, series));
        }
        int width = PANEL_WIDTH * charts.size();
        int height = PANEL_HEIGHT + TITLE_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, 16);
            g.setFont(font);
            FontRenderContext frc = g.getFontRenderContext();
            Rectangle2D bounds = font.getStringBounds(title, frc);
            g.drawString(title, (float) ((width - bounds.getWidth()) / 2), (float) (TITLE_HEIGHT / 2.0 + bounds.getHeight() / 3));
            for (int i = 0; i < charts.size(); i++) {
                Graphics2D sub = (Graphics2D) g.create(i * PANEL_WIDTH, TITLE_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
                try {
                    charts.get(i).paint(sub, PANEL_WIDTH, PANEL_HEIGHT);
                } finally {
                    sub.dispose();
                }
            }
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1f));
            for (int i = 1; i < charts.size(); i++) {
                g.drawLine(i * PANEL_WIDTH, TITLE_HEIGHT, i * PANEL_WIDTH, height - 1);
            }
        } finally {
            g.dispose();
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", out.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    static CategoryChart chart(ResultTable table, Panel p, String category, String series) {
        return chart(table, p, category, series, null);
    }

    /**
     * How a chart for print looks: its size in points (1/72 in), its font size, and a fixed colour
     * and marker for each series name, so one model looks the same in every chart.
     *
     * @param widthPt   width in points (a paper column is 3.5 in = 252 pt)
     * @param heightPt  height in points
     * @param fontPt    base font size in points (titles a little larger, tick labels a little smaller)
     * @param colours   colour of each series name; names not listed take the palette's next free colour
     * @param markers   marker of each series name (used where a series is drawn with markers, e.g. the legend of line charts)
     * @param lines     line style of each series name (line and CDF charts)
     */
    public record PrintStyle(int widthPt, int heightPt, float fontPt, Map<String, Color> colours, Map<String, Marker> markers,
                             Map<String, java.awt.BasicStroke> lines) {
        public PrintStyle {
            colours = Map.copyOf(colours);
            markers = Map.copyOf(markers);
            lines = Map.copyOf(lines);
        }

        /** The same look at another size. */
        public PrintStyle resized(int width, int height) {
            return new PrintStyle(width, height, fontPt, colours, markers, lines);
        }
    }

    /**
     * Writes one panel as a print chart: a PNG at {@code dpi} dots per inch (the pixel size is the
     * point size scaled by {@code dpi / 72}, and the resolution is recorded in the file) and, if
     * {@code svg} (or {@code pdf}) is not {@code null}, the same chart as SVG (or PDF). Each series is one value of
     * {@code series} (e.g. {@code model}) in its fixed colour, grouped by the values of {@code category}.
     */
    public static void writePrint(ResultTable table, Panel p, String category, String series, PrintStyle style, int dpi,
                                  Path png, Path svg, Path pdf) throws IOException {
        PrintCharts.writeOne(chart(table, p, category, series, style), dpi, png, svg, pdf);
    }

    private static final java.util.regex.Pattern PDF_ID = java.util.regex.Pattern.compile("/ID \\[<([0-9A-F]+)> <([0-9A-F]+)>\\]");

    /**
     * The PDF with its random trailer {@code /ID} replaced by a digest of the rest of the file, so the
     * same chart gives the same bytes (the IDs keep their length, so the cross-reference offsets stay right).
     */
    static byte[] fixedPdfId(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = PDF_ID.matcher(text);
        if (!m.find()) {
            return pdf;
        }
        byte[] rest = (text.substring(0, m.start()) + text.substring(m.end())).getBytes(StandardCharsets.ISO_8859_1);
        String hex;
        try {
            hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(rest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        while (hex.length() < m.group(1).length() || hex.length() < m.group(2).length()) {
            hex += hex;
        }
        String id = "/ID [<" + hex.substring(0, m.group(1).length()) + "> <" + hex.substring(0, m.group(2).length()) + ">]";
        return (text.substring(0, m.start()) + id + text.substring(m.end())).getBytes(StandardCharsets.ISO_8859_1);
    }

    static CategoryChart chart(ResultTable table, Panel p, String category, String series, PrintStyle print) {
        ResultTable rows = p.filter() == null ? table : table.where(p.filter().column(), p.filter().value());
        rows.index(p.metric());
        if (rows.size() == 0) {
            throw new IllegalArgumentException("panel '" + p.title() + "': no rows"
                    + (p.filter() == null ? "" : " with " + p.filter().column() + "=" + p.filter().value()));
        }
        List<String> categories = rows.distinct(category);
        List<String> seriesNames = rows.distinct(series);
        // print: labels that all name one key ('clients=10', 'clients=100') show the values, the key becomes the axis title
        String commonKey = print == null ? null : commonKey(categories);
        String xTitle = commonKey != null ? commonKey : category;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        List<List<Double>> values = new ArrayList<>();
        List<List<Double>> errors = new ArrayList<>();
        boolean anyError = false;
        for (String s : seriesNames) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (String c : categories) {
                ResultTable cell = rows.where(series, s).where(category, c);
                double[] xs = new double[cell.size()];
                for (int k = 0; k < xs.length; k++) {
                    xs[k] = number(cell.value(k, p.metric()), p.metric());
                }
                // several rows in a cell (seeds): the mean, with the 95% CI half-width as error bar
                org.stacklab.reports.stats.Summary sum = xs.length == 0 ? null : org.stacklab.reports.stats.Summary.of(xs);
                double y = sum == null ? Double.NaN : sum.mean();
                double e = sum == null || Double.isNaN(sum.ci95()) ? 0 : sum.ci95();
                anyError |= e > 0;
                if (y > 0) {
                    min = Math.min(min, y);
                    max = Math.max(max, y + e);
                }
                ys.add(y);
                es.add(e);
            }
            values.add(ys);
            errors.add(es);
        }
        boolean log = switch (p.scale()) {
            case LOG -> true;
            case LINEAR -> false;
            case AUTO -> max > 0 && max / min > 100;
        };
        List<String> labels = commonKey == null ? categories : categories.stream().map(c -> c.substring(commonKey.length() + 1)).toList();
        boolean rotated = print != null && rotated(labels, print);
        CategoryChart chart = new CategoryChartBuilder()
                .width(print == null ? PANEL_WIDTH : print.widthPt())
                // vertical labels get their own room below the plot, so the plot keeps the height of an unrotated chart
                .height(print == null ? PANEL_HEIGHT : print.heightPt() + (rotated ? labelRoomPt(labels, print) : 0))
                .title(p.title()).xAxisTitle(xTitle).yAxisTitle(p.yAxisLabel() + (log ? ", log scale" : "")).build();
        Styler.ChartTheme theme = Styler.ChartTheme.XChart;
        var st = chart.getStyler();
        st.setTheme(theme.newInstance(theme));
        st.setLegendVisible(seriesNames.size() > 1);
        st.setLegendPosition(Styler.LegendPosition.InsideNW);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridVerticalLinesVisible(false);
        st.setLabelsVisible(true);
        st.setLabelsFontColorAutomaticEnabled(false);
        st.setLabelsFontColor(Color.BLACK);
        st.setLabelsPosition(0.95);
        st.setDecimalPattern("#,##0.##");
        st.setLocale(Locale.ROOT);
        st.setYAxisLogarithmic(log);
        if (log) {
            st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            st.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
        } else {
            st.setYAxisMin(0.0);
            st.setYAxisMax(max <= 0 ? 1.0 : max * 1.15);
        }
        st.setToolTipsEnabled(false);
        if (print != null) {
            PrintCharts.look(st, print); // fonts, legend, padding: the same in every chart kind
            st.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(print.fontPt() - 1))); // 6 pt: the smallest text of a chart
            st.setAvailableSpaceFill(0.75);
            st.setPlotContentSize(0.9);
            st.setXAxisTitleVisible(commonKey != null);
            if (log) {
                PrintCharts.logAxis(st, false, max);
            }
            if (rotated) {
                st.setXAxisLabelRotation(90); // vertical: a long label never runs off the chart
                // each label ends at its tick (XChart's default centres them, leaving short ones floating)
                st.setXAxisLabelAlignmentVertical(org.knowm.xchart.style.AxesChartStyler.TextAlignment.Right);
            }
            // value labels overlap on narrower bars and on error bars
            st.setLabelsVisible(categories.size() * seriesNames.size() <= 6 && !anyError);
            st.setErrorBarsColor(Color.BLACK);
            st.setErrorBarsColorSeriesColor(false);
            List<Color> free = new ArrayList<>(OKABE_ITO);
            free.removeAll(print.colours().values());
            for (int i = 0; i < seriesNames.size(); i++) {
                List<Double> ys = new ArrayList<>();
                for (double y : values.get(i)) {
                    ys.add(log && !(y > 0) ? Double.NaN : y);
                }
                String name = seriesNames.get(i);
                var s = anyError ? chart.addSeries(name, labels, ys, errors.get(i)) : chart.addSeries(name, labels, ys);
                Color c = print.colours().get(name);
                if (c == null) {
                    c = free.isEmpty() ? Color.GRAY : free.remove(0);
                }
                s.setFillColor(c);
                s.setLineColor(c);
                s.setMarkerColor(c);
                Marker m = print.markers().get(name);
                if (m != null) {
                    s.setMarker(m);
                }
            }
            return chart;
        }
        if (seriesNames.size() == 1) {
            // one series: one colour per category, so each bar (model) keeps its colour across panels
            st.setOverlapped(true);
            for (int c = 0; c < categories.size(); c++) {
                List<Double> ys = new ArrayList<>();
                for (int k = 0; k < categories.size(); k++) {
                    double y = values.get(0).get(k);
                    ys.add(k == c && !(log && !(y > 0)) ? y : Double.NaN);
                }
                chart.addSeries(categories.get(c), categories, ys);
            }
            return chart;
        }
        for (int i = 0; i < seriesNames.size(); i++) {
            List<Double> ys = new ArrayList<>();
            for (double y : values.get(i)) {
                ys.add(log && !(y > 0) ? Double.NaN : y);
            }
            chart.addSeries(seriesNames.get(i), categories, ys);
        }
        return chart;
    }

    /**
     * Whether the category labels are drawn vertically: when the widest label, measured in the tick
     * label font as XChart measures it, takes more than 90% of its category's share of the plot's width
     * (the chart's width less about 70 pt for the y axis and the padding).
     */
    static boolean rotated(List<String> categories, PrintStyle print) {
        double slot = (print.widthPt() - 70.0) / Math.max(1, categories.size());
        return widestLabelPt(categories, print) > 0.9 * slot;
    }

    /** The height, in points, vertical category labels add to a chart: the widest label's width (rounded up). */
    static int labelRoomPt(List<String> categories, PrintStyle print) {
        return (int) Math.ceil(widestLabelPt(categories, print));
    }

    /** The width in points of the widest label in the tick label font (as XChart measures it for its layout). */
    static double widestLabelPt(List<String> labels, PrintStyle print) {
        Font f = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(print.fontPt() - 1));
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double w = 0;
        for (String l : labels) {
            if (!l.isEmpty()) {
                w = Math.max(w, new java.awt.font.TextLayout(l, f, frc).getBounds().getWidth());
            }
        }
        return w;
    }

    /**
     * The key every label names when all are {@code key=value} with one and the same key (e.g. every
     * group is one value of one swept parameter), else {@code null}.
     */
    static String commonKey(List<String> categories) {
        String key = null;
        for (String c : categories) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1 || c.indexOf(' ') >= 0 || c.indexOf('=', eq + 1) >= 0) {
                return null;
            }
            String k = c.substring(0, eq);
            if (key != null && !key.equals(k)) {
                return null;
            }
            key = k;
        }
        return key;
    }

    private static double number(String v, String metric) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + metric + "' holds '" + v + "', not a number");
        }
    }
}
