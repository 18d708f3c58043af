package org.stacklab.kernel.stack;

import java.util.ArrayList;
import java.util.List;

import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.memory.Mode;

/**
 * One kernel stack at a real address, growing down from {@link #top()}. Frames are pushed and popped
 * through the memory system, so the bytes in use and the lines touched are measured, not assumed.
 *
 * <p>Invariant: {@code 0 <= depth() <= size()}; a push past the size throws
 * {@link KernelStackOverflowException} naming the frames on the stack.
 */
public final class KernelStack {
    private final String name;
    private final long base;
    private final int size;
    private final MemorySystem memory;
    private final StackMeter meter;
    private final int wordBytes;
    private final List<String> frames = new ArrayList<>();
    private int depth;
    private int peak;

    KernelStack(String name, long base, int size, MemorySystem memory, StackMeter meter) {
        this.name = name;
        this.base = base;
        this.size = size;
        this.memory = memory;
        this.meter = meter;
        this.wordBytes = memory.profile().wordBytes();
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    /** One past the highest byte: the initial stack pointer. */
    public long top() {
        return base + size;
    }

    public int size() {
        return size;
    }

    /** Bytes in use. */
    public int depth() {
        return depth;
    }

    /** Highest depth reached. */
    public int peak() {
        return peak;
    }

    /** Current stack pointer. */
    public long sp() {
        return top() - depth;
    }

    /** Pushes a frame of {@code words} words named {@code frame}, writing every word. */
    public void push(String frame, int words) {
        int bytes = words * wordBytes;
        if (depth + bytes > size) {
            List<String> chain = new ArrayList<>(frames);
            chain.add(frame + " (overflows)");
            throw new KernelStackOverflowException("kernel stack " + name + " (" + size + " bytes) overflows pushing " + frame + " ("
                    + bytes + " bytes) at depth " + depth + "; call chain: " + String.join(" > ", chain));
        }
        int before = depth;
        depth += bytes;
        peak = Math.max(peak, depth);
        frames.add(frame);
        memory.range(top() - depth, bytes, true, Mode.KERNEL);
        meter.changed(this, before, depth);
        if (meter.tracer != null) {
            meter.tracer.framePushed(this, frame, bytes);
        }
    }

    /** Pops the top frame of {@code words} words, reading {@code wordsRead} of them back. */
    public void pop(int words, int wordsRead) {
        int bytes = words * wordBytes;
        if (bytes > depth || frames.isEmpty()) {
            throw new IllegalStateException("kernel stack " + name + " underflow popping " + bytes + " bytes at depth " + depth);
        }
        if (wordsRead > 0) {
            memory.range(top() - depth, (long) wordsRead * wordBytes, false, Mode.KERNEL);
        }
        int before = depth;
        depth -= bytes;
        frames.remove(frames.size() - 1);
        meter.changed(this, before, depth);
        if (meter.tracer != null) {
            meter.tracer.framePopped(this);
        }
    }

    /** Discards every frame without touching memory (a continuation model abandoning its stack). */
    public void discard() {
        int before = depth;
        int count = frames.size();
        depth = 0;
        frames.clear();
        meter.changed(this, before, 0);
        if (meter.tracer != null && count > 0) {
            meter.tracer.stackDiscarded(this, count, before);
        }
    }

    /** Names of the frames on the stack, bottom first. */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    @Override
    public String toString() {
        return name + "[" + depth + "/" + size + "]";
    }
}
