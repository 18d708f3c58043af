package org.stacklab.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plain-text comparison table: one block per group of rows (for instance per workload and
 * machine), one column per value of the compared column (for instance per model), one line per
 * metric with its unit.
 *
 * <pre>
 * pingpong | machine=ppro200 rounds=1000
 * metric          unit        perthread  continuation  stateless
 * cycles_per_op   cycles/op      412.50        380.00     390.00
 * </pre>
 *
 * <p>Invariant: text only from the table's values, so the same table renders to the same text.
 */
public final class SideBySideTable {
    private SideBySideTable() {}

    /**
     * Renders {@code table}.
     *
     * @param table    the rows
     * @param across   the column whose values become the table's columns (e.g. {@code model})
     * @param groupBy  columns whose values identify one block (e.g. {@code workload}, {@code machine});
     *                 the first names the block, the others follow as {@code name=value}
     * @param metrics  the columns shown as lines, in order
     * @param units    unit of each metric (missing: blank)
     * @param captions extra text after a block's title, per value of the first group column (may be empty)
     */
    public static String render(ResultTable table, String across, List<String> groupBy, List<String> metrics,
                                Map<String, String> units, Map<String, String> captions) {
        StringBuilder out = new StringBuilder();
        for (List<String> key : groups(table, groupBy)) {
            ResultTable block = table;
            for (int i = 0; i < groupBy.size(); i++) {
                block = block.where(groupBy.get(i), key.get(i));
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            StringBuilder title = new StringBuilder(key.isEmpty() ? "results" : key.get(0));
            for (int i = 1; i < groupBy.size(); i++) {
                title.append(i == 1 ? " | " : " ").append(groupBy.get(i)).append('=').append(key.get(i));
            }
            String caption = key.isEmpty() ? null : captions.get(key.get(0));
            if (caption != null && !caption.isEmpty()) {
                title.append(' ').append(caption);
            }
            out.append(title).append('\n');
            out.append(block(block, across, metrics, units));
        }
        return out.toString();
    }

    private static List<List<String>> groups(ResultTable table, List<String> groupBy) {
        List<List<String>> keys = new ArrayList<>();
        for (List<String> row : table.rows()) {
            List<String> key = new ArrayList<>();
            for (String g : groupBy) {
                key.add(row.get(table.index(g)));
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String block(ResultTable block, String across, List<String> metrics, Map<String, String> units) {
        List<String> heads = block.distinct(across);
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[heads.size() + 2];
        header[0] = "metric";
        header[1] = "unit";
        for (int i = 0; i < heads.size(); i++) {
            header[i + 2] = heads.get(i);
        }
        lines.add(header);
        for (String m : metrics) {
            if (!block.has(m)) {
                continue;
            }
            String[] line = new String[heads.size() + 2];
            line[0] = m;
            line[1] = units.getOrDefault(m, "");
            for (int i = 0; i < heads.size(); i++) {
                ResultTable cell = block.where(across, heads.get(i));
                line[i + 2] = cell.size() == 1 ? cell.value(0, m) : cell.size() == 0 ? "-" : "(" + cell.size() + " rows)";
            }
            lines.add(line);
        }
        int[] width = new int[header.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                boolean left = i < 2;
                String pad = " ".repeat(width[i] - l[i].length());
                b.append(left ? l[i] + pad : pad + l[i]);
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
