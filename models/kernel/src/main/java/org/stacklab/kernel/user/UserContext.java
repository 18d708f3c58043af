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
    private int pc;
    private boolean halted;
    private long completedCalls;
    private long digest = 17;

    public UserContext(Program program, Utcb utcb, boolean keepLog) {
        this.program = program;
        this.utcb = utcb;
        this.log = keepLog ? new ArrayList<>() : null;
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
        }
    }

    /** The observations, or an empty list when the log is not kept. */
    public List<Observation> log() {
        return log == null ? List.of() : List.copyOf(log);
    }

    public long completedCalls() {
        return completedCalls;
    }

    /** A running hash over all observations (kept even when the log is not). */
    public long digest() {
        return digest;
    }
}
