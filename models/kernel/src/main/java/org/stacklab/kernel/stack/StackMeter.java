package org.stacklab.kernel.stack;

import java.util.ArrayList;
import java.util.List;

import org.stacklab.machine.Machine;
import org.stacklab.machine.memory.Purpose;

/**
 * Creates kernel stacks and measures them: how many hold frames at each moment (time-weighted over
 * simulated cycles), the peak number, and the peak bytes in use summed over all stacks.
 *
 * <p>Invariant: {@link #inUse()} equals the number of stacks whose depth is non-zero.
 */
public final class StackMeter {
    private final Machine machine;
    private final List<KernelStack> stacks = new ArrayList<>();
    private int inUse;
    private int inUseMax;
    private long bytesInUse;
    private long bytesInUsePeak;
    private double inUseCycles;
    private long lastChange;
    private long stacksCreated;
    private long reservedBytes;
    private long reservedBytesPeak;
    /** Observes pushes, pops and discards ({@code Kernel.trace}); {@code null}: off. */
    org.stacklab.kernel.trace.KernelTracer tracer;

    public StackMeter(Machine machine) {
        this.machine = machine;
    }

    /**
     * Allocates a stack of {@code size} bytes as its own block of kernel memory ({@link Purpose#STACK}).
     */
    public KernelStack allocate(String name, int size) {
        long base = machine.kernelMemory().allocate(Purpose.STACK, size, size);
        return register(name, base, size);
    }

    /** Registers a stack living inside another block (e.g. a TCB block in the per-thread model). */
    public KernelStack embedded(String name, long base, int size) {
        return register(name, base, size);
    }

    private KernelStack register(String name, long base, int size) {
        KernelStack s = new KernelStack(name, base, size, machine.memory(), this);
        stacks.add(s);
        stacksCreated++;
        reservedBytes += size;
        reservedBytesPeak = Math.max(reservedBytesPeak, reservedBytes);
        return s;
    }

    /** Frees a stack made by {@link #allocate}; it must be empty. */
    public void release(KernelStack stack) {
        if (stack.depth() != 0) {
            throw new IllegalStateException("releasing a stack that still holds frames: " + stack.frames());
        }
        if (!stacks.remove(stack)) {
            throw new IllegalArgumentException("unknown stack " + stack.name());
        }
        machine.kernelMemory().releaseStack(stack.base(), stack.size());
        reservedBytes -= stack.size();
    }

    /**
     * Frees a stack made by {@link #embedded} (its block is freed with the block it lives in): whatever
     * frames it still holds are discarded (a deleted thread's call chain).
     */
    public void releaseEmbedded(KernelStack stack) {
        stack.discard();
        if (!stacks.remove(stack)) {
            throw new IllegalArgumentException("unknown stack " + stack.name());
        }
        reservedBytes -= stack.size();
    }

    /** Installs the tracer every stack reports to ({@code null}: none). */
    public void setTracer(org.stacklab.kernel.trace.KernelTracer t) {
        this.tracer = t;
    }

    /** Bytes of kernel stack reserved now (every live stack's full size, wherever it lives). */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** Peak of {@link #reservedBytes()}. */
    public long reservedBytesPeak() {
        return reservedBytesPeak;
    }

    void changed(KernelStack stack, int before, int after) {
        bytesInUse += after - before;
        bytesInUsePeak = Math.max(bytesInUsePeak, bytesInUse);
        if ((before == 0) != (after == 0)) {
            accumulate();
            inUse += after == 0 ? -1 : 1;
            inUseMax = Math.max(inUseMax, inUse);
        }
    }

    private void accumulate() {
        long now = machine.clock().now();
        inUseCycles += (double) inUse * (now - lastChange);
        lastChange = now;
    }

    /** Stacks holding frames now. */
    public int inUse() {
        return inUse;
    }

    public int inUseMax() {
        return inUseMax;
    }

    /** Time-weighted mean of {@link #inUse()} over the run so far. */
    public double inUseAverage() {
        accumulate();
        long now = machine.clock().now();
        return now == 0 ? inUse : inUseCycles / now;
    }

    /** Bytes in use summed over all stacks, now. */
    public long bytesInUse() {
        return bytesInUse;
    }

    /** Peak of {@link #bytesInUse()}. */
    public long bytesInUsePeak() {
        return bytesInUsePeak;
    }

    /** Every stack created, in creation order. */
    public List<KernelStack> stacks() {
        return List.copyOf(stacks);
    }

    public long stacksCreated() {
        return stacksCreated;
    }
}
