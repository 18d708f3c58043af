package org.stacklab.workloads;

/**
 * A paged address space of a workload: its threads reach only what its page table maps, and every
 * other access is a page fault delivered as IPC to {@code pager} (semantics.md §7). Spaces a workload
 * does not list are flat (all memory mapped, as if backed by sigma0).
 *
 * @param name          the space (threads name it in {@code space:})
 * @param pager         the thread every thread of the space has as its pager (its Pager TCR)
 * @param premapStart   start of a region mapped before the run (page aligned down)
 * @param premapBytes   bytes of that region; 0 for none
 */
public record SpaceSpec(String name, String pager, long premapStart, long premapBytes) {
    public SpaceSpec {
        if (name == null || name.isBlank() || pager == null || pager.isBlank()) {
            throw new IllegalArgumentException("a paged space needs a name and a pager");
        }
        if (premapStart < 0 || premapBytes < 0 || premapStart + premapBytes > (1L << 32)) {
            throw new IllegalArgumentException("space " + name + ": the premapped region must lie in the 32-bit user space");
        }
    }
}
