package org.stacklab.reports;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The per-point statistics of a sweep, {@code RUN_DIR/points/NNNNN/stats.json}: the point's index and
 * its latency distributions, each with a unit, a sample count, percentiles and an empirical CDF
 * ({@code [[value, fraction], ...]}, values ascending, fractions rising to 1). Only what the report
 * needs is read: {@code point} and {@code distributions}; other fields are ignored.
 *
 * <p>Invariant: a file that cannot be used is a {@link ResultFileException} naming the file, the line
 * and the field (as a JSON path such as {@code distributions.irq_latency_us.cdf[3]}).
 */
public final class PointStats {
    /** The folder of per-point files inside a results folder. */
    public static final String POINTS = "points";
    /** The per-point statistics file name. */
    public static final String FILE = "stats.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PointStats() {}

    /**
     * One latency distribution.
     *
     * @param name   e.g. {@code irq_latency_us}
     * @param unit   e.g. {@code us}
     * @param count  number of samples
     * @param cdf    {value, cumulative fraction} pairs, values ascending, fractions non-decreasing, the last 1
     */
    public record Distribution(String name, String unit, long count, double[][] cdf) {}

    /** The distributions of one point, in file order. */
    public record Point(int point, Path file, List<Distribution> distributions) {
        public Point {
            distributions = List.copyOf(distributions);
        }
    }

    /** Every {@code points/NNNNN/stats.json} of {@code runDir}, by folder name; empty if there is no points folder. */
    public static List<Point> readAll(Path runDir) throws IOException {
        Path dir = runDir.resolve(POINTS);
        List<Point> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isDirectory).map(d -> d.resolve(FILE)).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    /** Reads one {@code stats.json}. */
    public static Point read(Path file) throws IOException {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ResultFileException(label, 0, "not UTF-8 text");
        }
        JsonNode root;
        Map<String, Long> lines;
        try {
            root = MAPPER.readTree(text);
            lines = lines(text);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ResultFileException(label, line, "not valid JSON: " + e.getOriginalMessage());
        }
        Reader r = new Reader(label, lines);
        if (root == null || !root.isObject()) {
            throw r.error("", "the file is not a JSON object");
        }
        JsonNode p = root.get("point");
        if (p == null || !p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 0) {
            throw r.error("point", "expected the point's index, a whole number >= 0");
        }
        List<Distribution> ds = new ArrayList<>();
        JsonNode dists = root.get("distributions");
        if (dists != null && !dists.isNull()) {
            if (!dists.isObject()) {
                throw r.error("distributions", "expected an object of named distributions");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = dists.fields(); it.hasNext(); ) {
                var e = it.next();
                ds.add(r.distribution(e.getKey(), e.getValue()));
            }
        }
        return new Point(p.intValue(), file, ds);
    }

    /** The line of every JSON path (as {@code a.b[2]}) in {@code text}. */
    private static Map<String, Long> lines(String text) throws IOException {
        Map<String, Long> lines = new HashMap<>();
        try (JsonParser jp = new JsonFactory().createParser(text)) {
            JsonToken t;
            while ((t = jp.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                String path = jp.getParsingContext().pathAsPointer().toString(); // a new object or array: its own path
                lines.putIfAbsent(path, (long) jp.currentTokenLocation().getLineNr());
            }
        }
        return lines;
    }

    private record Reader(String label, Map<String, Long> lines) {
        ResultFileException error(String path, String problem) {
            String pointer = path.isEmpty() ? "" : "/" + path.replace(".", "/").replace("[", "/").replace("]", "");
            Long line = lines.get(pointer);
            return new ResultFileException(label, line == null ? 0 : line, path.isEmpty() ? problem : "field '" + path + "': " + problem);
        }

        Distribution distribution(String name, JsonNode d) {
            String at = "distributions." + name;
            if (!d.isObject()) {
                throw error(at, "expected an object with unit, count and cdf");
            }
            JsonNode unit = d.get("unit");
            if (unit != null && !unit.isTextual()) {
                throw error(at + ".unit", "expected text such as \"us\"");
            }
            JsonNode count = d.get("count");
            if (count == null || !count.isIntegralNumber() || count.longValue() < 1) {
                throw error(at + ".count", "expected the number of samples, a whole number >= 1");
            }
            JsonNode cdf = d.get("cdf");
            if (cdf == null || !cdf.isArray() || cdf.isEmpty()) {
                throw error(at + ".cdf", "expected a non-empty array of [value, fraction] pairs");
            }
            double[][] pts = new double[cdf.size()][];
            for (int i = 0; i < cdf.size(); i++) {
                JsonNode pair = cdf.get(i);
                String here = at + ".cdf[" + i + "]";
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                    throw error(here, "expected a [value, fraction] pair of numbers");
                }
                double v = pair.get(0).doubleValue();
                double f = pair.get(1).doubleValue();
                if (!(f >= 0 && f <= 1.0 + 1e-9)) {
                    throw error(here, "fraction " + pair.get(1).asText() + " is not between 0 and 1");
                }
                if (i > 0 && (v < pts[i - 1][0] || f < pts[i - 1][1])) {
                    throw error(here, "values and fractions must not decrease along the CDF");
                }
                pts[i] = new double[] {v, f};
            }
            if (Math.abs(pts[pts.length - 1][1] - 1.0) > 1e-6) {
                throw error(at + ".cdf[" + (pts.length - 1) + "]", "the last fraction is " + cdf.get(pts.length - 1).get(1).asText()
                        + ", not 1");
            }
            return new Distribution(name, unit == null ? "" : unit.asText(), count.longValue(), pts);
        }
    }

    /** Distributions by name, in order of first appearance over {@code points}. */
    static Map<String, List<Distribution>> byName(List<Point> points) {
        Map<String, List<Distribution>> m = new LinkedHashMap<>();
        for (Point p : points) {
            for (Distribution d : p.distributions()) {
                m.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
            }
        }
        return m;
    }
}
