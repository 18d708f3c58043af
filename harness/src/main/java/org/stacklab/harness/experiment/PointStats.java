package org.stacklab.harness.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.run.Distribution;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.reports.JsonResults;

/**
 * The per-point statistics files of a run folder, gem5 style: {@code points/<index %05d>/stats.txt}
 * ({@code name value # description (unit)}, one line per {@link Metric}, then each latency
 * distribution's {@code ::count}, {@code ::mean}, {@code ::p50}, {@code ::p90}, {@code ::p99},
 * {@code ::max}) and {@code stats.json} (the same figures as numbers, plus each distribution's CDF).
 *
 * <p>{@code stats.json} has exactly this shape (the report's latency CDF charts read it):
 * <pre>{@code
 * {"point": 3, "id": "<Point.id()>",
 *  "metrics": {"cycles_per_op": {"value": 603.13, "unit": "cycles/op", "description": "..."}, ...},
 *  "distributions": {"irq_latency_us": {"unit": "us", "count": 100, "mean": 50.6, "p50": .., "p90": .., "p99": .., "max": ..,
 *                                       "cdf": [[value, fraction], ...]},
 *                    "call_latency_cycles": {...}}}
 * }</pre>
 * A metric's value is a JSON number (whole for counts, with the CSV's decimals for ratios; {@code null}
 * when empty) or a string for text columns; a distribution without samples is left out; {@code cdf} is
 * ascending by value with cumulative fractions ending at 1.0 ({@link Distribution#cdf()}, at most about
 * 200 points).
 *
 * <p>Invariants: deterministic (the same result gives the same bytes); each file is written whole or
 * not at all (a temporary file moved into place), so a kill leaves either no file or a complete one.
 */
public final class PointStats {
    /** The folder of per-point files in a run folder. */
    public static final String POINTS = "points";

    /** Values longer than this do not widen the value column of {@code stats.txt}. */
    private static final int VALUE_WIDTH_CAP = 20;

    private PointStats() {}

    /** {@code runDir/points/<index as %05d>}. */
    public static Path dir(Path runDir, int index) {
        return runDir.resolve(POINTS).resolve(String.format(Locale.ROOT, "%05d", index));
    }

