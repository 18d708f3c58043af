package org.stacklab.kernel.conformance;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;

/**
 * A {@link ProgramBuilder} with the L4 convenience calls of semantics.md §2.2, for writing test
 * programs that read like the spec: {@code Prog.named("client").call(server, 1, 2).halt().build()}.
 *
 * <p>Register conventions ({@link SyscallKind#IPC}): {@code r0} = to, {@code r1} = FromSpecifier,
 * {@code r2} = Timeouts; results come back in {@code r0} (from) and {@code r1} (tag). Every message
 * this helper builds has label {@link #LABEL} unless told otherwise, {@code u} = number of words, no
 * typed items.
 */
public final class Prog {
    /** Label of messages built by this helper (any non-zero label makes tags easy to spot). */
    public static final int LABEL = 0x51;

    private final ProgramBuilder b;

    private Prog(String name) {
        this.b = new ProgramBuilder(name);
    }

    public static Prog named(String name) {
        return new Prog(name);
    }

    /** The underlying builder, for instructions this class does not wrap. */
    public ProgramBuilder builder() {
        return b;
    }

    /** Sets MR0 (tag with {@code label} and {@code u = words.length}) and MR1..MRu. */
    public Prog msg(int label, long... words) {
        b.setMrImm(0, MsgTag.of(label, words.length, 0).raw());
        for (int i = 0; i < words.length; i++) {
            b.setMrImm(i + 1, words[i]);
        }
        return this;
    }

    /** The raw system call {@code Ipc(to, from, snd << 16 | rcv)} with the message already in the MRs. */
    public Prog ipc(ThreadId to, ThreadId from, Timeout snd, Timeout rcv) {
        b.mov(0, to.raw()).mov(1, from.raw()).mov(2, Timeout.word(snd, rcv));
        b.syscall(SyscallKind.IPC);
        return this;
    }

    /** {@code Send(to)}: Never send timeout, no receive phase. */
    public Prog send(ThreadId to, long... words) {
        return msg(LABEL, words).ipc(to, ThreadId.NIL, Timeout.NEVER, Timeout.NEVER);
    }

    /** {@code Send_Timeout(to, snd)}. */
    public Prog sendTimeout(ThreadId to, Timeout snd, long... words) {
        return msg(LABEL, words).ipc(to, ThreadId.NIL, snd, Timeout.NEVER);
    }

    /** {@code Reply(to)}: a send with Zero send timeout. */
    public Prog reply(ThreadId to, long... words) {
        return sendTimeout(to, Timeout.ZERO, words);
    }

    /** {@code Call(to)}: send to {@code to}, then closed receive from {@code to}, both Never. */
    public Prog call(ThreadId to, long... words) {
        return msg(LABEL, words).ipc(to, to, Timeout.NEVER, Timeout.NEVER);
    }

    /** {@code Receive(from)} with Never. */
    public Prog receive(ThreadId from) {
        return receiveTimeout(from, Timeout.NEVER);
    }

    /** {@code Receive_Timeout(from, rcv)}. */
    public Prog receiveTimeout(ThreadId from, Timeout rcv) {
        return ipc(ThreadId.NIL, from, Timeout.NEVER, rcv);
    }

    /** {@code Wait_Timeout(rcv)}: open receive from anythread with receive timeout {@code rcv}. */
    public Prog waitTimeout(Timeout rcv) {
        return receiveTimeout(ThreadId.ANY, rcv);
    }

    /** {@code WaitLocal_Timeout(rcv)}: open receive from anylocalthread (senders of the caller's space only). */
    public Prog waitLocalTimeout(Timeout rcv) {
        return receiveTimeout(ThreadId.ANY_LOCAL, rcv);
    }

    /** {@code WaitLocal()}: open receive from anylocalthread, Never. */
    public Prog waitLocal() {
        return waitLocalTimeout(Timeout.NEVER);
    }

    /** {@code Sleep(T)}: receive from {@code self} (the caller's own id) with receive timeout {@code t}; always 0x3. */
    public Prog sleep(ThreadId self, Timeout t) {
        return receiveTimeout(self, t);
    }

    /** {@code Call} with explicit send and receive timeouts. */
    public Prog callTimeout(ThreadId to, Timeout snd, Timeout rcv, long... words) {
        return msg(LABEL, words).ipc(to, to, snd, rcv);
    }

    /** {@code Wait()}: open receive from anythread, Never. */
    public Prog waitAny() {
        return receive(ThreadId.ANY);
    }

    /** {@code ReplyWait(to)}: Zero send timeout, open receive with Never. */
    public Prog replyWait(ThreadId to, long... words) {
        return msg(LABEL, words).ipc(to, ThreadId.ANY, Timeout.ZERO, Timeout.NEVER);
    }

