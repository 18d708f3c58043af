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
                handled("same priority", 10, 10), sameSpaceHandler(), noHandler(), deadHandler());
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
