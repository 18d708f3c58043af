package org.stacklab.harness.run;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.machine.cache.Cache;
import org.stacklab.machine.memory.MemorySystem;

/**
 * Every cumulative figure of a kernel at one moment: the clock, the kernel's event counters, cache
 * misses and the footprint totals. A run's figures are {@code after.minus(before)}, so work done
 * while booting and installing the workload is not counted (DESIGN.md rule 1: measured, not assumed).
 *
 * <p>Invariant: reading a sample makes no simulated access; it cannot change a run.
 */
record Sample(
        long clock,
        long ops,
        long messages,
        long kernelEntries,
        long blocks,
        long stackDiscards,
        long handoffs,
        long recognitions,
        long contextSwitches,
        long restarts,
        long dispatches,
        long l1dKernelMisses,
        long l1dUserMisses,
        long l2Misses,
        long userLinesEvictedByKernel,
        long kernelDataLines,
        long kernelCodeLines,
        long fpuTraps,
        long fpuSaves,
        long fpuRestores,
        long exceptions,
        long blocksIpcSend,
        long blocksIpcReceive,
        long blocksException,
        long blocksPageFault,
        long blocksPreemption,
        long stackKeeps,
        long rollbackCycles,
        long pageFaults,
        long xferFaults,
        long bytesCopied,
        long pagesMapped,
        long propagations) {

    static Sample of(Kernel kernel) {
        KernelCounters c = kernel.counters();
        MemorySystem m = kernel.machine().memory();
        Cache l2 = m.l2();
        return new Sample(
                kernel.machine().clock().now(),
                c.ops, c.messages, c.kernelEntries, c.blocks, c.stackDiscards, c.handoffs, c.recognitions,
                c.contextSwitches, c.restarts, c.dispatches,
                m.l1d().kernelMisses(), m.l1d().userMisses(), l2 == null ? 0 : l2.misses(),
                m.l1d().userLinesEvictedByKernel(),
                m.kernelDataLinesPerOpTotal(), m.kernelCodeLinesPerOpTotal(),
                c.fpuTraps, c.fpuSaves, c.fpuRestores, c.exceptions,
                c.blocksIpcSend, c.blocksIpcReceive, c.blocksException, c.blocksPageFault, c.blocksPreemption,
                c.stackKeeps, c.rollbackCycles,
                c.pageFaults, c.xferFaults, c.bytesCopied, c.pagesMapped, c.propagations);
    }

    Sample minus(Sample b) {
        return new Sample(
                clock - b.clock, ops - b.ops, messages - b.messages, kernelEntries - b.kernelEntries, blocks - b.blocks,
                stackDiscards - b.stackDiscards, handoffs - b.handoffs, recognitions - b.recognitions,
                contextSwitches - b.contextSwitches, restarts - b.restarts, dispatches - b.dispatches,
                l1dKernelMisses - b.l1dKernelMisses, l1dUserMisses - b.l1dUserMisses, l2Misses - b.l2Misses,
                userLinesEvictedByKernel - b.userLinesEvictedByKernel,
                kernelDataLines - b.kernelDataLines, kernelCodeLines - b.kernelCodeLines,
                fpuTraps - b.fpuTraps, fpuSaves - b.fpuSaves, fpuRestores - b.fpuRestores,
                exceptions - b.exceptions,
                blocksIpcSend - b.blocksIpcSend, blocksIpcReceive - b.blocksIpcReceive, blocksException - b.blocksException,
                blocksPageFault - b.blocksPageFault, blocksPreemption - b.blocksPreemption,
                stackKeeps - b.stackKeeps, rollbackCycles - b.rollbackCycles,
                pageFaults - b.pageFaults, xferFaults - b.xferFaults, bytesCopied - b.bytesCopied, pagesMapped - b.pagesMapped,
                propagations - b.propagations);
    }
}
