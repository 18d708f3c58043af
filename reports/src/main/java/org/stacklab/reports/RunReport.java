package org.stacklab.reports;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stacklab.reports.stats.Num;
import org.stacklab.reports.stats.StatTable;
import org.stacklab.reports.stats.Statistics;

/**
 * The report of a results folder: reads {@code RUN_DIR/results.csv} (and {@code RUN_DIR/config.json}
 * if present), never re-runs anything, and writes {@code RUN_DIR/report/}: the key columns as a
 * Markdown, CSV and LaTeX (booktabs) table, one bar chart per key metric (PNG for print, SVG and PDF), and
 * an offline {@code index.html} showing them all.
 *
 * <p>One table row per result row (one per model and parameter set). Identity columns that always
 * appear (e.g. {@code model}, {@code workload}) are kept; the others (e.g. {@code seed}) only when
 * they take more than one value. Metric columns that are absent or empty in every row are left out.
 *
 * <p>Invariant: the files depend only on the input files and the {@link Spec}: running twice gives
 * identical bytes.
 */
public final class RunReport {
    /** The input file name inside a results folder. */
    public static final String RESULTS = "results.csv";
    /** The configuration file name inside a results folder. */
    public static final String CONFIG = "config.json";
    /** The output folder name inside a results folder. */
    public static final String REPORT = "report";

    /** A column of the report with its unit (may be empty). */
    public record Column(String name, String unit) {
        /** The column name with its unit in parentheses, if any. */
        public String heading() {
            return unit.isEmpty() ? name : name + " (" + unit + ")";
        }
    }

    /**
     * What to report.
     *
     * @param always      identity columns shown whenever present (the first is the chart series, e.g. {@code model})
     * @param ifVarying   identity columns shown only when they take more than one value
     * @param metrics     metric columns of the table, in order
     * @param charted     metric columns that get a chart, in order (each also needs to be present and non-empty)
     * @param style       chart look (size, fonts, one colour and marker per series)
     * @param dpi         PNG resolution
     * @param derived     metrics computed from two others (in the statistics only, when both are present)
     * @param fitted      metrics fitted with a line against each swept numeric parameter (the slope tables)
     */
    public record Spec(List<String> always, List<String> ifVarying, List<Column> metrics, List<Column> charted,
                       BarChart.PrintStyle style, int dpi, List<Product> derived, List<Column> fitted) {
        public Spec {
            always = List.copyOf(always);
            ifVarying = List.copyOf(ifVarying);
            metrics = List.copyOf(metrics);
            charted = List.copyOf(charted);
            derived = List.copyOf(derived);
            fitted = List.copyOf(fitted);
        }
    }

    /** A metric that is the product of two columns of the same row (e.g. bytes per thread × threads). */
    public record Product(Column column, String left, String right) {}

    /** The column of {@code key=value;...} workload parameters, whose numeric keys may be swept. */
    public static final String PARAMS = "params";

    private RunReport() {}

