package org.stacklab.kernel.conformance;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.SyscallKind;

/** Expected {@link Observation}s, spelled as semantics.md states them. */
public final class Expect {
    private Expect() {
    }

    /**
     * A failed IPC: {@code from} = nil, tag = MR0 = 0x8000 ([DECIDE] §5.1), ErrorCode {@code code}
     * (e.g. 0x2 send timeout, 0x4 send non-existing, 0x5 receive non-existing).
     */
    public static Observation error(long code) {
        return new Observation(SyscallKind.IPC, 0, MsgTag.ERROR_TAG, code, new long[0]);
    }

    /** A received message from {@code from} (as the receiver sees the id), with {@link Prog#LABEL} and these words. */
    public static Observation received(ThreadId from, long... words) {
        return new Observation(SyscallKind.IPC, from.raw(), MsgTag.of(Prog.LABEL, words.length, 0).raw(), 0, words);
    }

    /** A successful send-only IPC (or {@code Ipc(nil, nil)}): from = nil, tag = the tag as sent. */
    public static Observation sent(int words) {
        return new Observation(SyscallKind.IPC, 0, MsgTag.of(Prog.LABEL, words, 0).raw(), 0, new long[0]);
    }

    /** A completed ThreadSwitch whose {@code r0} was {@code dest}. */
    public static Observation threadSwitch(ThreadId dest) {
        return new Observation(SyscallKind.THREAD_SWITCH, dest.raw(), 0, 0, new long[0]);
    }

    /**
     * A completed ExchangeRegisters: {@code r0} = {@code dest}'s global id, {@code r1} = old control,
     * then the old sp, ip, flags, handle and pager.
     */
    public static Observation exregs(ThreadId dest, long oldControl, long sp, long ip, long flags, long handle, long pager) {
        return new Observation(SyscallKind.EXCHANGE_REGISTERS, dest.raw(), oldControl, 0, new long[] {sp, ip, flags, handle, pager});
    }

    /** A failed ExchangeRegisters: {@code r0} = nil, everything 0, ErrorCode {@code code} (2 InvalidThread, 5 InvalidParam). */
    public static Observation exregsError(long code) {
        return new Observation(SyscallKind.EXCHANGE_REGISTERS, 0, 0, code, new long[5]);
    }

    /** A completed ThreadControl delete of {@code dest}: {@code r0} = its global id. */
    public static Observation deleted(ThreadId dest) {
        return new Observation(SyscallKind.THREAD_CONTROL, dest.raw(), 0, 0, new long[0]);
    }

    /** A failed ThreadControl: {@code r0} = nil, ErrorCode {@code code}. */
    public static Observation threadControlError(long code) {
        return new Observation(SyscallKind.THREAD_CONTROL, 0, 0, code, new long[0]);
    }

    /** A completed ThreadControl create of {@code id}. */
    public static Observation created(ThreadId id) {
        return deleted(id);
    }
}
