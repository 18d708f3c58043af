package org.stacklab.stateless;

import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.KernelModelProvider;

/** Provides {@link StatelessModel}. */
public final class StatelessModelProvider implements KernelModelProvider {
    @Override
    public String name() {
        return StatelessModel.NAME;
    }

    @Override
    public String description() {
        return "one stack per CPU, never blocks in the kernel: waits become restart points (Ford et al., OSDI 1999, Fluke)";
    }

    @Override
    public KernelModel create() {
        return new StatelessModel();
    }
}
