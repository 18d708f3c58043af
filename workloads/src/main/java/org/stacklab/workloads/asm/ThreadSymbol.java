package org.stacklab.workloads.asm;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.id.ThreadId;

/**
 * What a program may know about a thread before it exists: its name and where it will be created.
 *
 * @param name  the thread's name ({@code client3} for the fourth replica of {@code client})
 * @param space its address space
 * @param index its position in creation order (0-based over the whole workload)
 * @param slot  its position in creation order within its address space (0-based)
 */
public record ThreadSymbol(String name, String space, int index, int slot) {
    public ThreadSymbol {
        if (index < 0 || slot < 0) {
            throw new IllegalArgumentException("index and slot must be >= 0");
        }
    }

    /** The global id the kernel will give it ({@link Kernel#globalIdOf}). */
    public ThreadId globalId() {
        return Kernel.globalIdOf(index);
    }

    /** Its local id, valid only inside its own space ({@link Kernel#localIdOf}). */
    public ThreadId localId() {
        return Kernel.localIdOf(slot);
    }
}
