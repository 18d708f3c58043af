package org.stacklab.reports.stats;

import java.util.List;

/**
 * A table computed by the report: column names (for CSV), headings with units (for Markdown, LaTeX
 * and HTML) and rows of text, the first {@code textCols} columns being text (left-aligned) and the
 * rest numbers.
 *
 * <p>Invariant: headings and every row have one entry per column.
 */
public record StatTable(List<String> columns, List<String> headings, List<List<String>> rows, int textCols) {
    public StatTable {
        columns = List.copyOf(columns);
        headings = List.copyOf(headings);
        rows = rows.stream().map(List::copyOf).toList();
        if (headings.size() != columns.size()) {
            throw new IllegalArgumentException(headings.size() + " headings for " + columns.size() + " columns");
        }
        for (List<String> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row " + r + " has " + r.size() + " cells for " + columns.size() + " columns");
            }
        }
    }

    /** Whether there are no rows. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
