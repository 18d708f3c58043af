package org.stacklab.kernel.user;

/**
 * One user instruction in the workload text format (the syntax {@code workloads/README.md} documents and
 * {@code org.stacklab.workloads.asm.ProgramText} parses); branch targets as {@code L<pc>}. Shared by the
 * workloads module's {@code ProgramFormatter} and the conformance kit, which prints generated programs
 * as loadable workload files.
 */
public final class InsnText {
    private InsnText() {}

    /** {@code insn} in the text format. */
    public static String format(Insn insn) {
        return switch (insn) {
            case Insn.Compute c -> "compute " + c.cycles();
            case Insn.Touch t -> "touch 0x" + Long.toHexString(t.address()) + ", " + t.bytes() + (t.write() ? ", write" : "");
            case Insn.TouchAt t -> "touch r" + t.ra() + ", " + t.bytes() + (t.write() ? ", write" : "");
            case Insn.SetBr s -> "setbr " + s.br() + ", r" + s.rs();
            case Insn.SetBrImm s -> "setbr " + s.br() + ", " + value(s.imm());
            case Insn.Mov m -> "mov r" + m.rd() + ", " + value(m.imm());
            case Insn.MovReg m -> "mov r" + m.rd() + ", r" + m.rs();
            case Insn.Add a -> "add r" + a.rd() + ", " + value(a.imm());
            case Insn.And a -> "and r" + a.rd() + ", " + value(a.imm());
            case Insn.Or o -> "or r" + o.rd() + ", " + value(o.imm());
            case Insn.SetMr s -> "setmr " + s.mr() + ", r" + s.rs();
            case Insn.SetMrImm s -> "setmr " + s.mr() + ", " + value(s.imm());
            case Insn.GetMr g -> "getmr r" + g.rd() + ", " + g.mr();
            case Insn.Jump j -> "jmp L" + j.target();
            case Insn.BranchNonZero n -> "bnz r" + n.rs() + ", L" + n.target();
            case Insn.BranchEq e -> "beq r" + e.rs() + ", " + value(e.imm()) + ", L" + e.target();
            case Insn.Loop l -> "loop r" + l.rd() + ", L" + l.target();
            case Insn.Syscall s -> "syscall " + switch (s.kind()) {
                case IPC -> "ipc";
                case THREAD_SWITCH -> "threadswitch";
                case EXCHANGE_REGISTERS -> "exregs";
                case THREAD_CONTROL -> "threadcontrol";
            };
            case Insn.Trap tr -> "trap " + tr.number();
            case Insn.SetExceptionHandler h -> "setexh " + value(h.imm());
            case Insn.SetXferTimeouts x -> "setxfer " + value(x.imm());
            case Insn.SetVirtualSender v -> "setvs " + value(v.imm());
            case Insn.SetVirtualSenderReg v -> "setvs r" + v.rs();
            case Insn.GetActualSender a -> "getas r" + a.rd();
            case Insn.Illegal u -> "ud";
            case Insn.Halt h -> "halt";
            case Insn.FMovIn f -> "fmov f" + f.fd() + ", r" + f.rs();
            case Insn.FMovOut f -> "fmov r" + f.rd() + ", f" + f.fs();
            case Insn.FAdd f -> "fadd f" + f.fd() + ", f" + f.fs();
        };
    }

    /** Small numbers in decimal; large ones (thread ids, tags, timeout words) in hex. */
    private static String value(long v) {
        return v >= 0x10000 ? "0x" + Long.toHexString(v) : Long.toString(v);
    }
}
