package org.stacklab.kernel.stack;

/**
 * A kernel stack overflowed. A run that hits this fails for that model, with the call chain that
 * caused it; the overflow is never silent.
 */
public final class KernelStackOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelStackOverflowException(String message) {
        super(message);
    }
}
