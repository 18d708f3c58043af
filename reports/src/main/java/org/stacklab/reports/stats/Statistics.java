package org.stacklab.reports.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.stacklab.reports.ResultTable;
import org.stacklab.reports.RunReport.Column;

/**
 * Statistics over result rows: per group of identity columns (everything that says what ran except the
 * seed) the mean, sample standard deviation and 95% confidence interval of each metric
 * ({@link #summary}); and, where the question is a slope, least-squares lines of a metric against a
 * numeric swept parameter ({@link #fits}).
 *
 * <p>Values are the text of a result file; empty cells are missing values (left out). Groups and fits
 * come in order of first appearance, so the same rows give the same tables.
 */
public final class Statistics {
    /** Identity columns that never define a group: repetitions of one configuration. */
    public static final Set<String> REPETITION = Set.of("seed", "point");
    /** A swept parameter needs this many distinct numeric values for a line fit. */
    public static final int MIN_FIT_VALUES = 3;

    private Statistics() {}

    /** The identity columns that define a group: {@code ids} without the seed and point columns. */
    public static List<String> groupColumns(List<String> ids) {
        return ids.stream().filter(c -> !REPETITION.contains(c)).toList();
    }

    /**
     * One row per group and metric present in the group: the group's identity columns, then
     * {@code metric}, {@code unit}, {@code n}, {@code mean}, {@code sd}, {@code ci95} (half-width; sd and
     * ci95 empty when n = 1).
     */
    public static StatTable summary(ResultTable table, List<String> ids, List<Column> metrics) {
        List<String> group = groupColumns(ids);
        Map<List<String>, List<Integer>> groups = groups(table, group);
        List<List<String>> rows = new ArrayList<>();
        for (var g : groups.entrySet()) {
            for (Column m : metrics) {
                double[] xs = values(table, g.getValue(), m.name());
                if (xs.length == 0) {
                    continue;
                }
                Summary s = Summary.of(xs);
                List<String> row = new ArrayList<>(g.getKey());
                row.addAll(List.of(m.name(), m.unit(), Integer.toString(s.n()), Num.format(s.mean()), Num.format(s.sd()),
                        Num.format(s.ci95())));
                rows.add(row);
            }
        }
        List<String> columns = new ArrayList<>(group);
        columns.addAll(List.of("metric", "unit", "n", "mean", "sd", "ci95"));
        List<String> headings = new ArrayList<>(group);
        headings.addAll(List.of("metric", "unit", "n", "mean", "sd", "95% CI half-width"));
        return new StatTable(columns, headings, rows, group.size() + 2);
    }

    /** The mean and 95% CI of {@code metric} over the rows {@code rows} (indices into {@code table}); {@code null} if none has a value. */
    public static Summary summarize(ResultTable table, List<Integer> rows, String metric) {
        double[] xs = values(table, rows, metric);
        return xs.length == 0 ? null : Summary.of(xs);
    }

