package org.stacklab.kernel.conformance;

import java.util.List;

/**
 * Scenarios for lazy FPU switching (semantics.md §7 "Lazy FPU"), used by {@link FpuConformanceTest} and,
 * through {@link #catalogue()}, the differential test. FPU values are made observable by moving them into
 * general registers ({@code r8..r12}, untouched by the IPC stubs) and message registers.
 */
public final class FpuScenarios {
    private FpuScenarios() {
    }

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(interleaved(), nonFpuPartner(), deleteOwner(), deleteSavedState());
    }

    /**
     * A and B (same priority) interleave FPU work through IPC: A sets f0 = f1 = 5 and calls B; B sets
     * f0 = 100, doubles it and replies (MR1 = 200); A adds f1 to f0 (10) and calls again; B doubles its f0
     * (400), replies with it; A reads f0 (10) and f1 (5). Switches A→B→A→B→A, each followed by an FPU
     * instruction of the thread switched to: 5 traps, 4 saves, 3 restores.
     */
    public static Scenario interleaved() {
        return Scenario.named("fpu interleaved through IPC")
                .thread("A", "a", 10, ids -> Prog.named("A").mov(8, 5).fmovIn(0, 8).fmovIn(1, 8)
                        .call(ids.global("B"), 1)
                        .fadd(0, 1)
                        .call(ids.global("B"), 2)
                        .fmovOut(10, 0).fmovOut(11, 1).halt().build())
                .thread("B", "a", 10, ids -> Prog.named("B").waitAny()
                        .mov(8, 100).fmovIn(0, 8).fadd(0, 0).fmovOut(9, 0)
                        .replyWait(ids.global("A"), 200)
                        .fadd(0, 0).fmovOut(9, 0)
                        .reply(ids.global("A"), 400).halt().build());
    }

    /**
     * A uses the FPU and calls C twice; C never touches the FPU: A traps after each switch back (the FPU
     * is disabled on every switch) but still owns it, so nothing is saved or restored.
     */
    public static Scenario nonFpuPartner() {
        return Scenario.named("fpu user and a non-FPU partner")
                .thread("A", "a", 10, ids -> Prog.named("A").mov(8, 7).fmovIn(0, 8)
                        .call(ids.global("C"), 1)
                        .fmovOut(9, 0)
                        .call(ids.global("C"), 2)
                        .fadd(0, 0).fmovOut(10, 0).halt().build())
                .thread("C", "a", 10, ids -> Prog.named("C").waitAny().replyWait(ids.global("A"), 1)
                        .reply(ids.global("A"), 2).halt().build());
    }

    /** D (higher priority) uses the FPU and waits; A deletes D, the FPU owner, and then uses the FPU itself. */
    public static Scenario deleteOwner() {
        return Scenario.named("fpu owner deleted")
                .thread("D", "a", 20, ids -> Prog.named("D").mov(8, 3).fmovIn(0, 8).waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").threadDelete(ids.global("D"))
                        .mov(8, 11).fmovIn(2, 8).fadd(2, 0).fmovOut(9, 2).halt().build());
    }

    /** D uses the FPU and waits; A takes the FPU over (saving D's state), then deletes D: D's save area is freed. */
    public static Scenario deleteSavedState() {
        return Scenario.named("fpu saved state deleted")
                .thread("D", "a", 20, ids -> Prog.named("D").mov(8, 3).fmovIn(0, 8).waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").mov(8, 11).fmovIn(0, 8)
                        .threadDelete(ids.global("D")).fmovOut(9, 0).halt().build());
    }
}
