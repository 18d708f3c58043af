package org.stacklab.perthread;

import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.KernelModelProvider;

/** Registers the per-thread (process) model, {@value PerThreadModel#NAME}. */
public final class PerThreadModelProvider implements KernelModelProvider {
    @Override
    public String name() {
        return PerThreadModel.NAME;
    }

    @Override
    public String description() {
        return "process model: one kernel stack per thread in its TCB block, kept while the thread blocks"
                + " in the kernel; switch stacks (L4/Pistachio, Fiasco, Linux)";
    }

    @Override
    public KernelModel create() {
        return new PerThreadModel();
    }
}
