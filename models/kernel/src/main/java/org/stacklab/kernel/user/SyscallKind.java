package org.stacklab.kernel.user;

/**
 * The system calls a user program can make, with their register conventions.
 *
 * <ul>
 *   <li>{@link #IPC}: {@code r0} = to, {@code r1} = FromSpecifier, {@code r2} = Timeouts
 *       ({@code snd << 16 | rcv}); MR0.. in the UTCB. Returns {@code r0} = from, {@code r1} = MR0 (tag);
 *       on error the UTCB's ErrorCode is set (semantics.md §2.1).</li>
 *   <li>{@link #THREAD_SWITCH}: {@code r0} = destination (nil = yield). Returns nothing.</li>
 *   <li>{@link #EXCHANGE_REGISTERS} (semantics.md §7, {@link org.stacklab.kernel.thread.ExchangeRegisters}):
 *       in: {@code r0} = dest (global or local id), {@code r1} = control (bits 0 h, 1 r, 2 s, 3 S, 4 I,
 *       5 f, 6 u, 7 p, 8 H, 9 d), {@code r2} = sp, {@code r3} = ip, {@code r4} = flags, {@code r5} =
 *       user-defined handle, {@code r6} = pager. Out: {@code r0} = dest's <em>global</em> id (a local
 *       dest id converted), {@code r1} = old control (h = was halted, r = was receiving: WAITING or
 *       RECV_PENDING, s = was sending: POLLING), {@code r2..r6} = old sp, ip, flags, handle, pager.
 *       In this ISA "sp" is user register {@code r15} by convention and "ip" is the user PC (an
 *       instruction index; the old ip of a thread inside a system call is the instruction after it,
 *       and a new ip takes effect when that call completes). flags is a per-thread word of its own;
 *       handle and pager are the UTCB's UserDefinedHandle and Pager TCRs. {@code s} aborts a thread
 *       blocked in its send phase (POLLING; it gets send-phase CANCELED, 0x6), {@code r} one in its
 *       receive phase (WAITING or RECV_PENDING; receive-phase CANCELED, 0x7); the partner sees
 *       nothing, the aborted thread becomes READY at the tail of its queue, its deadline is dropped.
 *       Errors (UTCB ErrorCode, {@code r0} = nil, {@code r1..r6} = 0, nothing changed): 2 InvalidThread
 *       when dest is nil, a wildcard, unknown, stale or in another address space (Pistachio); 5
 *       InvalidParam for an ip outside {@code 0..program size}, for halting the caller itself and for
 *       halting a thread still in an IPC phase the call does not abort. Halt ({@code H} with {@code h},
 *       after the aborts) makes a READY thread STOPPED at its next return to user mode (it keeps its
 *       place in its program); resume ({@code H} without {@code h}) makes a STOPPED thread READY at the tail.
 *       {@code d} is ignored. Never blocks.</li>
 *   <li>{@link #THREAD_CONTROL} ({@link org.stacklab.kernel.thread.ThreadControl}): in: {@code r0} =
 *       dest (global or local id), {@code r1} = operation: 0 = delete, 1 = create. Out:
 *       {@code r0} = the deleted (created) thread's global id. Create: dest is a global id whose number
 *       is the next unused one or one a deletion freed, with a new version (else 2 InvalidThread); the
 *       thread runs in the caller's space, the caller's program from ip {@code r2} ({@code 0..size}),
 *       at priority {@code r3} ({@code 0..255}; else 5 InvalidParam), READY at the tail. Deleting makes dest's ids stale, fails its queued
 *       senders with 0x4 and the closed waits on it with 0x5 (semantics.md §2.7), frees its kernel
 *       memory. Errors (ErrorCode, {@code r0} = nil): 2 InvalidThread for nil, wildcards, unknown or
 *       stale ids and threads of another space; 5 InvalidParam for another operation and for deleting
 *       the caller itself (not supported yet). Never blocks.</li>
 * </ul>
 */
public enum SyscallKind {
    IPC,
    THREAD_SWITCH,
    EXCHANGE_REGISTERS,
    THREAD_CONTROL
}
