package org.stacklab.harness.run;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.metrics.ResultRow;

/**
 * One finished run: what was asked, what was measured, and the full resolved configuration that
 * produced it (gem5's {@code config.json} beside {@code stats.txt}).
 *
 * @param spec   the run as asked
 * @param row    the measured figures
 * @param config machine profile, model, workload with resolved parameters and programs, kernel options, seed
 * @param distributions the run's latency distributions by name ({@link Distribution#IRQ_LATENCY},
 *                      {@link Distribution#CALL_LATENCY}), possibly without samples
 */
public record RunResult(RunSpec spec, ResultRow row, ObjectNode config, Map<String, Distribution> distributions) {
    public RunResult {
        distributions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(distributions));
    }

    /** A result without distributions. */
    public RunResult(RunSpec spec, ResultRow row, ObjectNode config) {
        this(spec, row, config, Map.of());
    }
}