    /**
     * {@code ReplyWait(r0)}: replies to whoever the previous IPC returned in {@code r0} (a server loop);
     * the MRs must already hold the reply.
     */
    public Prog replyWaitToLastSender() {
        b.mov(1, ThreadId.ANY.raw()).mov(2, Timeout.word(Timeout.ZERO, Timeout.NEVER));
        b.syscall(SyscallKind.IPC);
        return this;
    }

    /** {@code Reply(r0)}: replies to whoever the previous IPC returned in {@code r0}; the MRs must hold the reply. */
    public Prog replyToLastSender() {
        b.mov(1, ThreadId.NIL.raw()).mov(2, Timeout.word(Timeout.ZERO, Timeout.NEVER));
        b.syscall(SyscallKind.IPC);
        return this;
    }

    /** {@code Ipc(nil, nil)}: no send phase, no receive phase. */
    public Prog nullIpc() {
        return ipc(ThreadId.NIL, ThreadId.NIL, Timeout.NEVER, Timeout.NEVER);
    }

    /** {@code ThreadSwitch(dest)}. */
    public Prog threadSwitch(ThreadId dest) {
        b.mov(0, dest.raw());
        b.syscall(SyscallKind.THREAD_SWITCH);
        return this;
    }

    /**
     * {@code ExchangeRegisters(dest, control, sp, ip, flags, handle, pager)} (conventions:
     * {@link SyscallKind#EXCHANGE_REGISTERS}); overwrites r0..r6 with the results.
     */
    public Prog exregs(ThreadId dest, long control, long sp, long ip, long flags, long handle, long pager) {
        b.mov(0, dest.raw()).mov(1, control).mov(2, sp).mov(3, ip).mov(4, flags).mov(5, handle).mov(6, pager);
        b.syscall(SyscallKind.EXCHANGE_REGISTERS);
        return this;
    }

    /** {@code ExchangeRegisters(dest, control)} with the other inputs 0. */
    public Prog exregs(ThreadId dest, long control) {
        return exregs(dest, control, 0, 0, 0, 0, 0);
    }

    /** {@code ThreadControl} delete of {@code dest} (conventions: {@link SyscallKind#THREAD_CONTROL}). */
    public Prog threadDelete(ThreadId dest) {
        b.mov(0, dest.raw()).mov(1, ThreadControl.DELETE);
        b.syscall(SyscallKind.THREAD_CONTROL);
        return this;
    }

    /** {@code ThreadControl} create of {@code id} in the caller's space, running this program from {@code ip} at {@code priority}. */
    public Prog threadCreate(ThreadId id, int ip, int priority) {
        b.mov(0, id.raw()).mov(1, ThreadControl.CREATE).mov(2, ip).mov(3, priority);
        b.syscall(SyscallKind.THREAD_CONTROL);
        return this;
    }

    /** ExchangeRegisters with bit s: abort {@code dest}'s send phase. */
    public Prog abortSend(ThreadId dest) {
        return exregs(dest, ExchangeRegisters.ABORT_SEND);
    }

    /** ExchangeRegisters with bit r: abort {@code dest}'s receive phase. */
    public Prog abortReceive(ThreadId dest) {
        return exregs(dest, ExchangeRegisters.ABORT_RECEIVE);
    }

    /** {@code ThreadSwitch(nil)}: yield. */
    public Prog yield() {
        return threadSwitch(ThreadId.NIL);
    }

    public Prog mov(int rd, long imm) {
        b.mov(rd, imm);
        return this;
    }

    public Prog movReg(int rd, int rs) {
        b.movReg(rd, rs);
        return this;
    }

    public Prog addImm(int rd, long imm) {
        b.addImm(rd, imm);
        return this;
    }

    public Prog setMr(int mr, int rs) {
        b.setMr(mr, rs);
        return this;
    }

    public Prog setMrImm(int mr, long imm) {
        b.setMrImm(mr, imm);
        return this;
    }

    public Prog getMr(int rd, int mr) {
        b.getMr(rd, mr);
        return this;
    }

    public Prog compute(long cycles) {
        b.compute(cycles);
        return this;
    }

    public Prog label(String label) {
        b.label(label);
        return this;
    }

    public Prog loop(int rd, String label) {
        b.loop(rd, label);
        return this;
    }

    public Prog jump(String label) {
        b.jump(label);
        return this;
    }

    /** {@code fmov fD, rS}. */
    public Prog fmovIn(int fd, int rs) {
        b.fmovIn(fd, rs);
        return this;
    }

    /** {@code fmov rD, fS}. */
    public Prog fmovOut(int rd, int fs) {
        b.fmovOut(rd, fs);
        return this;
    }

    /** {@code fadd fD, fS}. */
    public Prog fadd(int fd, int fs) {
        b.fadd(fd, fs);
        return this;
    }

    public Prog add(Insn insn) {
        b.add(insn);
        return this;
    }

    public Prog halt() {
        b.halt();
        return this;
    }

    public Program build() {
        return b.build();
    }
}
