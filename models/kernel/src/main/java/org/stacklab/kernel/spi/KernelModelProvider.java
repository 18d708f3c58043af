package org.stacklab.kernel.spi;

import org.stacklab.kernel.Preemptibility;

/**
 * Makes fresh {@link KernelModel} instances. Each model module lists its provider in
 * {@code META-INF/services/org.stacklab.kernel.spi.KernelModelProvider}; the conformance kit finds all
 * models that way, and the harness keeps its own hand-written registry.
 */
public interface KernelModelProvider {
    /** The model's short name. */
    String name();

    /** One line: the mechanism and the paper it follows. */
    String description();

    /** A new instance for one run. */
    KernelModel create();

    /** Whether the model supports preemptibility {@code p} ({@link KernelModel#supports}; asks a fresh instance). */
    default boolean supports(Preemptibility p) {
        return create().supports(p);
    }

    /** Why the model does not support {@code p} ({@link KernelModel#whyUnsupported}). */
    default String whyUnsupported(Preemptibility p) {
        return create().whyUnsupported(p);
    }
}
