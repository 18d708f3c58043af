package org.stacklab.harness.run;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.metrics.ResultRow;

/**
 * One finished run: what was asked, what was measured, and the full resolved configuration that
 * produced it (gem5's {@code config.json} beside {@code stats.txt}).
 *
 * @param spec   the run as asked
 * @param row    the measured figures
 * @param config machine profile, model, workload with resolved parameters and programs, kernel options, seed
 */
public record RunResult(RunSpec spec, ResultRow row, ObjectNode config) {}
