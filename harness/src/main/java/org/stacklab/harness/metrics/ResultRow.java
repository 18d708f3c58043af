package org.stacklab.harness.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.stacklab.reports.ResultTable;

/**
 * One run's result: a value for every {@link Metric}, in column order.
 *
 * <p>Invariant: immutable; every metric has a value (possibly {@code null}, printed empty), and the
 * printed form of each value is fixed by its metric, so equal rows print identically.
 */
public final class ResultRow {
    private final Object[] values;

    private ResultRow(Object[] values) {
        this.values = values;
    }

    /** A builder that requires every metric to be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The raw value of {@code m} (a {@code String}, {@code Long} or {@code Double}, or {@code null}). */
    public Object get(Metric m) {
        return values[m.ordinal()];
    }

    /** The printed value of {@code m}. */
    public String text(Metric m) {
        return m.format(values[m.ordinal()]);
    }

    /** Printed values in column order. */
    public List<String> texts() {
        List<String> out = new ArrayList<>(values.length);
        for (Metric m : Metric.values()) {
            out.add(text(m));
        }
        return out;
    }

    /** Rows as a table with the {@link Metric#header()} columns, for the reporters. */
    public static ResultTable table(List<ResultRow> rows) {
        return new ResultTable(Metric.header(), rows.stream().map(ResultRow::texts).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultRow r && texts().equals(r.texts());
    }

    @Override
    public int hashCode() {
        return texts().hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", texts());
    }

    /** Sets each metric once, then {@link #build()}. */
    public static final class Builder {
        private final Map<Metric, Object> values = new EnumMap<>(Metric.class);

        private Builder() {}

        public Builder set(Metric m, String value) {
            return put(m, value);
        }

        public Builder set(Metric m, long value) {
            return put(m, value);
        }

        public Builder set(Metric m, double value) {
            return put(m, value);
        }

        /** Leaves {@code m} empty (no value: e.g. a percentile without samples). */
        public Builder empty(Metric m) {
            return put(m, null);
        }

        private Builder put(Metric m, Object value) {
            m.format(value); // type check
            if (values.containsKey(m)) {
                throw new IllegalStateException(m.column() + " set twice");
            }
            values.put(m, value);
            return this;
        }

        /** Sets a ratio, leaving it empty when the denominator is zero. */
        public Builder ratio(Metric m, double numerator, double denominator) {
            return put(m, denominator == 0 ? null : numerator / denominator);
        }

        /** The row; every metric must have been set. */
        public ResultRow build() {
            List<String> missing = Arrays.stream(Metric.values()).filter(m -> !values.containsKey(m)).map(Metric::column).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("result row lacks " + missing);
            }
            Object[] v = new Object[Metric.values().length];
            values.forEach((m, x) -> v[m.ordinal()] = x);
            return new ResultRow(v);
        }
    }
}