    /** A stable text naming a run as {@code Experiment.Point.id()} names a point: {@code workload/model/machine/preempt/k=v;k=v/seed}. */
    public static String id(RunSpec spec) {
        StringBuilder p = new StringBuilder();
        spec.params().forEach((k, v) -> p.append(p.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return spec.workload() + "/" + spec.model() + "/" + spec.machine() + "/" + spec.preempt().cliName() + "/" + p + "/" + spec.seed();
    }

    /** Writes {@code stats.txt} and {@code stats.json} of result {@code r}, point {@code index} named {@code id}, into {@link #dir}. */
    public static void write(Path runDir, int index, String id, RunResult r) {
        Path dir = dir(runDir, index);
        try {
            Files.createDirectories(dir);
            atomically(dir.resolve("stats.txt"), text(index, id, r));
            atomically(dir.resolve("stats.json"), json(index, id, r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the statistics of point " + index + " into " + dir, e);
        }
    }

    private static void atomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The {@code stats.txt} text: a header comment, then aligned {@code name value # description (unit)} lines. */
    public static String text(int index, String id, RunResult r) {
        List<String[]> lines = new ArrayList<>();
        ResultRow row = r.row();
        for (Metric m : Metric.values()) {
            String v = row.text(m);
            lines.add(new String[] {m.column(), v.isEmpty() ? (m.kind() == Metric.Kind.TEXT ? "\"\"" : "nan") : v,
                    describe(m.description(), m.unit())});
        }
        for (Map.Entry<String, Distribution> e : r.distributions().entrySet()) {
            Distribution d = e.getValue();
            String n = e.getKey();
            boolean any = d.count() > 0;
            lines.add(new String[] {n + "::count", Long.toString(d.count()), describe("samples: " + d.description(), "samples")});
            lines.add(new String[] {n + "::mean", any ? mean(d).toPlainString() : "nan", describe("mean " + d.description(), d.unit())});
            for (int p : new int[] {50, 90, 99}) {
                lines.add(new String[] {n + "::p" + p, any ? d.format(d.percentile(p)) : "nan",
                        describe(p + "th percentile of the " + d.description(), d.unit())});
            }
            lines.add(new String[] {n + "::max", any ? d.format(d.max()) : "nan", describe("largest " + d.description(), d.unit())});
        }
        int nameWidth = 0;
        int valueWidth = 0;
        for (String[] l : lines) {
            nameWidth = Math.max(nameWidth, l[0].length());
            if (l[1].length() <= VALUE_WIDTH_CAP) {
                valueWidth = Math.max(valueWidth, l[1].length()); // a long text (params) runs over, the rest stay aligned
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# stacklab statistics of point ").append(index).append(": ").append(id).append('\n');
        sb.append("# name value # description (unit); nan = no value (e.g. no samples)\n");
        for (String[] l : lines) {
            sb.append(pad(l[0], nameWidth)).append("  ").append(pad(l[1], valueWidth)).append("  # ").append(l[2]).append('\n');
        }
        return sb.toString();
    }

    private static String describe(String description, String unit) {
        return unit.isEmpty() ? description : description + " (" + unit + ")";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** The {@code stats.json} text (see the class comment for its shape). */
    public static String json(int index, String id, RunResult r) {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true); // 603.10 stays 603.10, 100 never becomes 1E+2
        ObjectNode root = f.objectNode();
        root.put("point", index);
        root.put("id", id);
        ObjectNode metrics = root.putObject("metrics");
        ResultRow row = r.row();
        for (Metric m : Metric.values()) {
            ObjectNode o = metrics.putObject(m.column());
            String v = row.text(m);
            if (m.kind() == Metric.Kind.TEXT) {
                o.put("value", v);
            } else if (v.isEmpty()) {
                o.putNull("value");
            } else if (m.kind() == Metric.Kind.COUNT) {
                o.put("value", Long.parseLong(v));
            } else {
                o.put("value", new BigDecimal(v));
            }
            o.put("unit", m.unit());
            o.put("description", m.description());
        }
        ObjectNode dists = root.putObject("distributions");
        for (Map.Entry<String, Distribution> e : r.distributions().entrySet()) {
            Distribution d = e.getValue();
            if (d.count() == 0) {
                continue;
            }
            ObjectNode o = dists.putObject(e.getKey());
            o.put("unit", d.unit());
            o.put("count", d.count());
            o.put("mean", mean(d));
            o.put("p50", number(d, d.percentile(50)));
            o.put("p90", number(d, d.percentile(90)));
            o.put("p99", number(d, d.percentile(99)));
            o.put("max", number(d, d.max()));
            ArrayNode cdf = o.putArray("cdf");
            for (double[] point : d.cdf()) {
                ArrayNode pair = cdf.addArray();
                pair.add(number(d, point[0]));
                pair.add(fraction(point[1]));
            }
        }
        return JsonResults.pretty(root, 2);
    }

    /** The mean with 2 decimals (cycles) or 3 (µs). */
    private static BigDecimal mean(Distribution d) {
        return new BigDecimal(Distribution.decimal(d.mean(), d.inCycles() ? 2 : 3));
    }

    /** A value as printed by {@link Distribution#format}, as a JSON number. */
    private static BigDecimal number(Distribution d, double value) {
        return new BigDecimal(d.format(value));
    }

    /** A cumulative fraction with at most 6 decimals, at least one ({@code 1.0}, {@code 0.5}, {@code 0.123457}). */
    private static BigDecimal fraction(double f) {
        BigDecimal b = new BigDecimal(Double.toString(f)).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() < 1 ? b.setScale(1) : b;
    }
}
