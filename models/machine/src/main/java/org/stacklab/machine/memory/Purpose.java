package org.stacklab.machine.memory;

/** What a block of kernel memory is for; the allocator totals reserved bytes per purpose. */
public enum Purpose {
    /** Thread control blocks (in the per-thread model, a TCB block that also holds the thread's stack). */
    TCB,
    /** Kernel stacks that live outside a TCB block (per-CPU stacks, stacks kept by a blocked thread). */
    STACK,
    /** Kernel tables: TCB lookup table, ready queues, scheduler state. */
    TABLE,
    /** Kernel code. */
    CODE,
    /** Lazy-FPU save areas, one per thread that used the FPU (semantics.md §7). */
    FPU
}
