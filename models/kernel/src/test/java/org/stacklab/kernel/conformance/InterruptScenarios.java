package org.stacklab.kernel.conformance;

import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.irq.Interrupts;

/**
 * Device interrupts delivered as IPC ({@link Interrupts}; semantics.md §1, §3.1): scenarios with an
 * interrupt source, for the spec tests ({@code InterruptConformanceTest}) and the differential. Times are
 * cycles of the kit's machine (100 cycles per µs); the timer tick is 100 000 cycles.
 */
public final class InterruptScenarios {
    private InterruptScenarios() {
    }

    /** The irq the scenarios use, and its interrupt thread id {@code GlobalId(1, 1)}. */
    public static final int IRQ = 1;
    public static final ThreadId IRQ_ID = Interrupts.idOf(IRQ);

    public static List<Scenario> catalogue() {
        return List.of(deliveredToWaitingHandler(), pendingUntilNextReceive(), missedWhilePending(), handlerPreemptsComputation(),
                irqIdIsNoUserThread(), interruptDuringSendPhase(), handlerAlsoServesSenders(), simultaneousFiringsInIrqOrder());
    }

    /**
     * H waits for the irq (closed), then in an open wait; the source fires twice while H waits. L
     * computes in the background.
     */
    public static Scenario deliveredToWaitingHandler() {
        return Scenario.named("irq-delivered-to-waiting-handler")
                .thread("H", "H", 101, ids -> Prog.named("H").receive(IRQ_ID).waitAny().halt().build())
                .thread("L", "L", 100, ids -> Prog.named("L").compute(300_000).halt().build())
                .interrupt(IRQ, "H", 20_000, 100_000, 2);
    }

    /** H computes through the firing (it is not receiving): the interrupt stays pending until H's receive. */
    public static Scenario pendingUntilNextReceive() {
        return Scenario.named("irq-pending-until-next-receive")
                .thread("H", "H", 101, ids -> Prog.named("H").compute(50_000).mov(9, 7).receive(IRQ_ID).halt().build())
                .interrupt(IRQ, "H", 10_000, 1_000, 1);
    }

    /**
     * H computes through three firings: the first stays pending, the next two are missed. H receives one
     * interrupt; a second receive with a Zero timeout finds nothing (0x3).
     */
    public static Scenario missedWhilePending() {
        return Scenario.named("irq-missed-while-pending")
                .thread("H", "H", 101, ids -> Prog.named("H")
                        .compute(100_000).receive(IRQ_ID).receiveTimeout(IRQ_ID, Timeout.ZERO).halt().build())
                .interrupt(IRQ, "H", 10_000, 20_000, 3);
    }

    /**
     * The handler H (101) waits for the irq; L (100) computes for 10 ms; the interrupt at 1 ms releases
     * H, which preempts L at once and reports to the logger Z (102) before L does.
     */
    public static Scenario handlerPreemptsComputation() {
        return Scenario.named("irq-handler-preempts-compute")
                .thread("Z", "Z", 102, ids -> Prog.named("Z").waitAny().waitAny().halt().build())
                .thread("H", "H", 101, ids -> Prog.named("H").receive(IRQ_ID).send(ids.global("Z"), 1).halt().build())
                .thread("L", "L", 100, ids -> Prog.named("L").compute(1_000_000).mov(9, 77).send(ids.global("Z"), 2).halt().build())
                .interrupt(IRQ, "H", 100_000, 100_000, 1);
    }

    /**
     * The interrupt thread id is no user thread: sending to it fails (send non-existing, 0x4); a closed
     * wait on it by a thread that does not handle it fails (receive non-existing, 0x5); the handler's own
     * closed wait on it is valid.
     */
    public static Scenario irqIdIsNoUserThread() {
        return Scenario.named("irq-id-is-no-user-thread")
                .thread("H", "H", 100, ids -> Prog.named("H").send(IRQ_ID, 1).receive(IRQ_ID).halt().build())
                .thread("O", "O", 100, ids -> Prog.named("O").receive(IRQ_ID).receive(Interrupts.idOf(2)).halt().build())
                .interrupt(IRQ, "H", 50_000, 50_000, 1);
    }

    /**
     * H Calls-like {@code Ipc(S, irq)}: its send waits for S (POLLING) while the irq fires (pending); S
     * takes the message later and H's receive phase then takes the pending interrupt.
     */
    public static Scenario interruptDuringSendPhase() {
        return Scenario.named("irq-during-send-phase")
                .thread("H", "H", 100, ids -> Prog.named("H").msg(Prog.LABEL, 5).ipc(ids.global("S"), IRQ_ID, Timeout.NEVER, Timeout.NEVER)
                        .halt().build())
                .thread("S", "S", 100, ids -> Prog.named("S").compute(50_000).waitAny().compute(100_000).halt().build())
                .interrupt(IRQ, "H", 10_000, 10_000, 1);
    }

    /**
     * Irqs 5 and 2 (installed in that order) fire at the same cycle, both to H's open waits: they are
     * raised in irq order, so H gets irq 2 (delivered at once) and then irq 5 (pending until its next
     * wait). A third wait with a Zero timeout finds nothing.
     */
    public static Scenario simultaneousFiringsInIrqOrder() {
        return Scenario.named("irq-simultaneous-in-irq-order")
                .thread("H", "H", 100, ids -> Prog.named("H").waitAny().waitAny().waitTimeout(Timeout.ZERO).halt().build())
                .interrupt(5, "H", 30_000, 30_000, 1)
                .interrupt(2, "H", 30_000, 30_000, 1);
    }

    /**
     * A server that serves a client (Call/ReplyWait, open wait) and is also the irq's handler: the
     * interrupts arrive between the client's calls, each as one more open-wait message.
     */
    public static Scenario handlerAlsoServesSenders() {
        return Scenario.named("irq-handler-serves-senders")
                .thread("S", "S", 101, ids -> Prog.named("S").waitAny()
                        .mov(5, 6).label("serve").msg(Prog.LABEL, 1).replyWaitToLastSender().loop(5, "serve").halt().build())
                .thread("C", "C", 100, ids -> Prog.named("C")
                        .call(ids.global("S"), 1).compute(150_000).call(ids.global("S"), 2).compute(150_000).call(ids.global("S"), 3)
                        .halt().build())
                .interrupt(IRQ, "S", 100_000, 150_000, 2);
    }
}
