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

    private final Program program;
    private final long[] regs = new long[REGISTERS];
    private final Utcb utcb;
    private final List<Observation> log;
    private final List<Long> times;
    private int pc;
    private long computeLeft;
    private boolean halted;
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
        completedCalls++;
        long d = digest * 1_000_003 + kind.ordinal();
        d = d * 31 + from;
        d = d * 31 + tag;
        d = d * 31 + errorCode;
        for (int i = 1; i <= words; i++) {
            d = d * 31 + utcb.mr(i);
        }
        digest = d;
        if (log != null) {
            long[] mrs = new long[words];
            for (int i = 0; i < words; i++) {
                mrs[i] = utcb.mr(i + 1);
            }
            log.add(new Observation(kind, from, tag, errorCode, mrs));
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
