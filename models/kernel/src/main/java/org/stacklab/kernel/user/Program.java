package org.stacklab.kernel.user;

import java.util.List;

/**
 * A user program: a name and its instructions, branch targets resolved.
 *
 * <p>Invariant: every branch target is a valid index; the list is immutable.
 */
public record Program(String name, List<Insn> code) {
    public Program {
        code = List.copyOf(code);
        for (int i = 0; i < code.size(); i++) {
            int target = switch (code.get(i)) {
                case Insn.Jump j -> j.target();
                case Insn.BranchNonZero b -> b.target();
                case Insn.BranchEq b -> b.target();
                case Insn.Loop l -> l.target();
                default -> 0;
            };
            if (target < 0 || target >= code.size()) {
                throw new IllegalArgumentException(name + ": instruction " + i + " branches to " + target + ", outside the program");
            }
        }
    }

    public int size() {
        return code.size();
    }

    public Insn at(int pc) {
        return code.get(pc);
    }
}
