package org.stacklab.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.stacklab.reports.stats.Statistics;

/**
 * The shortest label that still tells a group of result rows (one bar group, one CDF chart) from the
 * other groups of its chart: the values of the identity columns that vary among the groups — a
 * workload or machine as its name, others as {@code column=value} — and, of the workload parameters
 * ({@code params}, {@code k=v;k=v}), only the pairs whose value (or absence) varies among the groups of
 * the same workload: the workload's name already tells it from other workloads, so a parameter that
 * only one workload has ({@code rounds=1000} of every {@code null-rpc} group) is left out.
 *
 * <p>Invariant: two groups that differ in any column get different labels; the label is empty when
 * nothing varies (one group).
 */
final class GroupLabels {
    /** The identity column holding the workload parameters. */
    static final String PARAMS = "params";
    /** The identity column holding the workload name. */
    static final String WORKLOAD = "workload";

    private GroupLabels() {}

    /** Whether a value of {@code column} says what it is without its column's name (a workload or machine name). */
    static boolean named(String column) {
        return column.equals(WORKLOAD) || column.equals("machine");
    }

    /**
     * The label of {@code group} (values of {@code cols}, in order) among {@code groups}.
     *
     * @param cols   the identity columns the groups are made of
     * @param group  one group's values
     * @param groups all groups of the chart (including {@code group})
     */
    static String label(List<String> cols, List<String> group, Collection<List<String>> groups) {
        int w = cols.indexOf(WORKLOAD);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            int c = i;
            if (!cols.get(i).equals(PARAMS)) {
                if (groups.stream().map(g -> g.get(c)).distinct().count() > 1) {
                    parts.add(named(cols.get(i)) ? group.get(i) : cols.get(i) + "=" + group.get(i));
                }
                continue;
            }
            // parameters: compared among the groups of the same workload only
            List<List<String>> same = groups.stream().filter(g -> w < 0 || g.get(w).equals(group.get(w))).toList();
            Map<String, String> mine = Statistics.params(group.get(i));
            for (var kv : mine.entrySet()) {
                if (same.stream().map(g -> String.valueOf(Statistics.params(g.get(c)).get(kv.getKey()))).distinct().count() > 1) {
                    parts.add(kv.getValue().isEmpty() ? kv.getKey() : kv.getKey() + "=" + kv.getValue());
                }
            }
        }
        return String.join(" ", parts);
    }
}
