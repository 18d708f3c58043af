package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

/**
 * {@code stacklab report} on a stored sweep folder: idle-threads at clients = 10, 100, 1000 on every
 * model with seeds 1 and 2 (cycles_per_op of seed 2 raised by 10 by hand, so the seeds differ), and
 * hand-written {@code points/NNNNN/stats.json} with latency distributions for six of the points.
 */
class CliReportSweepTest {
    static final String FIXTURE = "/report/stack-memory-small/";
    static final List<String> FILES = List.of("results.csv", "config.json", "points/00000/stats.json", "points/00001/stats.json",
            "points/00002/stats.json", "points/00006/stats.json", "points/00008/stats.json", "points/00012/stats.json");
    static final List<String> BARS = List.of("cycles_per_op", "stack_bytes_reserved", "stacks_in_use_max", "kernel_bytes_per_thread");

    @TempDir
    static Path sharedDir;
    /** The fixture, reported once for the tests that only read the report. */
    static Path shared;

    @BeforeAll
    static void reportOnce() throws IOException {
        shared = fixture(sharedDir);
        Cli r = Cli.run("report", shared.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
    }

    static Path fixture(Path dir) throws IOException {
        Path run = dir.resolve("stack-memory-small");
        for (String f : FILES) {
            Path to = run.resolve(f);
            Files.createDirectories(to.getParent());
            try (InputStream in = CliReportSweepTest.class.getResourceAsStream(FIXTURE + f)) {
                assertThat(in).as(f).isNotNull();
                Files.copy(in, to);
            }
        }
        return run;
    }

    static List<String> chart(String base) {
        List<String> f = new ArrayList<>();
        for (String size : List.of("", "-page")) {
            for (String ext : List.of(".png", ".svg", ".pdf")) {
                f.add("charts/" + base + size + ext);
            }
        }
        return f;
    }

    static List<String> expected() {
        List<String> e = new ArrayList<>();
        for (String t : List.of("results", "summary", "fits")) {
            e.addAll(List.of(t + ".md", t + ".csv", t + ".tex"));
        }
        e.add("index.html");
        for (String m : BARS) {
            e.addAll(chart(m));
            e.addAll(chart("lines/" + m + "-vs-clients"));
        }
        e.addAll(chart("lines/kernel_bytes-vs-clients"));
        // one chart per group, named by what tells the groups apart (here the one parameter that varies)
        e.addAll(chart("cdf/irq_latency_us-clients-10"));
        e.addAll(chart("cdf/irq_latency_us-clients-100"));
        e.addAll(chart("cdf/call_latency_cycles"));
        return e;
    }

    @Test
    void everyTableAndChartInBothSizesAndRepeatable(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        Cli r = Cli.run("report", run.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        Path out = run.resolve("report");
        Map<String, byte[]> first = CliReportTest.files(out);
        assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(expected());
        for (String f : expected()) {
            assertThat(first.get(f)).as(f).isNotEmpty();
            assertThat(r.out()).contains(out.resolve(f).toString());
        }
        assertThat(ImageIO.read(out.resolve("charts/lines/stack_bytes_reserved-vs-clients.png").toFile()).getWidth())
                .as("3.5 in at 300 dpi").isEqualTo(1050);
        assertThat(ImageIO.read(out.resolve("charts/lines/stack_bytes_reserved-vs-clients-page.png").toFile()).getWidth())
                .as("7 in at 300 dpi").isEqualTo(2100);
        try (PDDocument pdf = Loader.loadPDF(out.resolve("charts/cdf/call_latency_cycles-page.pdf").toFile())) {
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).as("7 in in points").isEqualTo(504f);
        }
        try (PDDocument pdf = Loader.loadPDF(out.resolve("charts/cycles_per_op.pdf").toFile())) {
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).as("3.5 in in points").isEqualTo(252f);
        }

        assertThat(Cli.run("report", run.toString()).status()).isZero();
        Map<String, byte[]> second = CliReportTest.files(out);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String k : first.keySet()) {
            assertThat(second.get(k)).as("%s identical on a second run", k).isEqualTo(first.get(k));
        }
    }

    @Test
    void summaryIsOverSeedsAndFitsGiveTheSlope() throws Exception {
        Path run = shared;
        ResultTable summary = CsvResults.read(run.resolve("report/summary.csv"));
        assertThat(summary.columns()).containsExactly("model", "workload", "machine", "params", "metric", "unit", "n", "mean", "sd",
                "ci95");
        ResultTable cycles = summary.where("model", "perthread").where("params", "clients=10;work=10").where("metric", "cycles_per_op");
        // 970.90 and 980.90: mean 975.9, sd = 10 / sqrt(2) = 7.071068, CI = t(0.975, 1) * sd / sqrt(2) = 12.706205 * 5 = 63.531024
        assertThat(cycles.rows()).containsExactly(List.of("perthread", "idle-threads", "ppro200", "clients=10;work=10", "cycles_per_op",
                "cycles/op", "2", "975.9", "7.07107", "63.531"));
        ResultTable stack = summary.where("model", "continuation").where("params", "clients=1000;work=10")
                .where("metric", "stack_bytes_reserved");
        assertThat(stack.rows()).containsExactly(List.of("continuation", "idle-threads", "ppro200", "clients=1000;work=10",
                "stack_bytes_reserved", "bytes", "2", "4096", "0", "0"));
        assertThat(summary.distinct("metric")).contains("kernel_bytes").doesNotContain("seed", "point");

        ResultTable fits = CsvResults.read(run.resolve("report/fits.csv"));
        assertThat(fits.columns()).containsExactly("model", "workload", "machine", "other_params", "parameter", "metric", "slope_unit",
                "slope", "intercept", "r2", "n");
        ResultTable perthread = fits.where("model", "perthread").where("metric", "stack_bytes_reserved");
        // 44,396 / 407,636 / 4,040,036 bytes at 10 / 100 / 1000 clients: exactly 4036 * (clients + 1)
        assertThat(perthread.rows()).containsExactly(List.of("perthread", "idle-threads", "ppro200", "work=10", "clients",
                "stack_bytes_reserved", "bytes per clients", "4036", "4036", "1", "6"));
        assertThat(fits.where("model", "stateless").where("metric", "stack_bytes_reserved").value(0, "slope")).isEqualTo("0");
        assertThat(fits.where("model", "stateless").where("metric", "stack_bytes_reserved").value(0, "r2"))
                .as("R2 of a constant is undefined, not 1").isEmpty();
        assertThat(Double.parseDouble(fits.where("model", "continuation").where("metric", "kernel_bytes").value(0, "slope")))
                .as("kernel memory per thread of continuation").isBetween(90.0, 130.0);
    }

    @Test
    void latexTablesAreWellFormed() throws Exception {
        Path run = shared;
        for (String t : List.of("results", "summary", "fits")) {
            List<String> tex = Files.readAllLines(run.resolve("report/" + t + ".tex"));
            assertThat(tex).as(t).contains("\\toprule", "\\midrule", "\\bottomrule", "\\end{tabular}");
            String begin = tex.stream().filter(l -> l.startsWith("\\begin{tabular}{")).findFirst().orElseThrow();
            String spec = begin.substring("\\begin{tabular}{".length(), begin.length() - 1);
            assertThat(spec).matches("l+r+");
            int top = tex.indexOf("\\toprule");
            int mid = tex.indexOf("\\midrule");
            int bottom = tex.indexOf("\\bottomrule");
            assertThat(mid - top).as("one header row").isEqualTo(2);
            List<String> body = tex.subList(top + 1, bottom).stream().filter(l -> !l.equals("\\midrule")).toList();
            assertThat(body.size()).as(t).isGreaterThan(1);
            for (String l : body) {
                assertThat(l).as(t).endsWith(" \\\\");
                assertThat(l.split("(?<!\\\\)&", -1)).as("%s: %s", t, l).hasSize(spec.length());
                assertThat(l).as(t).doesNotContainPattern("(?<!\\\\)[_%#$]");
            }
        }
        assertThat(Files.readString(run.resolve("report/summary.tex"))).contains("95\\% CI half-width", "stack\\_bytes\\_reserved");
    }

    @Test
    void indexShowsDescriptionConfigEveryTableAndChart() throws Exception {
        Path run = shared;
        String html = Files.readString(run.resolve("report/index.html"));
        assertThat(html).contains("<b>Experiment:</b> stack-memory-small", "Kernel memory against N blocked clients",
                "<h2 id=\"results\">", "<h2 id=\"summary\">", "<h2 id=\"fits\">", "<h2>Latency CDFs</h2>", "<h2>Configuration</h2>",
                "&quot;seeds&quot; : [ 1, 2 ]");
        for (String f : expected()) {
            if (f.startsWith("charts/")) {
                assertThat(html).as(f).contains(f.endsWith(".png") && !f.contains("-page") ? "<img src=\"" + f + "\"" : "href=\"" + f + "\"");
            }
        }
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void withoutPointsThereAreNoCdfs(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        try (var s = Files.walk(run.resolve("points"))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Cli r = Cli.run("report", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(run.resolve("report/charts/cdf")).doesNotExist();
        assertThat(run.resolve("report/charts/lines/cycles_per_op-vs-clients.png")).isRegularFile();
        assertThat(Files.readString(run.resolve("report/index.html"))).doesNotContain("Latency CDFs");
    }

    @Test
    void badStatsFilesAreUserErrors(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        Path stats = run.resolve("points/00006/stats.json");
        String good = Files.readString(stats);
        Files.writeString(stats, good.replaceFirst("\"count\": 10", "\"count\": \"ten\""));
        Cli r = Cli.run("report", run.toString());
        assertThat(r.status()).isEqualTo(2);
        int line = lineOf(good, "\"count\": 10");
        assertThat(r.err()).contains(stats + ":" + line + ": field 'distributions.irq_latency_us.count': expected the number of samples")
                .doesNotContain("Exception");

        Files.writeString(stats, good.replaceFirst("0\\.3\n", "2.5\n"));
        r = Cli.run("report", run.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(stats + ":" + (lineOf(good, "0.3\n") - 2) + ": field 'distributions.irq_latency_us.cdf[1]': fraction 2.5");

        Files.writeString(stats, good.substring(0, good.length() / 2));
        r = Cli.run("report", run.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(stats + ":").contains("not valid JSON");

        Files.writeString(stats, good);
        Files.writeString(run.resolve("config.json"), "{\n  \"name\": \"x\",\n  oops\n}\n");
        r = Cli.run("report", run.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("config.json:3: not valid JSON");
    }

    @Test
    void aBadValueIsFoundBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        Path csv = run.resolve("results.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        List<String> header = List.of(lines.get(0).split(","));
        List<String> row = new ArrayList<>(List.of(lines.get(5).split(",", -1)));
        row.set(header.indexOf("threads"), "many"); // a factor of the derived kernel_bytes, not itself a table column
        lines.set(5, String.join(",", row));
        Files.write(csv, lines);
        Cli r = Cli.run("report", run.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("results.csv:6: field 'threads' is 'many', not a number");
        assertThat(run.resolve("report")).doesNotExist();
    }

    /** The 1-based line of the first occurrence of {@code s} in {@code text}. */
    static int lineOf(String text, String s) {
        int at = text.indexOf(s);
        assertThat(at).as(s).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void modelColoursDifferInGreyscale() {
        List<Color> colours = List.of(ReportCommand.MODEL_COLOURS.get("perthread"), ReportCommand.MODEL_COLOURS.get("continuation"),
                ReportCommand.MODEL_COLOURS.get("stateless"));
        List<Double> l = colours.stream().map(CliReportSweepTest::lightness).toList();
        assertThat(l.get(0)).isCloseTo(70.6, within(0.1));
        assertThat(l.get(1)).isCloseTo(46.0, within(0.1));
        assertThat(l.get(2)).isCloseTo(57.7, within(0.1));
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertThat(Math.abs(l.get(i) - l.get(j))).as("L* of %s vs %s", colours.get(i), colours.get(j)).isGreaterThan(10);
            }
        }
        assertThat(ReportCommand.MODEL_MARKERS.values()).doesNotHaveDuplicates();
        assertThat(ReportCommand.MODEL_LINES.values()).doesNotHaveDuplicates();
    }

    /** CIE L* (0 black .. 100 white) of an sRGB colour: what is left of it in greyscale. */
    static double lightness(Color c) {
        double y = 0.2126 * lin(c.getRed()) + 0.7152 * lin(c.getGreen()) + 0.0722 * lin(c.getBlue());
        return y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y;
    }

    private static double lin(int v) {
        double c = v / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
