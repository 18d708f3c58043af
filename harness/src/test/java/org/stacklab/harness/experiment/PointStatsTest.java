package org.stacklab.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.run.Distribution;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;

/** The per-point {@code stats.txt} and {@code stats.json} files ({@link PointStats}). */
class PointStatsTest {
    private static final Pattern LINE = Pattern.compile("^(\\S+) +(\\S+) +# (.+)$");
    private static final RunSpec LATENCY = new RunSpec("ppro200", "stateless", "latency",
            Map.of("periods", "20", "rounds", "200", "chunks", "20", "copies", "20"), 1);

    private static RunResult run(RunSpec spec) {
        return new Runner(w -> { }).run(spec);
    }

    @Test
    void statsTxtHasEveryMetricWithDescriptionAndUnitThenTheDistributions(@TempDir Path tmp) throws IOException {
        RunResult r = run(LATENCY);
        PointStats.write(tmp, 7, PointStats.id(LATENCY), r);
        List<String> lines = Files.readAllLines(tmp.resolve("points/00007/stats.txt"));

        assertThat(lines.get(0)).startsWith("# ").contains("point 7").contains(PointStats.id(LATENCY));
        List<String> names = new ArrayList<>();
        int valueColumn = -1;
        for (String l : lines) {
            if (l.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            names.add(m.group(1));
            Metric metric = Metric.byColumn(m.group(1));
            String unit = metric != null ? metric.unit() : l.contains("::count") ? "samples" : m.group(1).endsWith("_us") || m.group(1).contains("_us::") ? "us" : "cycles";
            if (metric != null) {
                assertThat(m.group(3)).as(l).startsWith(metric.description());
                if (!metric.unit().isEmpty()) {
                    assertThat(m.group(3)).as(l).endsWith("(" + metric.unit() + ")");
                }
                if (metric.kind() != Metric.Kind.TEXT) {
                    assertThat(m.group(2)).as(l).isEqualTo(r.row().text(metric).isEmpty() ? "nan" : r.row().text(metric));
                }
            } else {
                assertThat(m.group(3)).as(l).endsWith("(" + unit + ")");
            }
            if (!m.group(1).equals("params")) {
                int at = l.indexOf(m.group(2), m.group(1).length());
                valueColumn = valueColumn < 0 ? at : valueColumn;
                assertThat(at).as("aligned: " + l).isEqualTo(valueColumn);
            }
        }
        List<String> expected = new ArrayList<>(Metric.header());
        for (String d : List.of(Distribution.IRQ_LATENCY, Distribution.CALL_LATENCY)) {
            for (String s : List.of("count", "mean", "p50", "p90", "p99", "max")) {
                expected.add(d + "::" + s);
            }
        }
        assertThat(names).isEqualTo(expected);
        assertThat(value(lines, "irq_latency_us::count")).isEqualTo("20");
        assertThat(value(lines, "irq_latency_us::max")).isEqualTo(r.row().text(Metric.IRQ_LATENCY_MAX_US));
        assertThat(value(lines, "call_latency_cycles::p50")).isEqualTo(r.row().text(Metric.CALL_LATENCY_P50_CYCLES));
        assertThat(value(lines, "call_latency_cycles::max")).isEqualTo(r.row().text(Metric.CALL_LATENCY_MAX_CYCLES));
        assertThat(value(lines, "call_latency_cycles::count")).isEqualTo("220");
    }

    private static String line(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
    }

    private static String value(List<String> lines, String name) {
        Matcher m = LINE.matcher(line(lines, name));
        assertThat(m.matches()).isTrue();
        return m.group(2);
    }

    @Test
    void statsJsonHasTheAgreedShapeAndMonotoneCdfsEndingAtOne(@TempDir Path tmp) throws IOException {
        RunResult r = run(LATENCY);
        PointStats.write(tmp, 3, "an-id", r);
        JsonNode root = new ObjectMapper().readTree(tmp.resolve("points/00003/stats.json").toFile());

        assertThat(iterable(root.fieldNames())).containsExactly("point", "id", "metrics", "distributions");
        assertThat(root.get("point").intValue()).isEqualTo(3);
        assertThat(root.get("id").textValue()).isEqualTo("an-id");
        assertThat(iterable(root.get("metrics").fieldNames())).isEqualTo(Metric.header());
        for (Metric m : Metric.values()) {
            JsonNode o = root.get("metrics").get(m.column());
            assertThat(iterable(o.fieldNames())).containsExactly("value", "unit", "description");
            assertThat(o.get("unit").textValue()).isEqualTo(m.unit());
            assertThat(o.get("description").textValue()).isEqualTo(m.description());
            JsonNode v = o.get("value");
            String text = r.row().text(m);
            if (m.kind() == Metric.Kind.TEXT) {
                assertThat(v.textValue()).as(m.column()).isEqualTo(text);
            } else if (text.isEmpty()) {
                assertThat(v.isNull()).as(m.column()).isTrue();
            } else {
                assertThat(v.isNumber()).as(m.column()).isTrue();
                assertThat(v.decimalValue()).as(m.column()).isEqualByComparingTo(new java.math.BigDecimal(text));
            }
        }
        assertThat(root.at("/metrics/cycles_per_op/unit").textValue()).isEqualTo("cycles/op");

        JsonNode dists = root.get("distributions");
        assertThat(iterable(dists.fieldNames())).containsExactly(Distribution.IRQ_LATENCY, Distribution.CALL_LATENCY);
        for (String name : List.of(Distribution.IRQ_LATENCY, Distribution.CALL_LATENCY)) {
            JsonNode d = dists.get(name);
            assertThat(iterable(d.fieldNames())).as(name).containsExactly("unit", "count", "mean", "p50", "p90", "p99", "max", "cdf");
            for (String k : List.of("count", "mean", "p50", "p90", "p99", "max")) {
                assertThat(d.get(k).isNumber()).as(name + "." + k).isTrue();
            }
            assertThat(d.get("p50").doubleValue()).isLessThanOrEqualTo(d.get("p90").doubleValue());
            assertThat(d.get("p90").doubleValue()).isLessThanOrEqualTo(d.get("p99").doubleValue());
            assertThat(d.get("p99").doubleValue()).isLessThanOrEqualTo(d.get("max").doubleValue());
            JsonNode cdf = d.get("cdf");
            assertThat(cdf.size()).as(name).isBetween(1, Distribution.CDF_POINTS + 1);
            double lastValue = -1;
            double lastFraction = 0;
            for (JsonNode point : cdf) {
                assertThat(point.size()).isEqualTo(2);
                assertThat(point.get(0).doubleValue()).as(name + " ascending values").isGreaterThan(lastValue);
                assertThat(point.get(1).doubleValue()).as(name + " cumulative fractions").isGreaterThan(lastFraction).isLessThanOrEqualTo(1.0);
                lastValue = point.get(0).doubleValue();
                lastFraction = point.get(1).doubleValue();
            }
            assertThat(lastFraction).as(name + " ends at 1.0").isEqualTo(1.0);
            assertThat(lastValue).as(name + " ends at the max").isEqualTo(d.get("max").doubleValue());
        }
        assertThat(dists.at("/irq_latency_us/unit").textValue()).isEqualTo("us");
        assertThat(dists.at("/irq_latency_us/count").longValue()).isEqualTo(20);
        assertThat(dists.at("/call_latency_cycles/p50").longValue()).isEqualTo((Long) r.row().get(Metric.CALL_LATENCY_P50_CYCLES));
    }

    @Test
    void aCdfOfManyDistinctValuesIsThinnedToAbout200Points() {
        RunResult r = run(new RunSpec("ppro200", "perthread", "latency", Map.of("periods", "300", "period_us", "300", "rounds", "2000"), 1));
        Distribution irq = r.distributions().get(Distribution.IRQ_LATENCY);
        assertThat(irq.count()).isEqualTo(300);
        List<double[]> cdf = irq.cdf();
        assertThat(cdf.size()).isBetween(20, Distribution.CDF_POINTS + 1);
        assertThat(cdf.get(cdf.size() - 1)[1]).isEqualTo(1.0);
    }

    @Test
    void aDistributionWithoutSamplesIsLeftOutOfTheJson(@TempDir Path tmp) throws IOException {
        RunSpec spec = new RunSpec("ppro200", "continuation", "pingpong", Map.of("rounds", "100"), 1);
        PointStats.write(tmp, 0, PointStats.id(spec), run(spec));
        JsonNode root = new ObjectMapper().readTree(tmp.resolve("points/00000/stats.json").toFile());
        assertThat(iterable(root.get("distributions").fieldNames())).containsExactly(Distribution.CALL_LATENCY);
        assertThat(root.at("/distributions/call_latency_cycles/count").longValue()).isEqualTo(100);
        assertThat(root.at("/metrics/irq_latency_p50_us/value").isNull()).isTrue();
        String txt = Files.readString(tmp.resolve("points/00000/stats.txt"));
        assertThat(txt).containsPattern("(?m)^irq_latency_us::count +0 +# ").containsPattern("(?m)^irq_latency_us::p50 +nan +# ");
    }

    @Test
    void theSameResultGivesTheSameBytes(@TempDir Path tmp) throws IOException {
        PointStats.write(tmp.resolve("a"), 1, PointStats.id(LATENCY), run(LATENCY));
        PointStats.write(tmp.resolve("b"), 1, PointStats.id(LATENCY), run(LATENCY));
        for (String f : List.of("stats.txt", "stats.json")) {
            assertThat(Files.readAllBytes(tmp.resolve("b/points/00001/" + f))).as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a/points/00001/" + f)));
        }
        try (var s = Files.list(tmp.resolve("a/points/00001"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).as("no temporary file left")
                    .containsExactly("stats.json", "stats.txt");
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
