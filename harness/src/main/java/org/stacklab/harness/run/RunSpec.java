package org.stacklab.harness.run;

import java.util.Map;
import java.util.TreeMap;

import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;

/**
 * What one run is: machine profile x model x preemptibility x workload x parameters x seed.
 *
 * <p>Invariant: {@code params} is an unmodifiable copy sorted by key, so equal specs print equally.
 *
 * @param machine           machine profile name or YAML path
 * @param model             model name ({@code perthread}, {@code continuation}, {@code stateless})
 * @param workload          workload name or file path
 * @param params            workload parameter overrides ({@code --param k=v})
 * @param seed              the run's seed; given to the workload as its {@code seed} parameter when it has one
 * @param preempt           where the kernel may be preempted ({@code --preempt}; Fluke §5)
 * @param preemptChunkBytes bytes of a string copy between two preemption points ({@code --preempt-chunk}; used with pp)
 */
public record RunSpec(String machine, String model, String workload, Map<String, String> params, long seed,
                      Preemptibility preempt, int preemptChunkBytes) {

    public RunSpec {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
        if (preempt == null) {
            throw new IllegalArgumentException("preempt must not be null");
        }
        if (preemptChunkBytes <= 0) {
            throw new IllegalArgumentException("preemptChunkBytes must be positive, got " + preemptChunkBytes);
        }
    }

    /** A non-preemptible run ({@link Preemptibility#NP}, the default chunk). */
    public RunSpec(String machine, String model, String workload, Map<String, String> params, long seed) {
        this(machine, model, workload, params, seed, Preemptibility.NP, KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES);
    }

    /** The same run on another model. */
    public RunSpec withModel(String other) {
        return new RunSpec(machine, other, workload, params, seed, preempt, preemptChunkBytes);
    }

    /** The same run with another preemptibility configuration and chunk. */
    public RunSpec withPreempt(Preemptibility p, int chunkBytes) {
        return new RunSpec(machine, model, workload, params, seed, p, chunkBytes);
    }
}
