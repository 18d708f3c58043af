package org.stacklab.kernel.conformance;

import java.util.List;
import java.util.function.Function;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;

/**
 * Scenarios for propagated IPC (semantics.md §2.8, §2.6, §3.1 bit p, §3.4 VirtualSender/ActualSender;
 * vector 15 of §8), used by {@link PropagationConformanceTest} and, through {@link #catalogue()}, its
 * differential test.
 *
 * <p>Cast: V, the virtual sender (the client); P, the propagator (a forwarding server); R, the receiver
 * (the server P forwards to). In the forwarding scenarios V Calls P with one word (7); P receives it,
 * sets its VirtualSender TCR to the id it received ({@code setvs r0}: V's local id when they share a
 * space), and sends one word (8) with the p bit to R; R receives it, copies its
 * ActualSender TCR into r9 and replies (9) to the id it received ({@code r0}). The p bit lets R reply to
 * V directly: the fixup redirected V's closed wait from P to R.
 */
public final class PropagationScenarios {
    private PropagationScenarios() {
    }

    /** The propagated tag P sends: {@link Prog#LABEL}, u = 1, p. */
    public static final long PROPAGATED_TAG = MsgTag.of(Prog.LABEL, 1, 0).raw() | MsgTag.PROPAGATED;

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(forwarding("v15: V and P share a space, R elsewhere", "a", "a", "r", true),
                forwarding("R in V's space sees V's local id", "a", "a", "a", true),
                forwarding("V elsewhere, R in P's space", "v", "a", "a", true),
                forwarding("P busy: V's Call is pending its receive phase", "a", "a", "r", false),
                notAllowed("V, P and R in three spaces", ids -> ids.global("V")),
                notAllowed("virtual sender nil", ids -> ThreadId.NIL),
                notAllowed("virtual sender stale", ids -> ids.stale("V")),
                notAllowed("virtual sender a local id naming no thread", ids -> ids.unusedLocal("P")),
                closedWaitOnTheVirtualSender(), selfAsVirtualSender());
    }

    /** P (space a) names itself as VirtualSender and sends with p to R (space r): allowed, from = P, p kept. */
    public static Scenario selfAsVirtualSender() {
        return Scenario.named("propagation: the sender is its own virtual sender")
                .thread("R", "r", 10, ids -> Prog.named("R").waitAny().add(new Insn.GetActualSender(9)).halt().build())
                .thread("P", "a", 10, ids -> Prog.named("P").add(new Insn.SetVirtualSender(ids.global("P").raw()))
                        .setMrImm(0, PROPAGATED_TAG).setMrImm(1, 8)
                        .ipc(ids.global("R"), ThreadId.NIL, Timeout.NEVER, Timeout.NEVER)
                        .halt().build());
    }

    /**
     * The forwarding chain V → P → R with V in space {@code vSpace}, P in {@code pSpace}, R in {@code rSpace}
     * (all priority 10). With {@code pWaitsFirst}, R and P wait before V Calls, so V's send completes at
     * once and V is WAITING on P when P propagates. Otherwise P is created after V and has not waited
     * yet: V's Call queues, P's wait takes it (V becomes RECV_PENDING, the send phase done by the
     * receiver), and P propagates to the waiting R before V's receive phase runs; the fixup redirects
     * that pending receive phase.
     */
    public static Scenario forwarding(String name, String vSpace, String pSpace, String rSpace, boolean pWaitsFirst) {
        Scenario s = Scenario.named("propagation: " + name)
                .thread("R", rSpace, 10, ids -> receiver());
        if (pWaitsFirst) {
            s.thread("P", pSpace, 10, ids -> propagator(ids.global("R")));
            s.thread("V", vSpace, 10, ids -> client(ids.global("P")));
        } else {
            s.thread("V", vSpace, 10, ids -> client(ids.global("P")));
            s.thread("P", pSpace, 10, ids -> propagator(ids.global("R")));
        }
        return s;
    }

    /**
     * Propagation not allowed (p cleared): P (space a) names {@code virtualSender} as VirtualSender and
     * sends with p to R (space r). V (space v, neither P's nor R's) and Q (space a) just wait. R receives
     * an ordinary message from P.
     */
    public static Scenario notAllowed(String name, Function<Scenario.Ids, ThreadId> virtualSender) {
        return Scenario.named("propagation not allowed: " + name)
                .thread("R", "r", 10, ids -> Prog.named("R").waitAny().add(new Insn.GetActualSender(9)).halt().build())
                .thread("V", "v", 10, ids -> Prog.named("V").waitAny().halt().build())
                .thread("Q", "a", 10, ids -> Prog.named("Q").waitAny().halt().build())
                .thread("P", "a", 10, ids -> Prog.named("P").add(new Insn.SetVirtualSender(virtualSender.apply(ids).raw()))
                        .setMrImm(0, PROPAGATED_TAG).setMrImm(1, 8)
                        .ipc(ids.global("R"), ThreadId.NIL, Timeout.NEVER, Timeout.NEVER)
                        .getMr(10, 0).halt().build());
    }

    /**
     * R waits in a closed receive from V (space a); P (space a) sends with p and VirtualSender V: R
     * accepts it, as the message's sender id is V (§2.3 senderId, §2.4).
     */
    public static Scenario closedWaitOnTheVirtualSender() {
        return Scenario.named("propagation: closed wait on the virtual sender")
                .thread("R", "r", 10, ids -> Prog.named("R").receive(ids.global("V")).add(new Insn.GetActualSender(9)).halt().build())
                .thread("V", "a", 10, ids -> Prog.named("V").waitAny().halt().build())
                .thread("P", "a", 10, ids -> Prog.named("P").add(new Insn.SetVirtualSender(ids.global("V").raw()))
                        .setMrImm(0, PROPAGATED_TAG).setMrImm(1, 8)
                        .ipc(ids.global("R"), ThreadId.NIL, Timeout.NEVER, Timeout.NEVER)
                        .halt().build());
    }

    static Program client(ThreadId p) {
        return Prog.named("V").call(p, 7).halt().build();
    }

    static Program propagator(ThreadId r) {
        return Prog.named("P").waitAny()
                .add(new Insn.SetVirtualSenderReg(0)) // the client it received from: V's local or global id
                .setMrImm(0, PROPAGATED_TAG).setMrImm(1, 8)
                .ipc(r, ThreadId.NIL, Timeout.NEVER, Timeout.NEVER)
                .halt().build();
    }

    static Program receiver() {
        return Prog.named("R").waitAny().add(new Insn.GetActualSender(9)).movReg(10, 0).msg(Prog.LABEL, 9)
                .replyToLastSender().halt().build();
    }
}
