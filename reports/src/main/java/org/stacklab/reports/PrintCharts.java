package org.stacklab.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What every print chart of a report shares: the look (fonts scaled to the size, legend below, white
 * background), the fixed colour, marker and line style of each series name, and writing one chart in
 * two sizes (a paper column and a full page width), each as PNG, SVG and PDF.
 *
 * <p>Invariant: the files depend only on the chart's data and the style: the same input gives the
 * same bytes (the PDF's random {@code /ID} is replaced by a digest).
 */
public final class PrintCharts {
    /** Suffix of the page-width version of a chart file ({@code NAME-page.png}). */
    public static final String PAGE = "-page";

    /** Points between the bottom of the x axis (title or labels) and the legend below it. */
    static final int LEGEND_GAP_PT = 3;

    private PrintCharts() {}

    /** The files of one chart written in both sizes: column PNG, SVG, PDF, then page-width PNG, SVG, PDF. */
    public record Files6(Path png, Path svg, Path pdf, Path pagePng, Path pageSvg, Path pagePdf) {
        /** All six, in that order. */
        public List<Path> all() {
            return List.of(png, svg, pdf, pagePng, pageSvg, pagePdf);
        }
    }

    /**
     * Draws a chart at column size and at page size ({@code make} gets the style of each size) and writes
     * {@code dir/base.{png,svg,pdf}} and {@code dir/base-page.{png,svg,pdf}}.
     */
    public static Files6 write(Function<BarChart.PrintStyle, Chart<?, ?>> make, BarChart.PrintStyle column,
                               BarChart.PrintStyle page, int dpi, Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(base + ".png");
        Path svg = dir.resolve(base + ".svg");
        Path pdf = dir.resolve(base + ".pdf");
        writeOne(make.apply(column), dpi, png, svg, pdf);
        Path ppng = dir.resolve(base + PAGE + ".png");
        Path psvg = dir.resolve(base + PAGE + ".svg");
        Path ppdf = dir.resolve(base + PAGE + ".pdf");
        writeOne(make.apply(page), dpi, ppng, psvg, ppdf);
        return new Files6(png, svg, pdf, ppng, psvg, ppdf);
    }

    /** Writes one chart as PNG at {@code dpi} and, where the path is not {@code null}, SVG and PDF. */
    static void writeOne(Chart<?, ?> chart, int dpi, Path png, Path svg, Path pdf) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmapWithDPI(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG, dpi);
        if (svg != null) {
            try (OutputStream o = Files.newOutputStream(svg)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, o, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        }
        if (pdf != null) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, o, VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
            Files.write(pdf, BarChart.fixedPdfId(o.toByteArray()));
        }
    }

    /** Fonts, legend, background and number format of a print chart. */
    static void look(AxesChartStyler st, BarChart.PrintStyle print) {
        float f = print.fontPt();
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(f + 1)));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(f)));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(f - 1)));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(f - 1)));
        // XChart puts the bottom of the x axis (its title, or the longest vertical label) on the top edge of the
        // legend below (axis bottom = height - chart padding - legend height, legend top = height - 6 - legend
        // height), and the legend's box, painted afterwards, covers its lowest pixels (the '_' of an x axis title,
        // the first letters of the longest vertical bar label): a padding over 6 leaves a gap
        st.setChartPadding(6 + LEGEND_GAP_PT);
        st.setLegendVisible(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendPadding(3);
        st.setLegendBorderColor(Color.WHITE);
        st.setPlotContentSize(0.92);
        st.setToolTipsEnabled(false);
        st.setLocale(Locale.ROOT);
        st.setDecimalPattern("#,##0.##");
        st.setErrorBarsColor(Color.BLACK);
        st.setErrorBarsColorSeriesColor(false);
        st.setPlotGridLinesStroke(new BasicStroke(0.4f));
        st.setPlotGridLinesColor(new Color(0xDDDDDD));
        st.setPlotBorderVisible(false);
        st.setAxisTickMarkLength(2);
        st.setMarkerSize(Math.max(4, Math.round(print.fontPt() * 0.7f)));
    }

    /** The fixed look of each series name, with a fallback for names the style does not list. */
    static final class Looks {
        private final BarChart.PrintStyle style;
        private final List<Color> freeColours;
        private final java.util.Map<String, Color> given = new java.util.HashMap<>();

        Looks(BarChart.PrintStyle style) {
            this.style = style;
            this.freeColours = new ArrayList<>(BarChart.OKABE_ITO);
            freeColours.removeAll(style.colours().values());
        }

        Color colour(String name) {
            Color c = style.colours().get(name);
            if (c != null) {
                return c;
            }
            return given.computeIfAbsent(name, n -> freeColours.isEmpty() ? Color.GRAY : freeColours.remove(0));
        }

        Marker marker(String name) {
            Marker m = style.markers().get(name);
            return m != null ? m : SeriesMarkers.TRIANGLE_UP;
        }

        BasicStroke line(String name) {
            BasicStroke s = style.lines().get(name);
            return s != null ? s : SeriesLines.DASH_DOT;
        }
    }

    /** A file-name-safe form of {@code s}: letters, digits, '.', '_' and '-', the rest '-'. */
    static String slug(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-");
        t = t.replaceAll("^-|-$", "");
        return t.isEmpty() ? "x" : t;
    }

    /**
     * The tick label pattern of a log axis reaching up to {@code max}: below a million the number as on a
     * linear axis ({@code 100,000}); from there, powers of ten in E notation ({@code 1E5}, {@code 1E9}), so a
     * decade label stays short ({@code 1E9}, not {@code 1,000,000,000}) and the y axis does not take a
     * third of a column's width.
     */
    static String logPattern(double max) {
        return max >= 1_000_000 ? "0E0" : "#,##0.##";
    }

    /**
     * A log axis labelled by {@link #logPattern} (a custom tick label function does not do: XChart 3.8.8
     * then places the ticks of a log axis as on a linear one).
     */
    static void logAxis(AxesChartStyler st, boolean x, double max) {
        if (x) {
            st.setXAxisDecimalPattern(logPattern(max));
        } else {
            st.setYAxisDecimalPattern(logPattern(max));
        }
    }

    /** Whether positive values from {@code min} to {@code max} span at least two decades. */
    static boolean twoDecades(double min, double max) {
        return min > 0 && max / min >= 100;
    }
}
