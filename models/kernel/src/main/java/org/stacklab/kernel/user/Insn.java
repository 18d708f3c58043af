package org.stacklab.kernel.user;

/**
 * One instruction of the tiny user ISA (DESIGN.md "Workloads"). User state is explicit (a PC and
 * {@value UserContext#REGISTERS} registers), so the stateless model can restart a system call by
 * rewriting it, and user cache pollution is measurable.
 *
 * <p>Branch targets are instruction indices, already resolved from labels. The text format lives in
 * the {@code workloads} module; {@link ProgramBuilder} builds programs in Java.
 */
public sealed interface Insn {

    /** Spends {@code cycles} cycles of pure computation. */
    record Compute(long cycles) implements Insn {
        public Compute {
            if (cycles < 0) {
                throw new IllegalArgumentException("compute cycles must be >= 0");
            }
        }
    }

    /** Reads (or writes) every word of the user range {@code [address, address + bytes)}. */
    record Touch(long address, long bytes, boolean write) implements Insn {
        public Touch {
            if (address < 0 || bytes < 0) {
                throw new IllegalArgumentException("touch range must be non-negative");
            }
        }
    }

    /**
     * Reads (or writes) every word of {@code [r[ra], r[ra] + bytes)}: a touch at an address held in a
     * register, for loops over a region.
     */
    record TouchAt(int ra, long bytes, boolean write) implements Insn {
        public TouchAt {
            if (ra < 0 || ra >= UserContext.REGISTERS || bytes < 0) {
                throw new IllegalArgumentException("touch: bad register r" + ra + " or byte count " + bytes);
            }
        }
    }

    /** {@code BR[br] := rs} (a user store into a buffer register, semantics.md §3.3). */
    record SetBr(int br, int rs) implements Insn {
    }

    /** {@code BR[br] := imm}. */
    record SetBrImm(int br, long imm) implements Insn {
    }

    /** {@code rd := imm}. */
    record Mov(int rd, long imm) implements Insn {
    }

    /** {@code rd := rs}. */
    record MovReg(int rd, int rs) implements Insn {
    }

    /** {@code rd := rd + imm}. */
    record Add(int rd, long imm) implements Insn {
    }

    /** {@code rd := rd & imm}. */
    record And(int rd, long imm) implements Insn {
    }

    /** {@code rd := rd | imm}. */
    record Or(int rd, long imm) implements Insn {
    }

    /** {@code MR[mr] := rs}. */
    record SetMr(int mr, int rs) implements Insn {
    }

    /** {@code MR[mr] := imm}. */
    record SetMrImm(int mr, long imm) implements Insn {
    }

    /** {@code rd := MR[mr]}. */
    record GetMr(int rd, int mr) implements Insn {
    }

    /** {@code pc := target}. */
    record Jump(int target) implements Insn {
    }

    /** {@code if rs != 0: pc := target}. */
    record BranchNonZero(int rs, int target) implements Insn {
    }

    /** {@code if rs == imm: pc := target}. */
    record BranchEq(int rs, long imm, int target) implements Insn {
    }

    /** Loop: {@code rd := rd - 1; if rd != 0: pc := target}. */
    record Loop(int rd, int target) implements Insn {
    }

    /**
     * An FPU instruction (semantics.md §7 "Lazy FPU"): it operates on the thread's FPU registers
     * {@code f0..f}{@value UserContext#FPU_REGISTERS}{@code -1} (64-bit values, integer arithmetic for
     * determinism). While the FPU is disabled for the running thread it raises the device-not-available
     * trap (#NM) and is re-executed after the kernel made the thread the FPU owner.
     */
    sealed interface Fpu extends Insn {
        private static void check(int a, int b, String an, String bn) {
            int[] v = {a, b};
            String[] n = {an, bn};
            for (int i = 0; i < 2; i++) {
                int limit = n[i].startsWith("f") ? UserContext.FPU_REGISTERS : UserContext.REGISTERS;
                if (v[i] < 0 || v[i] >= limit) {
                    throw new IllegalArgumentException(n[i] + " must be 0.." + (limit - 1) + ", got " + v[i]);
                }
            }
        }
    }

