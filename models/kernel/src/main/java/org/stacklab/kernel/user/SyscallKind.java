package org.stacklab.kernel.user;

/**
 * The system calls a user program can make, with their register conventions.
 *
 * <ul>
 *   <li>{@link #IPC}: {@code r0} = to, {@code r1} = FromSpecifier, {@code r2} = Timeouts
 *       ({@code snd << 16 | rcv}); MR0.. in the UTCB. Returns {@code r0} = from, {@code r1} = MR0 (tag);
 *       on error the UTCB's ErrorCode is set (semantics.md §2.1).</li>
 *   <li>{@link #THREAD_SWITCH}: {@code r0} = destination (nil = yield). Returns nothing.</li>
 * </ul>
 */
public enum SyscallKind {
    IPC,
    THREAD_SWITCH
}
