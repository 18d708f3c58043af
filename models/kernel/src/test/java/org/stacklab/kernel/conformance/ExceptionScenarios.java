package org.stacklab.kernel.conformance;

import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.user.Insn;

/**
 * Scenarios for user traps delivered as exception IPC (issue 3, deliverable 4; semantics.md §7, §3.1),
 * used by {@link ExceptionConformanceTest} and, through {@link #catalogue()}, its differential test.
 *
 * <p>The faulting thread T sets its ExceptionHandler TCR (pc 0), MR0..MR2 = 0x111, 0x222, 0x333 (pc 1..3)
 * and r0..r2 = 7, 8, 9 (pc 4..6), then traps 42 (pc 7) and 43 (pc 8), and copies MR0..MR2 into r9..r11
 * and r0..r2 into r12..r14 before halting. The handler H waits, keeps MR1 (the trap number) and MR2 (the
 * PC) of each exception message in r9..r12 and replies with one word.
 */
public final class ExceptionScenarios {
    private ExceptionScenarios() {
    }

    /** PC of T's first trap. */
    public static final int FIRST_TRAP_PC = 7;

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(handled("handler waiting first", 20, 10), handled("handler after the trap", 10, 20),
                handled("same priority", 10, 10), sameSpaceHandler(), noHandler(), deadHandler(),
                illegalHandled(20, 10), illegalHandled(10, 20), illegalNoHandler(), illegalRedirected());
    }

    /** PC of the {@code ud} in the illegal-instruction scenarios. */
    public static final int UD_PC = 5;

    /**
     * An illegal instruction (#UD, exception 6; issue 3 deliverable 4): T (space t, priority {@code tPrio})
     * sets MR0..MR2 and r0 (pc 0..4), executes {@code ud} (pc 5), then copies MR0..MR2 and r0 into r9..r12
     * and halts; H (space h, priority {@code hPrio}) receives the exception message, keeps MR1 and MR2 in
     * r9, r10 and replies.
     */
    public static Scenario illegalHandled(int hPrio, int tPrio) {
        return Scenario.named("illegal instruction: handled, handler priority " + hPrio + ", T " + tPrio)
                .thread("H", "h", hPrio, ids -> Prog.named("H").waitAny().getMr(9, 1).getMr(10, 2).reply(ids.global("T"), 5)
                        .halt().build())
                .thread("T", "t", tPrio, ids -> illegal(ids.global("H")));
    }

    /** {@code ud} with no exception handler: T halts on it. */
    public static Scenario illegalNoHandler() {
        return Scenario.named("illegal instruction: no handler")
                .thread("T", "t", 10, ids -> illegal(ThreadId.NIL));
    }

    /**
     * The handler H, in T's space, moves T's IP past a skipped instruction with ExchangeRegisters (control
     * bit I) before replying: T resumes there. T: {@code setexh H; mov r3, 1; ud} (pc 2){@code ; mov r3, 2;
     * mov r4, 5; halt}; H sets the IP to 4, so r3 stays 1.
     */
    public static Scenario illegalRedirected() {
        return Scenario.named("illegal instruction: the handler sets the IP with ExchangeRegisters")
                .thread("H", "t", 10, ids -> Prog.named("H").waitAny().getMr(9, 1).getMr(10, 2)
                        .exregs(ids.global("T"), org.stacklab.kernel.thread.ExchangeRegisters.SET_IP, 0, 4, 0, 0, 0)
                        .reply(ids.local("T"), 5).halt().build())
                .thread("T", "t", 10, ids -> Prog.named("T").add(new Insn.SetExceptionHandler(ids.local("H").raw()))
                        .mov(3, 1).add(new Insn.Illegal()).mov(3, 2).mov(4, 5).halt().build());
    }

    static org.stacklab.kernel.user.Program illegal(ThreadId handler) {
        return Prog.named("T").add(new Insn.SetExceptionHandler(handler.raw()))
                .setMrImm(0, 0x111).setMrImm(1, 0x222).setMrImm(2, 0x333).mov(0, 7)
                .add(new Insn.Illegal())
                .getMr(9, 0).getMr(10, 1).getMr(11, 2).movReg(12, 0)
                .halt().build();
    }

    /** T (priority {@code tPrio}) in space t, H (priority {@code hPrio}) in space h, handling both traps. */
    public static Scenario handled(String name, int hPrio, int tPrio) {
        return Scenario.named("exception: " + name)
                .thread("H", "h", hPrio, ids -> handler(ids.global("T")))
                .thread("T", "t", tPrio, ids -> faulting(ids.global("H")));
    }

    /** H in T's space: the exception message comes from T's local id. */
    public static Scenario sameSpaceHandler() {
        return Scenario.named("exception: handler in the same space")
                .thread("H", "t", 10, ids -> handler(ids.local("T")))
                .thread("T", "t", 10, ids -> faulting(ids.local("H")));
    }

    /** T never sets a handler: its first trap halts it; H waits forever. */
    public static Scenario noHandler() {
        return Scenario.named("exception: no handler")
                .thread("H", "h", 10, ids -> handler(ids.global("T")))
                .thread("T", "t", 10, ids -> faulting(ThreadId.NIL));
    }

    /** T's handler names a thread that was never created: T halts at its first trap. */
    public static Scenario deadHandler() {
        return Scenario.named("exception: handler does not exist")
                .thread("H", "h", 10, ids -> handler(ids.global("T")))
                .thread("T", "t", 10, ids -> faulting(ids.neverCreated()));
    }

    static org.stacklab.kernel.user.Program faulting(ThreadId handler) {
        return Prog.named("T").add(new Insn.SetExceptionHandler(handler.raw()))
                .setMrImm(0, 0x111).setMrImm(1, 0x222).setMrImm(2, 0x333)
                .mov(0, 7).mov(1, 8).mov(2, 9)
                .add(new Insn.Trap(42))
                .add(new Insn.Trap(43))
                .getMr(9, 0).getMr(10, 1).getMr(11, 2).movReg(12, 0).movReg(13, 1).movReg(14, 2)
                .halt().build();
    }

    static org.stacklab.kernel.user.Program handler(ThreadId t) {
        return Prog.named("H").waitAny().getMr(9, 1).getMr(10, 2).reply(t, 5)
                .waitAny().getMr(11, 1).getMr(12, 2).reply(t, 6)
                .halt().build();
    }
}
