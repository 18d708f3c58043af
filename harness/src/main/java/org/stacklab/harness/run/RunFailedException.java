package org.stacklab.harness.run;

/**
 * A run whose model failed or left the kernel in an inconsistent state: a bug in a model (or the
 * simulator), not in the user's input. The message names the run.
 */
public final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
