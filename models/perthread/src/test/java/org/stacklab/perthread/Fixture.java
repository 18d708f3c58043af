package org.stacklab.perthread;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;

/** Small kernels and programs for the per-thread model's tests. */
final class Fixture {
    static final long ANY = ThreadId.ANY.raw();
    static final long NIL = 0;
    /** Timeouts word: send Never, receive Never. */
    static final long NEVER = Timeout.word(Timeout.NEVER, Timeout.NEVER);
    /** Timeouts word of ReplyWait: send Zero, receive Never. */
    static final long REPLY_WAIT = Timeout.word(Timeout.ZERO, Timeout.NEVER);

    private Fixture() {}

    static MachineProfile ppro200() {
        return MachineProfiles.load("ppro200");
    }

    static Kernel kernel() {
        return kernel(ppro200(), KernelOptions.DEFAULT);
    }

    static Kernel kernel(MachineProfile profile, KernelOptions options) {
        return new Kernel(new Machine(profile), new PerThreadModel(), options);
    }

    static long tag(int label, int untyped) {
        return MsgTag.of(label, untyped, 0).raw();
    }

    /** Appends {@code Ipc(to, from, timeouts)}. */
    static ProgramBuilder ipc(ProgramBuilder b, long to, long from, long timeouts) {
        return b.mov(0, to).mov(1, from).mov(2, timeouts).syscall(SyscallKind.IPC);
    }

    /** A client that Calls {@code server} {@code n} times with MR1 = n, n-1, ..., 1, then halts. */
    static Program client(ThreadId server, int n) {
        ProgramBuilder b = new ProgramBuilder("client").mov(7, n).label("loop")
                .setMrImm(0, tag(0x11, 1)).setMr(1, 7);
        return ipc(b, server.raw(), server.raw(), NEVER).loop(7, "loop").halt().build();
    }

    /** A server: Wait, then for ever ReplyWait(from) with MR1 = received MR1 + 1000. */
    static Program server() {
        ProgramBuilder b = ipc(new ProgramBuilder("server"), NIL, ANY, NEVER).label("loop")
                .getMr(5, 1).addImm(5, 1000).setMr(1, 5).setMrImm(0, tag(0x22, 1));
        // r0 still holds the sender ("from") of the last receive
        return b.mov(1, ANY).mov(2, REPLY_WAIT).syscall(SyscallKind.IPC).jump("loop").build();
    }

    static Observation received(ThreadId from, long tag, long... words) {
        return new Observation(SyscallKind.IPC, from.raw(), tag, 0, words);
    }

    static Observation sent(long tag) {
        return new Observation(SyscallKind.IPC, 0, tag, 0, new long[0]);
    }

    static Observation error(long errorCode) {
        return new Observation(SyscallKind.IPC, 0, MsgTag.ERROR_TAG, errorCode, new long[0]);
    }
}
