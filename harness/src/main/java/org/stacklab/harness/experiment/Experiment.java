package org.stacklab.harness.experiment;

import java.util.List;
import java.util.Map;

import org.stacklab.kernel.Preemptibility;

/**
 * An experiment file, loaded and validated ({@link ExperimentLoader}): the axes of a sweep and the
 * points they expand to.
 *
 * <p>Invariant: every point is valid (known workload, model and machine; declared parameters with
 * values the workload accepts; a model that has the point's preemptibility); {@link #points()} is in
 * the deterministic expansion order, each point's {@link Point#id()} distinct.
 *
 * @param file         the file as the user named it
 * @param name         the experiment's name (used for the default run folder)
 * @param description  one paragraph saying what it measures
 * @param groups       the groups of axes; without {@code points:} there is one group, the top-level axes
 * @param preemptChunk bytes between two preemption points under {@code pp}
 * @param points       the expanded points, in order
 */
public record Experiment(String file, String name, String description, List<Axes> groups, int preemptChunk, List<Point> points) {
    public Experiment {
        groups = List.copyOf(groups);
        points = List.copyOf(points);
    }

    /**
     * The axes of one cross product.
     *
     * @param workloads workload names or files
     * @param models    model names ({@code all} already expanded)
     * @param machines  machine profile names or files
     * @param preempt   preemptibility configurations
     * @param params    parameter name to its values, in file order (values as text)
     * @param seeds     seeds
     * @param logScales the parameters the file gave as {@code {log: [from, to], points: N}}, so a report can
     *                  draw them on log axes
     */
    public record Axes(List<String> workloads, List<String> models, List<String> machines, List<Preemptibility> preempt,
                       Map<String, List<String>> params, List<Long> seeds, Map<String, LogScale> logScales) {
        public Axes {
            workloads = List.copyOf(workloads);
            models = List.copyOf(models);
            machines = List.copyOf(machines);
            preempt = List.copyOf(preempt);
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
            seeds = List.copyOf(seeds);
            logScales = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(logScales));
        }
    }

    /**
     * A parameter swept on a log scale: {@code points} whole numbers from {@code from} to {@code to},
     * evenly spaced in log (duplicates after rounding dropped).
     *
     * @param from   the first value
     * @param to     the last value
     * @param points the number of points asked for
     * @param values the values, in order
     */
    public record LogScale(long from, long to, int points, List<String> values) {
        public LogScale {
            values = List.copyOf(values);
        }
    }

    /**
     * One run of the sweep.
     *
     * @param index    0-based position in the expansion
     * @param workload workload name or file
     * @param model    model name
     * @param machine  machine profile name or file
     * @param preempt  preemptibility
     * @param params   parameter overrides, in file order
     * @param seed     seed
     */
    public record Point(int index, String workload, String model, String machine, Preemptibility preempt,
                        Map<String, String> params, long seed) {
        public Point {
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        }

        /** A stable text naming the point: {@code workload/model/machine/preempt/k=v;k=v/seed}. */
        public String id() {
            StringBuilder p = new StringBuilder();
            params.forEach((k, v) -> p.append(p.isEmpty() ? "" : ";").append(k).append('=').append(v));
            return workload + "/" + model + "/" + machine + "/" + preempt.cliName() + "/" + p + "/" + seed;
        }
    }
}
