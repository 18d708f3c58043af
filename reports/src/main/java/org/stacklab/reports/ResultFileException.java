package org.stacklab.reports;

/**
 * A result file that cannot be read, with the file and, where known, the line.
 *
 * <p>Invariant: the message is one line a user can act on: {@code FILE[:LINE]: WHAT}.
 */
public final class ResultFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultFileException(String file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
