package org.stacklab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The data behind the line and CDF charts: per-point statistics files, pooled CDFs, declared log parameters. */
class ChartsDataTest {
    static final String STATS = """
            {
              "point": 3,
              "id": "x",
              "distributions": {
                "irq_latency_us": {
                  "unit": "us",
                  "count": 4,
                  "cdf": [[10, 0.25], [20, 0.5], [40, 1.0]]
                }
              }
            }
            """;

    @Test
    void aCdfChartIsNamedByWhatTellsItsGroupFromTheOthers() {
        List<String> cols = List.of("workload", "machine", "params", "preempt");
        List<List<String>> groups = List.of(
                List.of("latency", "ppro200", "periods=50;rounds=200", "np"),
                List.of("latency", "ppro200", "periods=50;rounds=200", "pp"));
        assertThat(CdfCharts.label(cols, groups.get(1), groups)).isEqualTo("preempt=pp");
        List<List<String>> byParam = List.of(
                List.of("idle-threads", "ppro200", "clients=10;work=10", "np"),
                List.of("idle-threads", "ppro200", "clients=100;work=10", "np"));
        assertThat(CdfCharts.label(cols, byParam.get(0), byParam)).isEqualTo("clients=10");
        List<List<String>> mixed = List.of(
                List.of("null-rpc", "ds3100", "rounds=1000", "np"),
                List.of("pingpong", "x86-64", "rounds=1000;work=10", "np"));
        // work=10 only pingpong has, always the same: the workload's name already tells it apart
        assertThat(CdfCharts.label(cols, mixed.get(1), mixed)).isEqualTo("pingpong x86-64");
        assertThat(CdfCharts.label(cols, groups.get(0), List.of(groups.get(0)))).isEmpty();
    }

    @Test
    void readsAStatsFile(@TempDir Path tmp) throws Exception {
        Path f = Files.createDirectories(tmp.resolve("points/00003")).resolve("stats.json");
        Files.writeString(f, STATS);
        List<PointStats.Point> all = PointStats.readAll(tmp);
        assertThat(all).hasSize(1);
        PointStats.Distribution d = all.get(0).distributions().get(0);
        assertThat(all.get(0).point()).isEqualTo(3);
        assertThat(d.name()).isEqualTo("irq_latency_us");
        assertThat(d.unit()).isEqualTo("us");
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.cdf()).hasDimensions(3, 2);
        assertThat(PointStats.readAll(tmp.resolve("nothing"))).as("no points folder: no CDFs").isEmpty();
    }

    @Test
    void badStatsNameFileLineAndField(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("stats.json");
        Files.writeString(f, STATS.replace("[20, 0.5]", "[20, 0.2], [15, 0.5]"));
        assertThatThrownBy(() -> PointStats.read(f)).isInstanceOf(ResultFileException.class)
                .hasMessage(f + ":8: field 'distributions.irq_latency_us.cdf[1]': values and fractions must not decrease along the CDF");
        Files.writeString(f, STATS.replace("[40, 1.0]", "[40, 0.9]"));
        assertThatThrownBy(() -> PointStats.read(f)).hasMessageContaining(":8: field 'distributions.irq_latency_us.cdf[2]': the last fraction is 0.9");
        Files.writeString(f, STATS.replace("\"point\": 3", "\"point\": -1"));
        assertThatThrownBy(() -> PointStats.read(f)).hasMessageStartingWith(f + ":2: field 'point'");
        Files.writeString(f, STATS.replace("\"unit\": \"us\"", "\"unit\": 5"));
        assertThatThrownBy(() -> PointStats.read(f)).hasMessageStartingWith(f + ":6: field 'distributions.irq_latency_us.unit'");
        Files.writeString(f, STATS.replace("\"id\": \"x\",", "\"id\": \"x\""));
        assertThatThrownBy(() -> PointStats.read(f)).hasMessageContaining(f + ":4: not valid JSON");
    }

    @Test
    void poolsSeedsByTheirSampleCounts() {
        PointStats.Distribution a = new PointStats.Distribution("d", "us", 2, new double[][] {{10, 0.5}, {30, 1.0}});
        PointStats.Distribution b = new PointStats.Distribution("d", "us", 6, new double[][] {{20, 0.5}, {30, 1.0}});
        double[][] p = CdfCharts.pool(List.of(a, b));
        // at 10: 2*0.5/8 = 0.125; at 20: (2*0.5 + 6*0.5)/8 = 0.5; at 30: 1
        assertThat(p).hasDimensions(3, 2);
        assertThat(p[0]).containsExactly(10, 0.125);
        assertThat(p[1]).containsExactly(20, 0.5);
        assertThat(p[2]).containsExactly(30, 1.0);
        assertThat(CdfCharts.quantile(p, 0.5)).isEqualTo(20);
        assertThat(CdfCharts.quantile(p, 0.9)).isEqualTo(30);
        assertThat(CdfCharts.at(p, 5)).isZero();
        assertThat(CdfCharts.at(p, 25)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void linesAreMeansOverSeedsWithTheirConfidenceInterval() {
        ResultTable t = new ResultTable(List.of("model", "params", "seed", "bytes"), List.of(
                List.of("a", "n=1000", "1", "30"), List.of("a", "n=10", "1", "10"), List.of("a", "n=10", "2", "14"),
                List.of("a", "n=100", "1", "20"), List.of("b", "n=10", "1", "1"), List.of("b", "n=100", "1", "2"),
                List.of("b", "n=1000", "1", "3")));
        var sweeps = org.stacklab.reports.stats.Statistics.sweeps(t, List.of("model", "params", "seed"), "params");
        assertThat(sweeps).hasSize(2);
        double[][] a = LineCharts.lines(t, java.util.Map.of("a", sweeps.get(0)), "bytes").get("a");
        // x ascending; at n=10 the mean of 10 and 14 with t(0.975,1) * sd / sqrt(2) = 12.706205 * 2 = 25.41241
        assertThat(a).hasDimensions(3, 3);
        assertThat(a[0][0]).isEqualTo(10);
        assertThat(a[0][1]).isEqualTo(12);
        assertThat(a[0][2]).isCloseTo(25.41241, within(1e-5));
        assertThat(a[1]).containsExactly(100, 20, 0);
        assertThat(a[2]).containsExactly(1000, 30, 0);
    }

    @Test
    void logParametersAreThoseDeclaredLog() throws Exception {
        var config = new ObjectMapper().readTree("""
                {"groups": [{"params": {"clients": {"log": [10, 100000], "points": 5}, "work": ["10"]}}]}
                """);
        assertThat(RunReport.logParams(config)).containsExactly("clients");
        assertThat(RunReport.logParams(null)).isEmpty();
    }

    @Test
    void fileNamesAreSafe() {
        assertThat(PrintCharts.slug("idle-threads ppro200 clients=10;work=10")).isEqualTo("idle-threads-ppro200-clients-10-work-10");
        assertThat(PrintCharts.slug("//")).isEqualTo("x");
        assertThat(PrintCharts.twoDecades(10, 1000)).isTrue();
        assertThat(PrintCharts.twoDecades(10, 999)).isFalse();
        assertThat(PrintCharts.twoDecades(0, 1000)).isFalse();
    }
}
