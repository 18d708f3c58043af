package org.stacklab.harness.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one run is: machine profile x model x workload x parameters x seed.
 *
 * <p>Invariant: {@code params} is an unmodifiable copy sorted by key, so equal specs print equally.
 *
 * @param machine  machine profile name or YAML path
 * @param model    model name ({@code perthread}, {@code continuation}, {@code stateless})
 * @param workload workload name or file path
 * @param params   workload parameter overrides ({@code --param k=v})
 * @param seed     the run's seed; given to the workload as its {@code seed} parameter when it has one
 */
public record RunSpec(String machine, String model, String workload, Map<String, String> params, long seed) {

    public RunSpec {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    /** The same run on another model. */
    public RunSpec withModel(String other) {
        return new RunSpec(machine, other, workload, params, seed);
    }
}
