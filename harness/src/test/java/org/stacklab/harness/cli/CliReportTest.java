package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

/** {@code stacklab report}: tables, charts and index.html from a stored results folder, never re-running anything. */
class CliReportTest {
    static final List<String> CHARTS = List.of("cycles_per_op", "stack_bytes_reserved", "stacks_in_use_max", "kernel_bytes_per_thread");

    /** Copies the stored fixture (a run of pingpong at rounds=50 and rounds=100, as a sweep would write it) into {@code dir}. */
    static Path fixture(Path dir) throws IOException {
        Path run = dir.resolve("pingpong-rounds");
        Files.createDirectories(run);
        for (String f : List.of("results.csv", "config.json")) {
            try (InputStream in = CliReportTest.class.getResourceAsStream("/report/pingpong-rounds/" + f)) {
                assertThat(in).as(f).isNotNull();
                Files.copy(in, run.resolve(f));
            }
        }
        return run;
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void writesEveryTableAndChartAndIsRepeatable(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        Cli r = Cli.run("report", run.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        Path out = run.resolve("report");
        List<String> expected = new ArrayList<>(List.of("results.md", "results.csv", "results.tex", "index.html"));
        for (String c : CHARTS) {
            expected.add("charts/" + c + ".png");
            expected.add("charts/" + c + ".svg");
            expected.add("charts/" + c + ".pdf");
        }
        for (String f : expected) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(out.resolve(f))).as(f).isPositive();
            assertThat(r.out()).contains(out.resolve(f).toString());
        }
        assertThat(out.resolve("charts/irq_latency_avg_us.png")).as("no chart of a column empty in every row").doesNotExist();

        var png = ImageIO.read(out.resolve("charts/cycles_per_op.png").toFile());
        assertThat(png.getWidth()).as("3.5 in at 300 dpi").isEqualTo(1050);
        try (PDDocument pdf = Loader.loadPDF(out.resolve("charts/stack_bytes_reserved.pdf").toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).as("3.5 in in points").isEqualTo(252f);
        }
        assertThat(Files.readString(out.resolve("charts/cycles_per_op.svg"))).contains("viewBox=\"0 0 252 180\"");

        Map<String, byte[]> first = files(out);
        assertThat(Cli.run("report", run.toString()).status()).isZero();
        Map<String, byte[]> second = files(out);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String k : first.keySet()) {
            assertThat(second.get(k)).as("%s identical on a second run", k).isEqualTo(first.get(k));
        }
    }

    @Test
    void tablesAreWellFormed(@TempDir Path tmp) throws Exception {
        Path run = fixture(tmp);
        assertThat(Cli.run("report", run.toString()).status()).isZero();
        Path out = run.resolve("report");

        List<String> tex = Files.readAllLines(out.resolve("results.tex"));
        assertThat(tex).contains("\\toprule", "\\midrule", "\\bottomrule", "\\end{tabular}");
        String begin = tex.stream().filter(l -> l.startsWith("\\begin{tabular}{")).findFirst().orElseThrow();
        int columns = begin.substring("\\begin{tabular}{".length(), begin.length() - 1).length();
        List<String> rows = tex.stream().filter(l -> l.contains(" & ")).toList();
        assertThat(rows).hasSize(1 + 6);
        for (String l : rows) {
            assertThat(l).endsWith(" \\\\");
            assertThat(l.split("(?<!\\\\)&", -1)).as(l).hasSize(columns);
            assertThat(l).doesNotContainPattern("(?<!\\\\)_");
        }
        assertThat(rows.get(0)).startsWith("model & workload & machine & params & cycles\\_per\\_op (cycles/op)");

        List<String> md = Files.readAllLines(out.resolve("results.md"));
        assertThat(md).hasSize(2 + 6);
        long bars = md.get(0).chars().filter(c -> c == '|').count();
        for (String l : md) {
            assertThat(l).startsWith("| ").endsWith(" |");
            assertThat(l.chars().filter(c -> c == '|').count()).as(l).isEqualTo(bars);
        }
        assertThat(md.get(1)).matches("\\|( --- \\|)+( ---: \\|)+");

        ResultTable csv = CsvResults.read(out.resolve("results.csv"));
        assertThat(csv.size()).isEqualTo(6);
        assertThat(csv.columns()).startsWith("model", "workload", "machine", "params", "cycles_per_op")
                .doesNotContain("irq_latency_avg_us", "seed");
        assertThat(csv.distinct("params")).containsExactly("rounds=50;work=10", "rounds=100;work=10");

        String html = Files.readString(out.resolve("index.html"));
        for (String c : CHARTS) {
            assertThat(html).contains("<img src=\"charts/" + c + ".png\"", "href=\"charts/" + c + ".pdf\"");
        }
        assertThat(html).contains("<table>", "cycles_per_op (cycles/op)", "<h2>Configuration</h2>", "&quot;runs&quot; : [")
                .doesNotContain("http://", "https://", "<script");
    }

    @Test
    void reportsWhatRunOutWrote(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("pp");
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=20", "--out", run.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        Cli rep = Cli.run("report", run.toString());
        assertThat(rep.status()).as("stderr: %s", rep.err()).isZero();
        List<String> md = Files.readAllLines(run.resolve("report/results.md"));
        assertThat(md).hasSize(2 + 3);
        assertThat(md.get(2)).startsWith("| perthread | pingpong | ppro200 | rounds=20;work=10 | ");
    }

    @Test
    void badFoldersAndFilesAreUserErrors(@TempDir Path tmp) throws Exception {
        Cli missing = Cli.run("report", tmp.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("nope: no such folder").doesNotContain("Exception");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli noCsv = Cli.run("report", empty.toString());
        assertThat(noCsv.status()).isEqualTo(2);
        assertThat(noCsv.err()).contains("results.csv: no such file");

        Path shortRow = Files.createDirectories(tmp.resolve("short"));
        Files.writeString(shortRow.resolve("results.csv"), "model,workload,cycles_per_op\nperthread,pingpong,1.0\nstateless,pingpong\n");
        Cli s = Cli.run("report", shortRow.toString());
        assertThat(s.status()).isEqualTo(2);
        assertThat(s.err()).contains("results.csv:3: row has 2 values; the header has 3 columns");

        Path notNumber = Files.createDirectories(tmp.resolve("nan"));
        Files.writeString(notNumber.resolve("results.csv"),
                "model,workload,cycles_per_op\nperthread,\"ping\npong\",1.0\n\nstateless,pingpong,fast\n");
        Cli n = Cli.run("report", notNumber.toString());
        assertThat(n.status()).isEqualTo(2);
        assertThat(n.err()).as("the line counts the line break in a quoted value and the blank line")
                .contains("results.csv:5: field 'cycles_per_op' is 'fast', not a number");

        Path noModel = Files.createDirectories(tmp.resolve("nomodel"));
        Files.writeString(noModel.resolve("results.csv"), "a,b\n1,2\n");
        Cli m = Cli.run("report", noModel.toString());
        assertThat(m.status()).isEqualTo(2);
        assertThat(m.err()).contains("results.csv:1: no 'model' column");

        Path header = Files.createDirectories(tmp.resolve("header"));
        Files.writeString(header.resolve("results.csv"), "model,workload,cycles_per_op\n");
        Cli h = Cli.run("report", header.toString());
        assertThat(h.status()).isEqualTo(2);
        assertThat(h.err()).contains("results.csv: no result rows");
    }
}
