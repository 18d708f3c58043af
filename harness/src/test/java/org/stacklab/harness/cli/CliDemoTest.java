package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.harness.experiment.Experiment;
import org.stacklab.harness.experiment.Experiments;
import org.stacklab.harness.model.Models;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

/**
 * {@code stacklab demo}: run end to end on test-size experiments (hidden {@code --stack-memory} and
 * {@code --ipc-latency}), the summary read back from the run folders, the reports with PNG, PDF and SVG
 * charts, resume instead of overwrite; and the shipped demo experiments' shape.
 */
class CliDemoTest {
    private static final Path DIR = Path.of("src/test/resources/experiments/demo");
    private static final String SM = DIR.resolve("tiny-stack-memory.yaml").toString();
    private static final String IPC = DIR.resolve("tiny-ipc-latency.yaml").toString();

    private static Cli demo(Path out) {
        return Cli.run("demo", "--out", out.toString(), "--stack-memory", SM, "--ipc-latency", IPC);
    }

    @Test
    void demoRunsBothSweepsReportsThemAndPrintsTheSummary(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo");
        Cli r = demo(out);
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        Path sm = out.resolve("stack-memory");
        Path ipc = out.resolve("ipc-latency");

        // the summary is the run folders' numbers
        ResultTable smRows = CsvResults.read(sm.resolve("results.csv"));
        assertThat(smRows.rows()).hasSize(6);
        ResultTable at100 = smRows.where("params", "clients=100;work=10");
        String perthread = DemoCommand.group(at100.where("model", "perthread").value(0, "stack_bytes_reserved"));
        String continuation = DemoCommand.group(at100.where("model", "continuation").value(0, "stack_bytes_reserved"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("stacklab demo: tiny-stack-memory (6 points) and tiny-ipc-latency (6 points), 3 models");
        assertThat(r.out()).contains("Kernel stack memory: idle-threads on ppro200, 10 to 100 blocked clients (bytes)",
                "stack reserved at 100", "IPC cost: null-rpc (rounds=50), cycles per operation");
        assertThat(row(lines, "perthread")).startsWith("  perthread").contains(" " + perthread + " ");
        assertThat(row(lines, "continuation")).contains(" " + continuation + " ");
        assertThat(Long.parseLong(perthread.replace(",", ""))).isGreaterThan(100L * 1000); // a stack per thread
        assertThat(continuation).isEqualTo("4,096"); // one per CPU
        // the slope is the least-squares fit of stack bytes against clients: a stack per thread, or none
        double at10 = Double.parseDouble(smRows.where("params", "clients=10;work=10").where("model", "perthread").value(0, "stack_bytes_reserved"));
        String slope = DemoCommand.group(String.format(java.util.Locale.ROOT, "%.2f",
                (Double.parseDouble(perthread.replace(",", "")) - at10) / 90));
        assertThat(row(lines, "perthread")).endsWith(" " + slope + "  1.0000");
        assertThat(row(lines, "continuation")).endsWith(" 0.00  (flat)");
        ResultTable ipcRows = CsvResults.read(ipc.resolve("results.csv"));
        assertThat(ipcRows.rows()).hasSize(6);
        String header = lines.stream().filter(l -> l.strip().startsWith("machine")).findFirst().orElseThrow();
        assertThat(header.strip().split(" +")).containsExactly("machine", "perthread", "continuation", "stateless");
        for (String machine : List.of("ppro200", "ds3100")) {
            ResultTable m = ipcRows.where("machine", machine);
            String[] cells = row(lines, machine).strip().split(" +");
            assertThat(cells).hasSize(4);
            for (int i = 0; i < 3; i++) {
                assertThat(cells[i + 1]).isEqualTo(m.where("model", Models.names().get(i)).value(0, "cycles_per_op"));
            }
        }

        // the reports, as 'stacklab report' writes them
        for (Path run : List.of(sm, ipc)) {
            Path index = run.resolve("report/index.html");
            assertThat(r.out()).contains("report: " + index);
            assertThat(index).isNotEmptyFile();
            for (String f : List.of("config.json", "cmdline.txt", "results.jsonl", "report/results.md", "report/results.tex")) {
                assertThat(run.resolve(f)).isNotEmptyFile();
            }
            assertThat(Files.readString(run.resolve("cmdline.txt"))).startsWith("stacklab demo --out " + out);
            List<Path> charts;
            try (Stream<Path> s = Files.walk(run.resolve("report/charts"))) {
                charts = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (String ext : List.of(".png", ".pdf", ".svg")) {
                assertThat(charts).as(ext).anyMatch(p -> p.toString().endsWith(ext));
            }
            for (Path c : charts) {
                byte[] b = Files.readAllBytes(c);
                String head = new String(b, 0, Math.min(b.length, 200), StandardCharsets.ISO_8859_1);
                if (c.toString().endsWith(".png")) {
                    assertThat(b).as(c.toString()).startsWith(0x89, 'P', 'N', 'G');
                } else if (c.toString().endsWith(".pdf")) {
                    assertThat(head).as(c.toString()).startsWith("%PDF");
                } else {
                    assertThat(head).as(c.toString()).contains("<svg");
                }
                String rel = run.resolve("report/charts").relativize(c).toString().replace('\\', '/');
                assertThat(index).content().contains("charts/" + rel.replaceFirst("\\.[a-z]+$", ""));
            }
        }
        assertThat(r.err()).contains("demo: tiny-stack-memory (6 points) -> " + sm, "[6/6]", "demo: done in");

        // the demo's own page: the summary, links to both reports, every chart
        Path page = out.resolve("index.html");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("index: " + page);
        String html = Files.readString(page);
        assertThat(html).contains("<pre>stacklab demo: tiny-stack-memory (6 points)", "href=\"stack-memory/report/index.html\"",
                "href=\"ipc-latency/report/index.html\"", "stacklab sweep " + SM);
        for (String run : List.of("stack-memory", "ipc-latency")) {
            Path chartDir = out.resolve(run).resolve("report/charts");
            try (Stream<Path> s = Files.walk(chartDir)) {
                for (Path c : s.filter(Files::isRegularFile).toList()) {
                    assertThat(html).contains("\"" + run + "/report/charts/" + chartDir.relativize(c).toString().replace('\\', '/') + "\"");
                }
            }
        }

        // a second demo into the same folder resumes (nothing re-runs) and prints the same summary
        byte[] csv = Files.readAllBytes(sm.resolve("results.csv"));
        Cli again = demo(out);
        assertThat(again.status()).as("stderr: %s", again.err()).isZero();
        assertThat(again.out()).isEqualTo(r.out());
        assertThat(again.err()).contains("6 of 6 points already done").doesNotContain("[1/6]");
        assertThat(Files.readAllBytes(sm.resolve("results.csv"))).isEqualTo(csv);
        assertThat(Files.readString(page)).isEqualTo(html);

        // the charts can be redrawn from the run folder
        Path png = tmp.resolve("re.png");
        Cli redraw = Cli.run("chart", "--in", sm.resolve("results.csv").toString(), "--out", png.toString(),
                "--panel", "stack_bytes_reserved@idle-threads");
        assertThat(redraw.status()).as("stderr: %s", redraw.err()).isZero();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }

    private static String row(List<String> lines, String first) {
        return lines.stream().filter(l -> l.startsWith("  " + first + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no line for " + first + " in " + lines));
    }

    @Test
    void aFolderHoldingOtherRunsIsRefusedBeforeAnythingRuns(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo");
        Path sm = out.resolve("stack-memory");
        Files.createDirectories(sm);
        Files.writeString(sm.resolve("config.json"), "{}\n");
        Cli r = demo(out);
        assertThat(r.status()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("holds another experiment than tiny-stack-memory").doesNotContain("[1/");
        assertThat(out.resolve("ipc-latency")).doesNotExist();
        assertThat(Files.readString(sm.resolve("config.json"))).isEqualTo("{}\n");
    }

    @Test
    void aBrokenExperimentIsExit2NamingFileAndLineBeforeAnythingRuns(@TempDir Path tmp) {
        Path out = tmp.resolve("demo");
        String broken = DIR.resolve("broken.yaml").toString();
        Cli r = Cli.run("demo", "--out", out.toString(), "--stack-memory", broken, "--ipc-latency", IPC);
        assertThat(r.status()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).startsWith("stacklab: " + broken + ":3: field 'models': unknown model 'perthred'");
        assertThat(out).doesNotExist();
    }

    @Test
    void shippedDemoExperimentsAreTheReducedSweeps() {
        Experiment sm = Experiments.loadShipped(DemoCommand.STACK_MEMORY);
        assertThat(sm.name()).isEqualTo("demo-stack-memory");
        assertThat(sm.groups()).hasSize(1);
        assertThat(sm.groups().get(0).workloads()).containsExactly("idle-threads");
        assertThat(sm.groups().get(0).models()).containsExactlyElementsOf(Models.names());
        assertThat(sm.groups().get(0).params().get("clients")).containsExactly("10", "32", "100", "316", "1000", "3162", "10000");
        Experiment ipc = Experiments.loadShipped(DemoCommand.IPC_LATENCY);
        assertThat(ipc.groups().get(0).workloads()).containsExactly("null-rpc", "pingpong");
        assertThat(ipc.groups().get(0).models()).containsExactlyElementsOf(Models.names());
        assertThat(ipc.groups().get(0).machines()).containsExactly("ds3100", "ppro200", "x86-64", "x86-64-int");
        assertThat(sm.points().size() + ipc.points().size()).isEqualTo(45);
    }

    @Test
    void theIndexListsEveryShippedExperimentFileAndTheJarHoldsTheSameBytes() throws IOException {
        Path repo = Path.of("../config/experiments");
        List<String> files;
        try (Stream<Path> s = Files.list(repo)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).map(n -> n.replaceFirst("\\.yaml$", ""))
                    .sorted().toList();
        }
        assertThat(Experiments.names()).containsExactlyElementsOf(files);
        for (String name : files) {
            try (var in = Experiments.class.getResourceAsStream("/" + Experiments.label(name))) {
                assertThat(in).as(name).isNotNull();
                assertThat(in.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(repo.resolve(name + ".yaml")));
            }
        }
    }

    @Test
    void summaryHelpers() {
        assertThat(DemoCommand.group("40364036")).isEqualTo("40,364,036");
        assertThat(DemoCommand.group("4096.00")).isEqualTo("4,096.00");
        assertThat(DemoCommand.group("-")).isEqualTo("-");
        assertThat(DemoCommand.param("clients=100;work=10", "clients")).isEqualTo("100");
        assertThat(DemoCommand.param("clients=100;work=10", "work")).isEqualTo("10");
        assertThat(DemoCommand.param("clients=100", "rounds")).isNull();
        assertThat(Experiments.firstSentence("Round-trip cost, e.g. null RPC. More text.\n Even more."))
                .isEqualTo("Round-trip cost, e.g. null RPC.");
        assertThat(Experiments.firstSentence("  One line\n  without a stop ")).isEqualTo("One line without a stop");
    }
}