    /**
     * Writes the report of {@code runDir} and returns the files written, in a fixed order.
     *
     * @throws ResultFileException if the folder or {@code results.csv} is missing, or the CSV is malformed
     *                             (the message names the file, line and field)
     */
    public static List<Path> write(Path runDir, Spec spec) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new ResultFileException(runDir.toString(), 0, Files.exists(runDir) ? "not a folder" : "no such folder");
        }
        Path csv = runDir.resolve(RESULTS);
        ResultTable table = CsvResults.read(csv);
        String series = spec.always().get(0);
        if (!table.has(series)) {
            throw new ResultFileException(csv.toString(), 1, "no '" + series + "' column; is this a stacklab results file?");
        }
        if (table.size() == 0) {
            throw new ResultFileException(csv.toString(), 0, "no result rows");
        }
        List<String> ids = new ArrayList<>();
        for (String c : spec.always()) {
            if (table.has(c)) {
                ids.add(c);
            }
        }
        for (String c : spec.ifVarying()) {
            if (table.has(c) && table.distinct(c).size() > 1) {
                ids.add(c);
            }
        }
        List<Long> lines = CsvResults.rowLines(Files.readString(csv, StandardCharsets.UTF_8));
        List<Column> metrics = present(table, spec.metrics(), csv, lines);
        List<Column> charted = present(table, spec.charted(), csv, lines);

        // every input is read and checked before anything is written
        for (Product d : spec.derived()) { // the factors of a derived metric must be numbers too
            present(table, List.of(new Column(d.left(), ""), new Column(d.right(), "")), csv, lines);
        }
        String config = null;
        JsonNode configTree = null;
        Path configFile = runDir.resolve(CONFIG);
        if (Files.isRegularFile(configFile)) {
            try {
                config = Files.readString(configFile, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new ResultFileException(configFile.toString(), 0, "not UTF-8 text");
            }
            try {
                configTree = new ObjectMapper().readTree(config);
            } catch (JsonProcessingException e) {
                throw new ResultFileException(configFile.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                        "not valid JSON: " + e.getOriginalMessage());
            }
        }
        List<PointStats.Point> points = PointStats.readAll(runDir);
        Path out = runDir.resolve(REPORT);
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        List<String> heads = new ArrayList<>(ids);
        List<String> headings = new ArrayList<>(ids);
        for (Column m : metrics) {
            heads.add(m.name());
            headings.add(m.heading());
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            List<String> row = new ArrayList<>();
            for (String h : heads) {
                row.add(table.value(r, h));
            }
            rows.add(row);
        }
        ResultTable shown = new ResultTable(heads, rows);
        written.add(text(out.resolve("results.md"), markdown(headings, rows, ids.size())));
        Path tableCsv = out.resolve("results.csv");
        CsvResults.write(shown, tableCsv);
        written.add(tableCsv);
        written.add(text(out.resolve("results.tex"), latex(headings, rows, ids.size())));

        // statistics: mean, sd, 95% CI over seeds; slope fits against swept numeric parameters
        ResultTable data = derive(table, spec.derived());
        List<Column> statMetrics = new ArrayList<>(metrics);
        for (Product d : spec.derived()) {
            if (data.has(d.column().name()) && !statMetrics.contains(d.column())) {
                statMetrics.add(d.column());
            }
        }
        List<StatTable> tables = new ArrayList<>();
        tables.add(new StatTable(heads, headings, rows, ids.size()));
        StatTable summary = Statistics.summary(data, ids, statMetrics);
        written.addAll(writeTable(out, "summary", summary));
        tables.add(summary);
        StatTable fits = Statistics.fits(data, ids, PARAMS, spec.fitted().stream().filter(c -> data.has(c.name())).toList());
        if (!fits.isEmpty()) {
            written.addAll(writeTable(out, "fits", fits));
        }
        tables.add(fits);

        // charts: categories along x are the parameter sets (all identity columns but the series), bars are the series
        List<String> groupCols = new ArrayList<>();
        for (int i = 1; i < ids.size(); i++) {
            String c = ids.get(i);
            if (Statistics.REPETITION.contains(c)) {
                continue; // seeds are averaged over, not shown side by side
            }
            if (groupCols.isEmpty() || table.distinct(c).size() > 1) {
                groupCols.add(c);
            }
        }
        if (groupCols.size() > 1 && table.distinct(groupCols.get(0)).size() == 1) {
            groupCols.remove(0); // e.g. one workload throughout: the labels name only what varies (shorter, less often rotated)
        }
        List<String> chartCols = new ArrayList<>(List.of(series, "group"));
        List<List<String>> chartRows = new ArrayList<>();
        java.util.Set<List<String>> groupValues = new java.util.LinkedHashSet<>();
        for (int r = 0; r < table.size(); r++) {
            List<String> v = new ArrayList<>();
            for (String c : groupCols) {
                v.add(table.value(r, c));
            }
            groupValues.add(v);
        }
        for (int r = 0; r < table.size(); r++) {
            List<String> row = new ArrayList<>();
            row.add(table.value(r, series));
            List<String> g = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < groupCols.size(); i++) {
                String c = groupCols.get(i);
                String v = table.value(r, c);
                values.add(v);
                if (v.contains("=")) { // key=value;key=value: only the keys whose values differ between rows
                    g.add(varyingPairs(table, c, v));
                } else if ((i == 0 && c.equals(ids.get(1))) || GroupLabels.named(c)) { // a workload or machine, by its name alone
                    g.add(v);
                } else {
                    g.add(c + "=" + v);
                }
            }
            // the shortest label that tells the group from the others; the full one when nothing varies (one group)
            String shortest = GroupLabels.label(groupCols, values, groupValues);
            row.add(!shortest.isEmpty() ? shortest : g.isEmpty() ? "all" : String.join(" ", g));
            for (Column m : charted) {
                row.add(table.value(r, m.name()));
            }
            chartRows.add(row);
        }
        for (Column m : charted) {
            chartCols.add(m.name());
        }
        ResultTable chartTable = new ResultTable(chartCols, chartRows);
        BarChart.PrintStyle column = spec.style();
        BarChart.PrintStyle page = column.resized(PAGE_WIDTH_PT, column.heightPt() * 6 / 5);
        Path chartDir = out.resolve("charts");
        List<Chart> bars = new ArrayList<>();
        for (Column m : charted) {
            int col = chartTable.index(m.name());
            ResultTable plotted = chartTable.filter(r -> !r.get(col).isEmpty());
            // the title names the metric: the y axis its unit (a long 'name (unit), log scale' overran a column-high axis)
            BarChart.Panel panel = new BarChart.Panel(m.name(), m.name(), m.unit().isEmpty() ? m.name() : m.unit(), null,
                    BarChart.Scale.AUTO);
            PrintCharts.Files6 f = PrintCharts.write(st -> BarChart.chart(plotted, panel, "group", series, st), column, page,
                    spec.dpi(), chartDir, m.name());
            written.addAll(f.all());
            bars.add(new Chart(m.name(), f));
        }
        List<Column> lineMetrics = new ArrayList<>(charted);
        for (Product d : spec.derived()) {
            if (data.has(d.column().name())) {
                lineMetrics.add(d.column()); // e.g. kernel_bytes: its slope is the kernel memory per thread
            }
        }
        LineCharts.Written lineCharts = LineCharts.write(data, ids, series, lineMetrics, logParams(configTree), column, page, spec.dpi(),
                chartDir.resolve("lines"));
        for (Chart c : lineCharts.charts()) {
            written.addAll(c.files().all());
        }
        CdfCharts.Written cdfs = CdfCharts.write(data, ids, series, points, column, page, spec.dpi(),
                chartDir.resolve("cdf"));
        for (Chart c : cdfs.charts()) {
            written.addAll(c.files().all());
        }
        List<ChartSection> sections = List.of(
                new ChartSection("Bars: mean per model", "One group per workload and varying parameters, one bar per model: "
                        + "the mean over seeds, with the 95% confidence interval of the mean as error bar when there are several seeds.",
                        bars, 0),
                new ChartSection("Against swept parameters", "One line per model through the means over seeds (95% CI error bars "
                        + "when there are several seeds), for each numeric parameter with at least three values; log axes where the "
                        + "values span two decades or the experiment declared the parameter {log: ...}.", lineCharts.charts(),
                        lineCharts.groupsLeftOut()),
                new ChartSection("Latency CDFs", "From points/*/stats.json: one chart per distribution and configuration, one step "
                        + "line per model (seeds pooled, weighted by their sample counts), markers at the median, p90 and p99.",
                        cdfs.charts(), cdfs.leftOut()));
        written.add(text(out.resolve("index.html"), html(runDir, tables, sections, out, configTree, config)));
        return written;
    }

    /** Width of a page-wide chart in points: 7 in, twice a paper column. */
    public static final int PAGE_WIDTH_PT = 504;

    /** A chart of the report: its caption and its six files (column and page width, PNG, SVG, PDF). */
    public record Chart(String title, PrintCharts.Files6 files) {}

    /** A kind of chart in index.html, with how many charts the cap left out. */
    record ChartSection(String title, String text, List<Chart> charts, int leftOut) {}

    /** The parameters a config.json declares logarithmic: any field whose value is an object with a {@code log} member. */
    public static List<String> logParams(JsonNode config) {
        List<String> keys = new ArrayList<>();
        if (config != null) {
            collectLog(config, keys);
        }
        return keys;
    }

    private static void collectLog(JsonNode n, List<String> keys) {
        if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isObject() && e.getValue().has("log") && !keys.contains(e.getKey())) {
                    keys.add(e.getKey());
                }
                collectLog(e.getValue(), keys);
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                collectLog(c, keys);
            }
        }
    }

    /** {@code table} with a column for each product whose two factors it has (empty where a factor is empty). */
    static ResultTable derive(ResultTable table, List<Product> products) {
        ResultTable t = table;
        for (Product p : products) {
            if (t.has(p.column().name()) || !t.has(p.left()) || !t.has(p.right())) {
                continue;
            }
            List<String> cols = new ArrayList<>(t.columns());
            cols.add(p.column().name());
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < t.size(); r++) {
                List<String> row = new ArrayList<>(t.rows().get(r));
                String a = t.value(r, p.left());
                String b = t.value(r, p.right());
                row.add(a.isEmpty() || b.isEmpty() ? "" : Num.format(Double.parseDouble(a) * Double.parseDouble(b)));
                rows.add(row);
            }
            t = new ResultTable(cols, rows);
        }
        return t;
    }

    /** Writes {@code NAME.md}, {@code NAME.csv}, {@code NAME.tex} and returns them. */
    private static List<Path> writeTable(Path out, String name, StatTable t) throws IOException {
        List<Path> w = new ArrayList<>();
        w.add(text(out.resolve(name + ".md"), markdown(t.headings(), t.rows(), t.textCols())));
        Path csv = out.resolve(name + ".csv");
        CsvResults.write(new ResultTable(t.columns(), t.rows()), csv);
        w.add(csv);
        w.add(text(out.resolve(name + ".tex"), latex(t.headings(), t.rows(), t.textCols())));
        return w;
    }

    /** The {@code key=value} pairs of {@code value} (separated by ';') whose value differs somewhere in {@code column}. */
    static String varyingPairs(ResultTable table, String column, String value) {
        List<String> all = table.distinct(column);
        List<String> kept = new ArrayList<>();
        for (String pair : value.split(";")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq + 1);
            boolean same = true;
            for (String other : all) {
                boolean found = false;
                for (String p : other.split(";")) {
                    found |= p.equals(pair);
                }
                same &= found;
            }
            if (!same || key.equals(pair)) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? value : String.join(" ", kept);
    }

    private static List<Column> present(ResultTable table, List<Column> wanted, Path csv, List<Long> lines) {
        List<Column> kept = new ArrayList<>();
        for (Column c : wanted) {
            if (!table.has(c.name())) {
                continue;
            }
            boolean any = false;
            for (int r = 0; r < table.size(); r++) {
                String v = table.value(r, c.name());
                if (v.isEmpty()) {
                    continue;
                }
                any = true;
                try {
                    Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new ResultFileException(csv.toString(), lines.get(r), "field '" + c.name() + "' is '" + v + "', not a number");
                }
            }
            if (any) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static Path text(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** A Markdown (GitHub) table; the first {@code textCols} columns are left-aligned, the rest right-aligned. */
    public static String markdown(List<String> headings, List<List<String>> rows, int textCols) {
        StringBuilder b = new StringBuilder();
        b.append(mdRow(headings));
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < headings.size(); i++) {
            rule.add(i < textCols ? "---" : "---:");
        }
        b.append('|');
        for (String r : rule) {
            b.append(' ').append(r).append(" |");
        }
        b.append('\n');
        for (List<String> row : rows) {
            b.append(mdRow(row));
        }
        return b.toString();
    }

    private static String mdRow(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c.isEmpty() ? "–" : c.replace("\\", "\\\\").replace("|", "\\|")).append(" |");
        }
        return b.append('\n').toString();
    }

    /** A booktabs LaTeX tabular. */
    public static String latex(List<String> headings, List<List<String>> rows, int textCols) {
        StringBuilder b = new StringBuilder();
        b.append("% generated by stacklab report; needs \\usepackage{booktabs}\n");
        b.append("\\begin{tabular}{").append("l".repeat(textCols)).append("r".repeat(headings.size() - textCols)).append("}\n");
        b.append("\\toprule\n");
        b.append(texRow(headings));
        b.append("\\midrule\n");
        for (List<String> row : rows) {
            b.append(texRow(row));
        }
        b.append("\\bottomrule\n");
        b.append("\\end{tabular}\n");
        return b.toString();
    }

    private static String texRow(List<String> cells) {
        List<String> esc = new ArrayList<>();
        for (String c : cells) {
            esc.add(c.isEmpty() ? "--" : texEscape(c));
        }
        return String.join(" & ", esc) + " \\\\\n";
    }

    /** {@code s} with LaTeX's special characters escaped for text mode. */
    public static String texEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(ch);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** {@code s} with HTML's special characters escaped. */
    public static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** {@code file} relative to {@code dir}, with '/' separators (for links). */
    private static String rel(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static String html(Path runDir, List<StatTable> tables, List<ChartSection> sections, Path out, JsonNode configTree,
                               String config) {
        String name = runDir.toAbsolutePath().normalize().getFileName() == null ? runDir.toString()
                : runDir.toAbsolutePath().normalize().getFileName().toString();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<title>stacklab report: ").append(htmlEscape(name)).append("</title>\n");
        b.append("<style>\nbody{font-family:sans-serif;margin:2em;max-width:80em}\n"
                + "table{border-collapse:collapse;font-size:90%}\nth,td{padding:.2em .6em;border-bottom:1px solid #ccc}\n"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}\nfigure{display:inline-block;margin:0 1em 1em 0}\n"
                + "img{width:3.5in;border:1px solid #eee}\nfigcaption{max-width:3.5in;font-size:85%}\npre{background:#f6f6f6;padding:1em;overflow:auto;font-size:80%}\n</style>\n");
        b.append("</head>\n<body>\n<h1>stacklab report: ").append(htmlEscape(name)).append("</h1>\n");
        if (configTree != null && configTree.path("name").isTextual()) {
            b.append("<p><b>Experiment:</b> ").append(htmlEscape(configTree.path("name").asText())).append("</p>\n");
        }
        if (configTree != null && configTree.path("description").isTextual()) {
            b.append("<p>").append(htmlEscape(configTree.path("description").asText().strip())).append("</p>\n");
        }
        b.append("<p>From <code>").append(RESULTS).append("</code>")
                .append(config != null ? " and <code>" + CONFIG + "</code>" : "").append(", nothing re-run.</p>\n");
        String[][] names = {
            {"results", "Results", "One row per result row."},
            {"summary", "Summary over seeds", "Per group of identity columns (all but the seed): n, mean, sample standard deviation "
                    + "and half-width of the 95% confidence interval of the mean (Student t); sd and CI are empty for n = 1."},
            {"fits", "Slope fits", "Least-squares lines of a metric against each numeric swept parameter (at least three values, "
                    + "everything else fixed), every seed a point: slope, intercept, R2 (empty when the metric is constant), n."}};
        for (int i = 0; i < tables.size(); i++) {
            StatTable t = tables.get(i);
            b.append("<h2 id=\"").append(names[i][0]).append("\">").append(names[i][1]).append("</h2>\n<p>")
                    .append(htmlEscape(names[i][2]));
            if (t.isEmpty()) {
                b.append(" None: no numeric parameter takes three values with everything else fixed.</p>\n");
                continue;
            }
            b.append(" Also as <a href=\"").append(names[i][0]).append(".md\">Markdown</a>, <a href=\"").append(names[i][0])
                    .append(".csv\">CSV</a>, <a href=\"").append(names[i][0]).append(".tex\">LaTeX</a>.</p>\n");
            htmlTable(b, t);
        }
        for (ChartSection sec : sections) {
            if (sec.charts().isEmpty()) {
                continue;
            }
            b.append("<h2>").append(htmlEscape(sec.title())).append("</h2>\n<p>").append(htmlEscape(sec.text()))
                    .append(" Each chart is shown one paper column wide (3.5 in); the links give it a full page wide (7 in) and as "
                            + "vector SVG and PDF.");
            if (sec.leftOut() > 0) {
                b.append(" ").append(sec.leftOut()).append(" further configuration(s) left out (at most a few charts per kind).");
            }
            b.append("</p>\n");
            for (Chart c : sec.charts()) {
                PrintCharts.Files6 f = c.files();
                String png = rel(out, f.png());
                b.append("<figure><img src=\"").append(htmlEscape(png)).append("\" alt=\"").append(htmlEscape(c.title()))
                        .append("\"><figcaption>").append(htmlEscape(c.title())).append("<br>column: <a href=\"")
                        .append(htmlEscape(png)).append("\">PNG</a> <a href=\"").append(htmlEscape(rel(out, f.svg())))
                        .append("\">SVG</a> <a href=\"").append(htmlEscape(rel(out, f.pdf()))).append("\">PDF</a>; page: <a href=\"")
                        .append(htmlEscape(rel(out, f.pagePng()))).append("\">PNG</a> <a href=\"").append(htmlEscape(rel(out, f.pageSvg())))
                        .append("\">SVG</a> <a href=\"").append(htmlEscape(rel(out, f.pagePdf()))).append("\">PDF</a></figcaption></figure>\n");
            }
        }
        if (config != null) {
            b.append("<h2>Configuration</h2>\n<details open><summary><code>").append(CONFIG).append("</code></summary>\n<pre>")
                    .append(htmlEscape(config)).append("</pre>\n</details>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void htmlTable(StringBuilder b, StatTable t) {
        b.append("<table>\n<thead><tr>");
        for (String h : t.headings()) {
            b.append("<th>").append(htmlEscape(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                b.append(i < t.textCols() ? "<td>" : "<td class=\"n\">").append(htmlEscape(row.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }
}
