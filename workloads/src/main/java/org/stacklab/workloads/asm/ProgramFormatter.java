package org.stacklab.workloads.asm;

import java.util.TreeSet;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.InsnText;
import org.stacklab.kernel.user.Program;

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

    /** One instruction; branch targets as {@code L<pc>} ({@link InsnText}). */
    public static String format(Insn insn) {
        return InsnText.format(insn);
    }
}
