package org.stacklab.harness;

/**
 * A mistake in what the user asked for (an unknown model, a malformed {@code --param}), as opposed
 * to a bug. The CLI prints the message alone on stderr and exits with status 2 (DESIGN.md rule 5).
 *
 * <p>Invariant: the message is one line that says what was wrong and what is valid.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
