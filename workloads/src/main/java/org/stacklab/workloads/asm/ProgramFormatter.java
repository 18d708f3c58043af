package org.stacklab.workloads.asm;

import java.util.TreeSet;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.SyscallKind;

/**
 * Prints a {@link Program} in the text format, one instruction per line, with a label {@code L<pc>:}
 * before every branch target. Thread ids and tags appear as the numbers they were resolved to.
 *
 * <p>Invariant: {@code ProgramText.parse(f, format(p)).assemble(p.name())} equals {@code p} for every
 * program whose registers are r0..r15 and message registers 0..63.
 */
public final class ProgramFormatter {
    private ProgramFormatter() {}

    public static String format(Program program) {
        TreeSet<Integer> targets = new TreeSet<>();
        for (Insn insn : program.code()) {
            switch (insn) {
                case Insn.Jump j -> targets.add(j.target());
                case Insn.BranchNonZero b -> targets.add(b.target());
                case Insn.BranchEq b -> targets.add(b.target());
                case Insn.Loop l -> targets.add(l.target());
                default -> {
                }
            }
        }
        StringBuilder b = new StringBuilder("# ").append(program.name()).append('\n');
        for (int pc = 0; pc < program.size(); pc++) {
            if (targets.contains(pc)) {
                b.append("L").append(pc).append(":\n");
            }
            b.append("    ").append(format(program.at(pc))).append('\n');
        }
        return b.toString();
    }

    /** One instruction; branch targets as {@code L<pc>}. */
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
