package org.stacklab.continuation;

import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.KernelModelProvider;

/** Provides {@link ContinuationModel} (every block discards the stack). */
public final class ContinuationModelProvider implements KernelModelProvider {
    @Override
    public String name() {
        return ContinuationModel.NAME;
    }

    @Override
    public String description() {
        return "one stack per CPU; blocked threads save a continuation, stack handoff and continuation recognition"
                + " (Draves et al., SOSP 1991, Mach 3.0)";
    }

    @Override
    public KernelModel create() {
        return new ContinuationModel();
    }
}
