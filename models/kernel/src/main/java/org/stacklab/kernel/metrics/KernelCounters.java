package org.stacklab.kernel.metrics;

/**
 * Event counters a model increments where the event happens. A counter a model does not have stays 0.
 *
 * <p>Invariant: counters only grow; they count events, they never estimate them.
 */
public final class KernelCounters {
    /** System calls completed and returned to user (the run's "ops"). */
    public long ops;
    /** Messages transferred (one-way IPCs). */
    public long messages;
    /** Kernel entries. */
    public long kernelEntries;
    /** Times a thread blocked inside the kernel. */
    public long blocks;
    /** Blocks that discarded the kernel stack (continuation model). */
    public long stackDiscards;
    /** Blocks that kept the stack (process-model blocks, in any model). */
    public long stackKeeps;
    /** Stack handoffs (continuation model, Draves §2.2). */
    public long handoffs;
    /** Continuation recognitions (Draves §2.3). */
    public long recognitions;
    /** Kernel-stack context switches (process model). */
    public long contextSwitches;
    /** System calls rolled back to a restart point (stateless model, Fluke §4). */
    public long restarts;
    /** Times a thread was dispatched onto the CPU. */
    public long dispatches;
    /**
     * Clock interrupt entries taken (from user mode or from the idle CPU): timeout deadlines and device
     * interrupt firings (several due at once share one entry).
     */
    public long timerInterrupts;
    /** Device interrupt firings raised (delivered, left pending or missed). */
    public long deviceInterrupts;
    /** IPC timeouts that expired in the timer interrupt (send or receive phase). */
    public long timeouts;
    /** Device-not-available traps (#NM) taken by FPU instructions while the FPU was disabled. */
    public long fpuTraps;
    /** FPU states stored into their owner's save area. */
    public long fpuSaves;
    /** FPU states loaded from a save area (not counting a first use, which allocates). */
    public long fpuRestores;
    /** User traps and illegal instructions (#UD) delivered as an exception IPC to the thread's handler (one with no handler halts and is not counted). */
    public long exceptions;
    /** Messages delivered as propagated IPC (tag p kept, from = the virtual sender; semantics.md §2.8). */
    public long propagations;
    /** Virtual senders whose closed wait a propagation redirected to the destination (§2.8 fixup). */
    public long redirections;
}
