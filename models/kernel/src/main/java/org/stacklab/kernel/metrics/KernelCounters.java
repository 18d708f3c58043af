package org.stacklab.kernel.metrics;

import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;

/**
 * Event counters a model increments where the event happens. A counter a model does not have stays 0.
 *
 * <p>Invariant: counters only grow; they count events, they never estimate them. Every block is
 * counted once by kind ({@link #countBlock}), so {@code blocks == blocksIpcSend + blocksIpcReceive +
 * blocksException + blocksPageFault}; {@link #blocksPreemption} counts threads made READY on their way
 * to user mode or by a ThreadSwitch, which are not blocks.
 */
public final class KernelCounters {
    /** System calls completed and returned to user (the run's "ops"). */
    public long ops;
    /** Messages transferred (one-way IPCs). */
    public long messages;
    /** Kernel entries. */
    public long kernelEntries;
    /** Times a thread blocked inside the kernel (waiting for an event; the sum of the blocks by kind). */
    public long blocks;
    /** Blocks in the send phase of an IPC (POLLING), outside an exception Call. */
    public long blocksIpcSend;
    /** Blocks in the receive phase of an IPC (WAITING), outside an exception Call. */
    public long blocksIpcReceive;
    /** Blocks of a thread in an exception Call ({@code Tcb.exceptionSaved() != null}), in either phase. */
    public long blocksException;
    /** Blocks of a thread waiting for its pager to resolve a page fault (counted by the page-fault paths). */
    public long blocksPageFault;
    /**
     * Times the running thread was made READY and gave up the CPU without waiting for anything: by the
     * return-to-user preemption check (a higher priority is ready) or by a ThreadSwitch (directed or yield).
     */
    public long blocksPreemption;
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
    /**
     * Cycles of kernel work redone because a system call was rolled back to a restart point (stateless
     * model, Fluke §4): the work the rolled-back attempt had done and its restart does again.
     */
    public long rollbackCycles;
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
    /** Page faults in user code delivered as IPC to the thread's pager (semantics.md §7). */
    public long pageFaults;
    /** Page faults the kernel took during a string copy, in either partner's space. */
    public long xferFaults;
    /** String bytes the kernel copied between address spaces. */
    public long bytesCopied;
    /** Pages mapped or granted by map and grant items. */
    public long pagesMapped;

    /** What a blocked thread waits for ({@link #countBlock(BlockKind)}). */
    public enum BlockKind {
        /** The send phase of an IPC: the partner is not ready to receive. */
        IPC_SEND,
        /** The receive phase of an IPC: no message yet. */
        IPC_RECEIVE,
        /** An exception Call (either phase): the handler has not replied yet. */
        EXCEPTION,
        /** A page fault: the pager has not resolved it yet. */
        PAGE_FAULT
    }

    /** Counts one block of kind {@code kind}: {@link #blocks} and the kind's counter. */
    public void countBlock(BlockKind kind) {
        blocks++;
        switch (kind) {
            case IPC_SEND -> blocksIpcSend++;
            case IPC_RECEIVE -> blocksIpcReceive++;
            case EXCEPTION -> blocksException++;
            case PAGE_FAULT -> blocksPageFault++;
        }
    }

    /**
     * Counts the IPC block of {@code t}, whose state is already POLLING (send phase) or WAITING (receive
     * phase): {@link BlockKind#EXCEPTION} if {@code t} is in an exception Call, {@link BlockKind#PAGE_FAULT}
     * if in a user page-fault Call, else the phase. A wait for a page fault taken during a string copy is
     * counted with {@code countBlock(BlockKind.PAGE_FAULT)}. Reads only Java-side state
     * (no simulated access), so counting never changes a run.
     *
     * @throws IllegalStateException if {@code t} is in neither IPC wait state
     */
    public void countBlock(Tcb t) {
        if (t.exceptionSaved() != null) {
            countBlock(t.pageFaultSaved() ? BlockKind.PAGE_FAULT : BlockKind.EXCEPTION);
            return;
        }
        ThreadState s = t.peekState();
        switch (s) {
            case POLLING -> countBlock(BlockKind.IPC_SEND);
            case WAITING -> countBlock(BlockKind.IPC_RECEIVE);
            default -> throw new IllegalStateException(t + " blocks in state " + s + ", not in an IPC wait (POLLING or WAITING)");
        }
    }
}