    /** Row indices grouped by their values of {@code columns}, groups in order of first appearance. */
    public static Map<List<String>, List<Integer>> groups(ResultTable table, List<String> columns) {
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < table.size(); r++) {
            List<String> key = new ArrayList<>();
            for (String c : columns) {
                key.add(table.value(r, c));
            }
            groups.computeIfAbsent(List.copyOf(key), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static double[] values(ResultTable table, List<Integer> rows, String metric) {
        if (!table.has(metric)) {
            return new double[0];
        }
        List<Double> xs = new ArrayList<>();
        for (int r : rows) {
            String v = table.value(r, metric);
            if (!v.isEmpty()) {
                xs.add(Double.parseDouble(v));
            }
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code key=value;key=value} as an ordered map (an item without '=' maps to ""). */
    public static Map<String, String> params(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return m;
        }
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            m.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return m;
    }

    /** The map as {@code key=value;key=value}. */
    public static String params(Map<String, String> m) {
        List<String> pairs = new ArrayList<>();
        m.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(";", pairs);
    }

    /** A number, or {@code null} if {@code s} is not one. */
    public static Double number(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A swept parameter: one key of the {@code params} column that takes at least {@link #MIN_FIT_VALUES}
     * distinct numeric values while every other identity column (seed aside) and every other parameter
     * stays the same.
     *
     * @param key    the parameter name
     * @param fixed  the identity columns other than {@code params}, in {@code groupColumns} order
     * @param others the other parameters, as {@code key=value;...}
     * @param rows   the rows of this sweep (indices into the table), in table order
     * @param x      the parameter's value in each of {@code rows}
     */
    public record Sweep(String key, List<String> fixed, String others, List<Integer> rows, List<Double> x) {
        public Sweep {
            fixed = List.copyOf(fixed);
            rows = List.copyOf(rows);
            x = List.copyOf(x);
        }

        /** Number of distinct x values. */
        public int distinctX() {
            return new LinkedHashSet<>(x).size();
        }
    }

    /**
     * Every swept numeric parameter in the rows: per parameter key, per combination of the other
     * identity columns (except {@code paramsColumn}, seed and point) and the other parameters.
     */
    public static List<Sweep> sweeps(ResultTable table, List<String> ids, String paramsColumn) {
        List<Sweep> out = new ArrayList<>();
        if (!table.has(paramsColumn)) {
            return out;
        }
        List<String> fixedCols = groupColumns(ids).stream().filter(c -> !c.equals(paramsColumn)).toList();
        Set<String> keys = new LinkedHashSet<>();
        List<Map<String, String>> parsed = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            Map<String, String> p = params(table.value(r, paramsColumn));
            parsed.add(p);
            keys.addAll(p.keySet());
        }
        for (String key : keys) {
            Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
            for (int r = 0; r < table.size(); r++) {
                Map<String, String> p = parsed.get(r);
                if (!p.containsKey(key) || number(p.get(key)) == null) {
                    continue;
                }
                List<String> k = new ArrayList<>();
                for (String c : fixedCols) {
                    k.add(table.value(r, c));
                }
                Map<String, String> others = new LinkedHashMap<>(p);
                others.remove(key);
                k.add(params(others));
                groups.computeIfAbsent(List.copyOf(k), x -> new ArrayList<>()).add(r);
            }
            for (var g : groups.entrySet()) {
                List<Double> x = new ArrayList<>();
                for (int r : g.getValue()) {
                    x.add(number(parsed.get(r).get(key)));
                }
                List<String> k = g.getKey();
                Sweep s = new Sweep(key, k.subList(0, k.size() - 1), k.get(k.size() - 1), g.getValue(), x);
                if (s.distinctX() >= MIN_FIT_VALUES) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * A least-squares line of each metric against each swept parameter ({@link #sweeps}), using every
     * row (each seed is a point): the fixed identity columns, {@code params} (the other parameters),
     * {@code parameter}, {@code metric}, {@code slope_unit}, {@code slope}, {@code intercept},
     * {@code r2}, {@code n}.
     */
    public static StatTable fits(ResultTable table, List<String> ids, String paramsColumn, List<Column> metrics) {
        List<String> fixedCols = groupColumns(ids).stream().filter(c -> !c.equals(paramsColumn)).toList();
        List<List<String>> rows = new ArrayList<>();
        for (Sweep s : sweeps(table, ids, paramsColumn)) {
            for (Column m : metrics) {
                if (!table.has(m.name())) {
                    continue;
                }
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 0; i < s.rows().size(); i++) {
                    String v = table.value(s.rows().get(i), m.name());
                    if (!v.isEmpty()) {
                        xs.add(s.x().get(i));
                        ys.add(Double.parseDouble(v));
                    }
                }
                if (new LinkedHashSet<>(xs).size() < MIN_FIT_VALUES) {
                    continue;
                }
                Fit f = Fit.of(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray());
                List<String> row = new ArrayList<>(s.fixed());
                row.addAll(List.of(s.others(), s.key(), m.name(), (m.unit().isEmpty() ? "1" : m.unit()) + " per " + s.key(),
                        Num.format(f.slope()), Num.format(f.intercept()), Num.format(f.r2()), Integer.toString(f.n())));
                rows.add(row);
            }
        }
        List<String> columns = new ArrayList<>(fixedCols);
        columns.addAll(List.of("other_params", "parameter", "metric", "slope_unit", "slope", "intercept", "r2", "n"));
        List<String> headings = new ArrayList<>(fixedCols);
        headings.addAll(List.of("other params", "parameter", "metric", "slope unit", "slope", "intercept", "R2", "n"));
        return new StatTable(columns, headings, rows, fixedCols.size() + 4);
    }
}
