package org.stacklab.workloads;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.spi.ThreadMemory;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.machine.Machine;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.machine.memory.Purpose;
import org.stacklab.machine.profile.MachineProfiles;

/** A kernel model that only places TCBs and never runs anything: enough to install workloads. */
final class NoOpModel implements KernelModel {

    /** A fresh kernel on the shipped x86-64 profile with this model. */
    static Kernel kernel() {
        return new Kernel(new Machine(MachineProfiles.load("x86-64")), new NoOpModel(), KernelOptions.DEFAULT);
    }

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public void declareFields(TcbLayout.Builder layout) {
    }

    @Override
    public void boot(Kernel kernel) {
    }

    @Override
    public ThreadMemory placeThread(Kernel kernel, String name, int tcbBytes) {
        long base = kernel.machine().kernelMemory().allocate(Purpose.TCB, tcbBytes, 64);
        return new ThreadMemory(base, tcbBytes, null);
    }

    @Override
    public RunOutcome run(Kernel kernel) {
        return RunOutcome.QUIESCENT;
    }
}
