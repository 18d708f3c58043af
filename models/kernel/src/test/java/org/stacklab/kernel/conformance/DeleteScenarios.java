package org.stacklab.kernel.conformance;

import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Timeout;

/**
 * Scenarios for ThreadControl deletion (semantics.md §2.7; §8 vectors 4 and 5 with ids made stale by
 * deletion), used by {@link DeleteConformanceTest} and, through {@link #catalogue()}, the differential test.
 */
public final class DeleteScenarios {
    private DeleteScenarios() {
    }

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(deleteWithQueuedSenders(), deleteWithClosedWaits(), deleteWithARecvPendingCall(), deleteBlockedThreads(),
                deletePermission(), deleteAndRecreate(), createFresh());
    }

    /** S1, S2 (same space) and S3 (another space) queue on D; A deletes D; then Send/Receive with D's stale id. */
    public static Scenario deleteWithQueuedSenders() {
        return Scenario.named("delete with queued senders")
                .thread("S1", "a", 20, ids -> Prog.named("S1").send(ids.global("D"), 1).halt().build())
                .thread("S2", "a", 20, ids -> Prog.named("S2").send(ids.local("D"), 2).halt().build())
                .thread("S3", "b", 20, ids -> Prog.named("S3").send(ids.global("D"), 3).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").threadDelete(ids.global("D"))
                        .send(ids.global("D"), 4).receive(ids.global("D")).halt().build())
                .thread("D", "a", 5, ids -> Prog.named("D").waitAny().halt().build());
    }

    /** R1 (closed wait on D, same space), R2 (closed wait with a deadline, other space), R3 (open wait). */
    public static Scenario deleteWithClosedWaits() {
        return Scenario.named("delete with closed waits")
                .thread("R1", "a", 20, ids -> Prog.named("R1").receive(ids.local("D")).halt().build())
                .thread("R2", "b", 20, ids -> Prog.named("R2").receiveTimeout(ids.global("D"), Timeout.period(50_000)).halt().build())
                .thread("R3", "a", 20, ids -> Prog.named("R3").waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").threadDelete(ids.global("D")).halt().build())
                .thread("D", "a", 5, ids -> Prog.named("D").halt().build());
    }

    /** C's Call to D: D took the message (C is RECV_PENDING) and is deleted before C's receive phase runs. */
    public static Scenario deleteWithARecvPendingCall() {
        return Scenario.named("delete with a RECV_PENDING call")
                .thread("C", "a", 10, ids -> Prog.named("C").call(ids.global("D"), 1).halt().build())
                .thread("D", "a", 10, ids -> Prog.named("D").waitAny().waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").threadDelete(ids.global("D")).halt().build());
    }

    /** Threads blocked in the kernel (waiting, polling with a deadline, a Call) are deleted; their memory goes. */
    public static Scenario deleteBlockedThreads() {
        return Scenario.named("delete blocked threads")
                .thread("V1", "a", 20, ids -> Prog.named("V1").waitAny().halt().build())
                .thread("V2", "a", 20, ids -> Prog.named("V2").sendTimeout(ids.global("R"), Timeout.period(50_000), 1).halt().build())
                .thread("V3", "a", 20, ids -> Prog.named("V3").call(ids.global("R"), 2).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").threadDelete(ids.global("V1")).threadDelete(ids.global("V2"))
                        .threadDelete(ids.local("V3")).halt().build())
                .thread("R", "a", 5, ids -> Prog.named("R").waitTimeout(Timeout.ZERO).halt().build());
    }

    /** Start of the created thread's code in {@link #deleteAndRecreate}'s program for A. */
    public static final int RECREATED_IP = 25;

    /**
     * Vectors 4 and 5 with an id made stale by deletion and re-creation: A deletes D, creates D's number
     * again under version 2 (running A's program from {@link #RECREATED_IP}, a Wait, at a higher
     * priority), then Send and Receive with D's old id fail with 0x4 and 0x5 and a Send to the new id
     * reaches the new thread.
     */
    public static Scenario deleteAndRecreate() {
        return Scenario.named("delete and re-create")
                .thread("A", "a", 10, ids -> {
                    ThreadId d = ids.global("D");
                    ThreadId d2 = ThreadId.global(d.number(), 2);
                    return Prog.named("A").threadDelete(d) // 0..2
                            .threadCreate(d2, RECREATED_IP, 20) // 3..7
                            .send(d, 4) // 8..13
                            .receive(d) // 14..17
                            .send(d2, 5) // 18..23
                            .halt() // 24
                            .waitAny().halt() // 25..29: the re-created thread
                            .build();
                })
                .thread("D", "a", 5, ids -> Prog.named("D").halt().build());
    }

    /** Start of the created thread's code in {@link #createFresh}'s program for A. */
    public static final int FRESH_IP = 39;

    /**
     * Creating the next unused number; then the errors: that number again (in use), a number beyond it,
     * a local id (InvalidThread), an ip outside the program and a priority above 255 (InvalidParam).
     */
    public static Scenario createFresh() {
        ThreadId fresh = org.stacklab.kernel.Kernel.globalIdOf(1);
        ThreadId next = org.stacklab.kernel.Kernel.globalIdOf(2);
        return Scenario.named("create a fresh thread")
                .thread("A", "a", 10, ids -> Prog.named("A")
                        .threadCreate(fresh, FRESH_IP, 5) // 0..4
                        .threadCreate(fresh, FRESH_IP, 5) // 5..9
                        .threadCreate(org.stacklab.kernel.Kernel.globalIdOf(7), FRESH_IP, 5) // 10..14
                        .threadCreate(org.stacklab.kernel.Kernel.localIdOf(3), FRESH_IP, 5) // 15..19
                        .threadCreate(next, 1000, 5) // 20..24
                        .threadCreate(next, FRESH_IP, 300) // 25..29
                        .receive(fresh) // 30..33
                        .getMr(9, 1) // 34
                        .halt() // 35
                        .compute(1).compute(1).compute(1) // 36..38
                        .send(ids.global("A"), 9).halt() // 39..45: the created thread
                        .build());
    }

    /** Another space, the caller itself, nil, an unknown operation, and a second delete (stale by then). */
    public static Scenario deletePermission() {
        return Scenario.named("delete permission")
                .thread("X", "b", 10, ids -> Prog.named("X").halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A")
                        .threadDelete(ids.global("X"))
                        .threadDelete(ids.global("A"))
                        .threadDelete(ThreadId.NIL)
                        .mov(0, ids.global("B").raw()).mov(1, 2).add(new org.stacklab.kernel.user.Insn.Syscall(
                                org.stacklab.kernel.user.SyscallKind.THREAD_CONTROL))
                        .threadDelete(ids.global("B"))
                        .threadDelete(ids.global("B"))
                        .halt().build())
                .thread("B", "a", 5, ids -> Prog.named("B").halt().build());
    }
}
