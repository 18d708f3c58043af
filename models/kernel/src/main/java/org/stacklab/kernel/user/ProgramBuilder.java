package org.stacklab.kernel.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Builds a {@link Program} in Java, with forward labels. Tests and the workload library use it:
 *
 * <pre>{@code
 * Program client = new ProgramBuilder("client")
 *     .mov(7, 100).label("loop")
 *     .setMr(0, MsgTag.of(0, 1, 0).raw()).setMr(1, 7)
 *     .mov(0, server.raw()).mov(1, server.raw()).mov(2, 0)
 *     .syscall(SyscallKind.IPC)
 *     .loop(7, "loop").halt().build();
 * }</pre>
 */
public final class ProgramBuilder {
    private final String name;
    private final List<IntFunction<Insn>> code = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    public ProgramBuilder(String name) {
        this.name = name;
    }

    /** Defines {@code label} at the next instruction. */
    public ProgramBuilder label(String label) {
        if (labels.putIfAbsent(label, code.size()) != null) {
            throw new IllegalArgumentException("label defined twice: " + label);
        }
        return this;
    }

    /** Appends a finished instruction. */
    public ProgramBuilder add(Insn insn) {
        code.add(ignored -> insn);
        return this;
    }

    public ProgramBuilder compute(long cycles) {
        return add(new Insn.Compute(cycles));
    }

    public ProgramBuilder touch(long address, long bytes, boolean write) {
        return add(new Insn.Touch(address, bytes, write));
    }

    public ProgramBuilder mov(int rd, long imm) {
        return add(new Insn.Mov(rd, imm));
    }

    public ProgramBuilder movReg(int rd, int rs) {
        return add(new Insn.MovReg(rd, rs));
    }

    public ProgramBuilder addImm(int rd, long imm) {
        return add(new Insn.Add(rd, imm));
    }

    public ProgramBuilder setMrImm(int mr, long imm) {
        return add(new Insn.SetMrImm(mr, imm));
    }

    public ProgramBuilder setMr(int mr, int rs) {
        return add(new Insn.SetMr(mr, rs));
    }

    public ProgramBuilder getMr(int rd, int mr) {
        return add(new Insn.GetMr(rd, mr));
    }

    public ProgramBuilder jump(String label) {
        code.add(pc -> new Insn.Jump(resolve(label)));
        return this;
    }

    public ProgramBuilder branchNonZero(int rs, String label) {
        code.add(pc -> new Insn.BranchNonZero(rs, resolve(label)));
        return this;
    }

    public ProgramBuilder branchEq(int rs, long imm, String label) {
        code.add(pc -> new Insn.BranchEq(rs, imm, resolve(label)));
        return this;
    }

    public ProgramBuilder loop(int rd, String label) {
        code.add(pc -> new Insn.Loop(rd, resolve(label)));
        return this;
    }

    /** {@code fmov fD, rS}. */
    public ProgramBuilder fmovIn(int fd, int rs) {
        return add(new Insn.FMovIn(fd, rs));
    }

    /** {@code fmov rD, fS}. */
    public ProgramBuilder fmovOut(int rd, int fs) {
        return add(new Insn.FMovOut(rd, fs));
    }

    /** {@code fadd fD, fS}. */
    public ProgramBuilder fadd(int fd, int fs) {
        return add(new Insn.FAdd(fd, fs));
    }

    public ProgramBuilder syscall(SyscallKind kind) {
        return add(new Insn.Syscall(kind));
    }

    /** {@code trap N}: a user trap delivered to the exception handler ({@link Insn.Trap}). */
    public ProgramBuilder trap(long number) {
        return add(new Insn.Trap(number));
    }

    /** {@code setexh ID}: the UTCB ExceptionHandler TCR := {@code id}. */
    public ProgramBuilder exceptionHandler(long id) {
        return add(new Insn.SetExceptionHandler(id));
    }

    /** {@code setvs ID}: the UTCB VirtualSender TCR := {@code id} (propagation, {@link Insn.SetVirtualSender}). */
    public ProgramBuilder virtualSender(long id) {
        return add(new Insn.SetVirtualSender(id));
    }

    /** {@code setvs rS}: the UTCB VirtualSender TCR := {@code rs} ({@link Insn.SetVirtualSenderReg}). */
    public ProgramBuilder virtualSenderFrom(int rs) {
        return add(new Insn.SetVirtualSenderReg(rs));
    }

    /** {@code getas rD}: {@code rd :=} the UTCB ActualSender TCR ({@link Insn.GetActualSender}). */
    public ProgramBuilder actualSender(int rd) {
        return add(new Insn.GetActualSender(rd));
    }

    /** {@code ud}: an illegal instruction, raising #UD (exception 6) to the handler ({@link Insn.Illegal}). */
    public ProgramBuilder illegal() {
        return add(new Insn.Illegal());
    }

    public ProgramBuilder halt() {
        return add(new Insn.Halt());
    }

    private int resolve(String label) {
        Integer target = labels.get(label);
        if (target == null) {
            throw new IllegalArgumentException(name + ": undefined label '" + label + "'");
        }
        return target;
    }

    public Program build() {
        List<Insn> out = new ArrayList<>(code.size());
        for (int i = 0; i < code.size(); i++) {
            out.add(code.get(i).apply(i));
        }
        return new Program(name, out);
    }
}
