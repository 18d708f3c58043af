package org.stacklab.machine;

import org.stacklab.machine.clock.CycleClock;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.profile.MachineProfile;

/**
 * One simulated uniprocessor: its profile, clock, memory hierarchy and kernel memory allocator.
 *
 * <p>Invariant: a fresh {@code Machine} built from the same profile always behaves identically
 * (cold caches, clock at zero, empty kernel memory).
 */
public final class Machine {
    private final MachineProfile profile;
    private final CycleClock clock = new CycleClock();
    private final MemorySystem memory;
    private final KernelMemory kernelMemory = new KernelMemory();

    public Machine(MachineProfile profile) {
        this.profile = profile;
        this.memory = new MemorySystem(profile, clock);
    }

    public MachineProfile profile() {
        return profile;
    }

    public CycleClock clock() {
        return clock;
    }

    public MemorySystem memory() {
        return memory;
    }

    public KernelMemory kernelMemory() {
        return kernelMemory;
    }
}
