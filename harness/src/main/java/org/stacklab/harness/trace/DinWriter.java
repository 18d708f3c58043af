package org.stacklab.harness.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import org.stacklab.machine.memory.MemoryTracer;
import org.stacklab.machine.memory.Mode;

/**
 * Streams the simulated memory accesses in Dinero IV's {@code din} input format: one access per line,
 * {@code label address}, the label 0 (data read), 1 (data write) or 2 (instruction fetch) and the address
 * in hexadecimal without a prefix, e.g. {@code 1 c0fe0} — kernel and user accesses alike, in the order
 * they were simulated, as the L1 caches saw them (a range access is one access per line it covers, a
 * code block one fetch per I-cache line).
 *
 * <p>At most {@code maxLines} lines are written; {@link #truncated()} tells whether accesses were left out.
 */
public final class DinWriter implements MemoryTracer, AutoCloseable {
    private final Writer out;
    private final long maxLines;
    private long lines;
    private long dropped;
    private final long[] byLabel = new long[3];

    /** @param out where the lines go (buffered here); closed by {@link #close} */
    public DinWriter(Writer out, long maxLines) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        this.maxLines = maxLines;
    }

    @Override
    public void access(int label, long address, Mode mode) {
        if (lines >= maxLines) {
            dropped++;
            return;
        }
        try {
            out.write((char) ('0' + label));
            out.write(' ');
            out.write(Long.toHexString(address));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines++;
        byLabel[label]++;
    }

    /** Lines written. */
    public long lines() {
        return lines;
    }

    /** Lines written with {@code label}. */
    public long lines(int label) {
        return byLabel[label];
    }

    /** Whether accesses were left out at the limit. */
    public boolean truncated() {
        return dropped > 0;
    }

    /** Accesses left out at the limit. */
    public long dropped() {
        return dropped;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
