package org.stacklab.kernel.user;

import java.util.ArrayList;
import java.util.List;

/**
 * The user-visible state of one thread: program, PC, registers and UTCB, plus the log of what the
 * thread observed. The stateless model restarts a system call by rewriting exactly this state.
 *
 * <p>Invariant: while the thread is inside a system call, {@link #pc()} points at the
 * {@link Insn.Syscall} instruction; completing the call advances it.
 */
public final class UserContext {
    /** Number of user registers {@code r0..r15}. */
    public static final int REGISTERS = 16;
    /** Number of FPU registers {@code f0..f7} (semantics.md §7 "Lazy FPU"). */
    public static final int FPU_REGISTERS = 8;

    private final Program program;
    private final long[] regs = new long[REGISTERS];
    private final Utcb utcb;
    private final List<Observation> log;
    private final List<Long> times;
    private int pc;
    private long computeLeft;
    private boolean halted;
    private boolean inSyscall;
    private int resumeAt = -1;
    private long flags;
    private long completedCalls;
    private long digest = 17;

    public UserContext(Program program, Utcb utcb, boolean keepLog) {
        this.program = program;
        this.utcb = utcb;
        this.log = keepLog ? new ArrayList<>() : null;
        this.times = keepLog ? new ArrayList<>() : null;
    }

    public Program program() {
        return program;
    }

    public Utcb utcb() {
        return utcb;
    }

    public int pc() {
        return pc;
    }

    public void setPc(int pc) {
        this.pc = pc;
    }

    public long reg(int r) {
        return regs[r];
    }

    public void setReg(int r, long value) {
        regs[r] = value;
    }

    /** A copy of the registers. */
    public long[] registers() {
        return regs.clone();
    }

    /**
     * Cycles still to spend of the {@link Insn.Compute} at the PC when a timer interrupt split it (0: none;
     * the instruction then starts afresh). Compute is just cycles, so splitting it is invisible to the program.
     */
    public long computeLeft() {
        return computeLeft;
    }

    public void setComputeLeft(long cycles) {
        this.computeLeft = cycles;
    }

    /**
     * Whether the thread trapped into a system call that is not complete yet (Java-side: the trap
     * frame's return address is the instruction after the system call). Set by {@link UserCpu} when the
     * thread executes a {@link Insn.Syscall}, cleared when the kernel completes the call. The models
     * complete a woken thread's call at different moments (DESIGN.md rule 2), so ExchangeRegisters
     * reports the user PC through {@link #resumePc()}, which is the same in all of them.
     */
    public boolean inSyscall() {
        return inSyscall;
    }

    /** The thread executes a system call instruction (the PC is on it). */
    public void enterSyscall() {
        inSyscall = true;
    }

    /**
     * The PC at which the thread continues in user mode: past the system call it is in, else its PC
     * (semantics.md §7 "ip" of ExchangeRegisters).
     */
    public int resumePc() {
        if (inSyscall) {
            return resumeAt >= 0 ? resumeAt : pc + 1;
        }
        return pc;
    }

    /**
     * The PC at which the thread continues in user mode when the call it is in ends by running its
     * instruction again ({@link #retryInstruction}: a user page fault): that instruction, or where
     * ExchangeRegisters redirected it.
     */
    public int retryPc() {
        return resumeAt >= 0 ? resumeAt : pc;
    }

    /**
     * ExchangeRegisters sets the user PC to {@code ip}: at once if the thread is in user mode (a
     * split compute is dropped), else when its system call completes ({@link #completeSyscall}).
     */
    public void redirect(int ip) {
        if (inSyscall) {
            resumeAt = ip;
        } else {
            pc = ip;
            computeLeft = 0;
        }
    }

    /** The kernel completed the system call at the PC: the PC moves past it (or to where ExchangeRegisters redirected it). */
    public void completeSyscall() {
        pc = resumeAt >= 0 ? resumeAt : pc + 1;
        resumeAt = -1;
        inSyscall = false;
    }

    /**
     * The kernel ends the operation at the PC without moving past it (a page fault was resolved: the
     * faulting instruction runs again), or goes where ExchangeRegisters redirected the thread.
     */
    public void retryInstruction() {
        pc = resumeAt >= 0 ? resumeAt : pc;
        resumeAt = -1;
        inSyscall = false;
    }

    /** Bytes of the current touch instruction already done (a touch resumes after a page fault, like {@code rep movs}). */
    public long touchDone() {
        return touchDone;
    }

    public void setTouchDone(long bytes) {
        touchDone = bytes;
    }

    private long touchDone;

    /** The user flags word (ExchangeRegisters {@code f}; semantics.md §7). */
    public long flags() {
        return flags;
    }

    public void setFlags(long value) {
        flags = value;
    }

    public boolean halted() {
        return halted;
    }

    public void halt() {
        halted = true;
    }

    /**
     * Records a completed system call: folds it into the digest and, if the log is kept, appends an
     * {@link Observation}. {@code words} message registers from MR1 on are part of it.
     */
    public void observe(SyscallKind kind, long from, long tag, long errorCode, int words) {
        observe(kind, from, tag, errorCode, words, -1);
    }

    /**
     * As {@link #observe(SyscallKind, long, long, long, int)}, also recording (when the log is kept) the
     * simulated cycle at which the result was written, for timing checks. The cycle is not part of the
     * observation (models write results at different moments, DESIGN.md rule 3 compares only contents).
     */
    public void observe(SyscallKind kind, long from, long tag, long errorCode, int words, long cycle) {
        long[] mrs = new long[words];
        for (int i = 0; i < words; i++) {
            mrs[i] = utcb.mr(i + 1);
        }
        observeValues(kind, from, tag, errorCode, mrs, cycle);
    }

    /**
     * Records a completed system call whose further results are {@code values} (ExchangeRegisters' old
     * sp, ip, flags, handle and pager) rather than message registers.
     */
    public void observeValues(SyscallKind kind, long from, long tag, long errorCode, long[] values, long cycle) {
        completedCalls++;
        long d = digest * 1_000_003 + kind.ordinal();
        d = d * 31 + from;
        d = d * 31 + tag;
        d = d * 31 + errorCode;
        for (long v : values) {
            d = d * 31 + v;
        }
        digest = d;
        if (log != null) {
            log.add(new Observation(kind, from, tag, errorCode, values));
            times.add(cycle);
        }
    }

    /** The observations, or an empty list when the log is not kept. */
    public List<Observation> log() {
        return log == null ? List.of() : List.copyOf(log);
    }

    /** Per observation, the cycle its result was written at (-1 if unknown); empty when the log is not kept. */
    public List<Long> observationCycles() {
        return times == null ? List.of() : List.copyOf(times);
    }

    public long completedCalls() {
        return completedCalls;
    }

    /** A running hash over all observations (kept even when the log is not). */
    public long digest() {
        return digest;
    }
}