    /** {@code fmov fD, rS}: {@code f[fd] := r[rs]}. */
    record FMovIn(int fd, int rs) implements Fpu {
        public FMovIn {
            Fpu.check(fd, rs, "fd", "rs");
        }
    }

    /** {@code fmov rD, fS}: {@code r[rd] := f[fs]}. */
    record FMovOut(int rd, int fs) implements Fpu {
        public FMovOut {
            Fpu.check(rd, fs, "rd", "fs");
        }
    }

    /** {@code fadd fD, fS}: {@code f[fd] := f[fd] + f[fs]}. */
    record FAdd(int fd, int fs) implements Fpu {
        public FAdd {
            Fpu.check(fd, fs, "fd", "fs");
        }
    }

    /** Enters the kernel; the PC stays on this instruction until the kernel completes the call. */
    record Syscall(SyscallKind kind) implements Insn {
    }

    /**
     * A user trap (software exception) number {@code number}: delivered as an IPC Call to the thread's
     * exception handler (the UTCB ExceptionHandler TCR, {@link SetExceptionHandler}); the thread resumes
     * after the instruction when the handler replies, with MR0..MR2 and r0..r2 as they were; with no
     * valid handler the thread halts (semantics.md §7; {@code org.stacklab.kernel.ipc.Ipc#raiseException}).
     */
    record Trap(long number) implements Insn {
    }

    /** A user store of {@code imm} ({@code snd_xfer << 16 | rcv_xfer}) into the UTCB XferTimeouts TCR (semantics.md §4). */
    record SetXferTimeouts(long imm) implements Insn {
    }

    /** A user store of {@code imm} (a thread id) into the UTCB ExceptionHandler TCR. */
    record SetExceptionHandler(long imm) implements Insn {
    }

    /**
     * A user store of {@code imm} (a thread id) into the UTCB VirtualSender TCR (word -6), the
     * originator a propagated send (tag bit p) names (semantics.md §2.8, {@code L4_Set_VirtualSender}).
     */
    record SetVirtualSender(long imm) implements Insn {
    }

    /** {@code setvs rS}: a user store of register {@code rs} into the UTCB VirtualSender TCR ({@link SetVirtualSender}). */
    record SetVirtualSenderReg(int rs) implements Insn {
        public SetVirtualSenderReg {
            if (rs < 0 || rs >= UserContext.REGISTERS) {
                throw new IllegalArgumentException("rs must be 0.." + (UserContext.REGISTERS - 1) + ", got " + rs);
            }
        }
    }

    /**
     * {@code rd := } the UTCB ActualSender TCR (word -6, the same word as the VirtualSender): after
     * receiving a propagated message it holds the thread that really sent it (semantics.md §2.6,
     * {@code L4_ActualSender}); a user load.
     */
    record GetActualSender(int rd) implements Insn {
        public GetActualSender {
            if (rd < 0 || rd >= UserContext.REGISTERS) {
                throw new IllegalArgumentException("rd must be 0.." + (UserContext.REGISTERS - 1) + ", got " + rd);
            }
        }
    }

    /**
     * An undefined (illegal) instruction, x86 {@code ud2}: raises the invalid-opcode exception #UD,
     * delivered like {@link Trap} with exception number {@link #INVALID_OPCODE} (MR1 = 6, MR2 = its PC);
     * the handler's reply resumes the thread after it (or where an ExchangeRegisters redirected it); with
     * no valid handler the thread halts on it.
     */
    record Illegal() implements Insn {
        /** The exception number #UD carries: x86 vector 6, invalid opcode. */
        public static final long INVALID_OPCODE = 6;
    }

    /** Ends the thread. */
    record Halt() implements Insn {
    }
}
