package org.stacklab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    static final ResultTable SAMPLE = new ResultTable(
            List.of("model", "workload", "machine", "ops", "cycles_per_op", "stack_bytes_reserved", "outcome"),
            List.of(
                    List.of("perthread", "pingpong", "ppro200", "2000", "410.50", "12288", "QUIESCENT"),
                    List.of("continuation", "pingpong", "ppro200", "2000", "380.25", "4096", "QUIESCENT"),
                    List.of("stateless", "pingpong", "ppro200", "2000", "385.00", "4096", "QUIESCENT"),
                    List.of("perthread", "idle-threads", "ppro200", "1000", "900.00", "4104192", "QUIESCENT"),
                    List.of("continuation", "idle-threads", "ppro200", "1000", "850.00", "4096", "QUIESCENT"),
                    List.of("stateless", "idle-threads", "ppro200", "1000", "840.00", "4096", "QUIESCENT")));

    @Test
    void csvRoundTrips(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/results.csv");
        CsvResults.write(SAMPLE, f);
        String text = Files.readString(f);
        assertThat(text).startsWith("model,workload,machine,ops,cycles_per_op,stack_bytes_reserved,outcome\n")
                .doesNotContain("\r");
        assertThat(CsvResults.read(f)).isEqualTo(SAMPLE);
    }

    @Test
    void csvErrorsNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "model,ops\nperthread,1\ncontinuation\n");
        assertThatThrownBy(() -> CsvResults.read(f)).isInstanceOf(ResultFileException.class)
                .hasMessageContaining("bad.csv:3").hasMessageContaining("1 values");
        assertThatThrownBy(() -> CsvResults.read(dir.resolve("missing.csv"))).hasMessageContaining("no such file");
    }

    @Test
    void jsonKeepsColumnOrderAndDigits() {
        String json = JsonResults.toJson(SAMPLE.where("model", "perthread").where("workload", "pingpong"));
        assertThat(json).isEqualTo("""
                [
                  {
                    "model" : "perthread",
                    "workload" : "pingpong",
                    "machine" : "ppro200",
                    "ops" : 2000,
                    "cycles_per_op" : 410.50,
                    "stack_bytes_reserved" : 12288,
                    "outcome" : "QUIESCENT"
                  }
                ]
                """);
    }

    @Test
    void deepContainersCanBeInlined() {
        var root = JsonResults.nodes().objectNode();
        var runs = root.putArray("runs");
        var run = runs.addObject();
        run.put("model", "perthread");
        run.putArray("threads").addObject().put("name", "server").put("priority", 100);
        run.putObject("empty");
        assertThat(JsonResults.pretty(root, 3)).isEqualTo("""
                {
                  "runs" : [
                    {
                      "model" : "perthread",
                      "threads" : [ { "name" : "server", "priority" : 100 } ],
                      "empty" : { }
                    }
                  ]
                }
                """);
    }

    @Test
    void sideBySidePutsModelsInColumns() {
        String text = SideBySideTable.render(SAMPLE, "model", List.of("workload", "machine"),
                List.of("ops", "cycles_per_op", "stack_bytes_reserved"),
                Map.of("cycles_per_op", "cycles/op", "stack_bytes_reserved", "bytes"), Map.of());
        assertThat(text).isEqualTo("""
                pingpong | machine=ppro200
                metric                unit       perthread  continuation  stateless
                ops                                   2000          2000       2000
                cycles_per_op         cycles/op     410.50        380.25     385.00
                stack_bytes_reserved  bytes          12288          4096       4096

                idle-threads | machine=ppro200
                metric                unit       perthread  continuation  stateless
                ops                                   1000          1000       1000
                cycles_per_op         cycles/op     900.00        850.00     840.00
                stack_bytes_reserved  bytes        4104192          4096       4096
                """);
    }

    @Test
    void chartIsAPngAndDeterministic(@TempDir Path dir) throws Exception {
        List<BarChart.Panel> panels = List.of(
                new BarChart.Panel("Kernel stack reserved, idle-threads", "stack_bytes_reserved", "bytes",
                        new BarChart.Filter("workload", "idle-threads"), BarChart.Scale.AUTO),
                new BarChart.Panel("Latency, pingpong", "cycles_per_op", "cycles per system call",
                        new BarChart.Filter("workload", "pingpong"), BarChart.Scale.AUTO));
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        BarChart.writePng(SAMPLE, "stacklab demo", panels, "model", "workload", a);
        BarChart.writePng(SAMPLE, "stacklab demo", panels, "model", "workload", b);
        assertThat(ImageIO.read(a.toFile()).getWidth()).isEqualTo(2 * BarChart.PANEL_WIDTH);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        if (System.getProperty("stacklab.chartOut") != null) {
            Files.copy(a, Path.of(System.getProperty("stacklab.chartOut")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void chartRejectsMissingColumnsAndEmptyPanels(@TempDir Path dir) {
        var noRows = List.of(new BarChart.Panel("t", "ops", "calls", new BarChart.Filter("workload", "nope"), BarChart.Scale.AUTO));
        assertThatThrownBy(() -> BarChart.writePng(SAMPLE, "t", noRows, "model", "workload", dir.resolve("x.png")))
                .hasMessageContaining("no rows with workload=nope");
        var noColumn = List.of(new BarChart.Panel("t", "nope", "x", null, BarChart.Scale.AUTO));
        assertThatThrownBy(() -> BarChart.writePng(SAMPLE, "t", noColumn, "model", "workload", dir.resolve("x.png")))
                .hasMessageContaining("no column 'nope'");
    }
}
