package org.stacklab.kernel.ipc;

/**
 * The X.2 IPC ErrorCode (semantics.md §5.1): {@code offset << 4 | code << 1 | phase}, phase 0 = send,
 * 1 = receive.
 */
public enum ErrorCode {
    TIMEOUT(1),
    NON_EXISTING(2),
    CANCELED(3),
    MESSAGE_OVERFLOW(4),
    XFER_TIMEOUT_OWN(5),
    XFER_TIMEOUT_PARTNER(6),
    ABORTED(7);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The phase an error belongs to. */
    public enum Phase {
        SEND,
        RECEIVE
    }

    /** Encodes this error for the ErrorCode register. */
    public long encode(Phase phase, long offset) {
        return (offset << 4) | ((long) code << 1) | (phase == Phase.RECEIVE ? 1 : 0);
    }

    /** Decodes the code bits of an ErrorCode value. */
    public static ErrorCode decode(long value) {
        int c = (int) ((value >>> 1) & 7);
        for (ErrorCode e : values()) {
            if (e.code == c) {
                return e;
            }
        }
        throw new IllegalArgumentException("no error code in " + Long.toHexString(value));
    }
}
