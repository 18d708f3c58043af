package org.stacklab.reports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Result rows as text, exactly as they stand in a result file: a header of column names and rows
 * of values in that order.
 *
 * <p>Invariant: every row has exactly one value per column; column names are unique; rows keep the
 * order they were given in.
 *
 * @param columns column names, in file order
 * @param rows    values, one list per row, in column order
 */
public record ResultTable(List<String> columns, List<List<String>> rows) {

    public ResultTable {
        columns = List.copyOf(columns);
        if (new LinkedHashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("duplicate column names in " + columns);
        }
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row " + (i + 1) + " has " + r.size() + " values for " + columns.size() + " columns");
            }
            copy.add(List.copyOf(r));
        }
        rows = List.copyOf(copy);
    }

    /** Whether a column of that name exists. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /** Index of {@code column}; throws naming the columns that do exist. */
    public int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "'; columns: " + String.join(", ", columns));
        }
        return i;
    }

    /** The value of {@code column} in row {@code row} (0-based). */
    public String value(int row, String column) {
        return rows.get(row).get(index(column));
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** Rows whose {@code column} equals {@code value}, in order. */
    public ResultTable where(String column, String value) {
        int i = index(column);
        return filter(r -> r.get(i).equals(value));
    }

    /** Rows that satisfy {@code keep}, in order. */
    public ResultTable filter(Predicate<List<String>> keep) {
        return new ResultTable(columns, rows.stream().filter(keep).toList());
    }

    /** Distinct values of {@code column} in order of first appearance. */
    public List<String> distinct(String column) {
        int i = index(column);
        Set<String> seen = new LinkedHashSet<>();
        for (List<String> r : rows) {
            seen.add(r.get(i));
        }
        return List.copyOf(seen);
    }

    /** This table followed by the rows of {@code other}, which must have the same columns. */
    public ResultTable append(ResultTable other) {
        if (!columns.equals(other.columns)) {
            throw new IllegalArgumentException("columns differ: " + columns + " vs " + other.columns);
        }
        List<List<String>> all = new ArrayList<>(rows);
        all.addAll(other.rows);
        return new ResultTable(columns, all);
    }
}
