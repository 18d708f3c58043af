package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.stacklab.kernel.conformance.AbortScenarios;
import org.stacklab.kernel.conformance.EveryModel;
import org.stacklab.kernel.conformance.Expect;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.PropagationScenarios;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.conformance.Scenarios;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.Observation;

/**
 * The fifteen conformance vectors of semantics.md §8 in one place, in the table's order, each on every
 * model ({@link EveryModel}; vector 14's encoding, a library fact, once). The display name is the
 * vector's row: scenario, then the expected result. Each test runs the kit's scenario for the vector
 * (its listing: {@link Scenario#describe()}) and checks exactly what the row promises; the area tests
 * ({@code IpcErrorsConformanceTest}, {@code TimeoutConformanceTest}, {@code IpcDeliveryConformanceTest},
 * {@code AbortConformanceTest}, {@link StringTransferConformanceTest}, {@code PropagationConformanceTest})
 * check more around each, and the differential test runs every scenario on all models side by side.
 *
 * <p>Timing: the kit's machine ({@link Scenario#smallProfile()}) runs at 100 MHz and deadlines have the
 * resolution of one timer tick ({@link Timers#TICK_MICROS}), so "after ≈T" means between T and T plus
 * one tick (less a twentieth of a tick of kernel work between the timer event and the result).
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class SemanticsVectorsConformanceTest {

    private static long cycles(long micros) {
        return Scenario.smallProfile().cycles(micros);
    }

    /** Asserts that {@code elapsed} cycles are the timeout period {@code micros}, up to one timer tick late. */
    private static void assertAfterAbout(long elapsed, long micros, String what) {
        long period = cycles(Timeout.period(micros).micros());
        long tick = cycles(Timers.TICK_MICROS);
        assertThat(elapsed).as(what + ": elapsed cycles vs the period (" + period + " cycles), within one tick")
                .isBetween(period - tick / 20, period + tick + tick / 20);
    }

    private static long code(ErrorCode c, ErrorCode.Phase phase) {
        return c.encode(phase, 0);
    }

    @EveryModel
    @DisplayName("§8 vector 1: Send_Timeout(t, ZeroTime) when t is not waiting → tag.e = 1, ErrorCode = 0x2, receive phase not run")
    void v01(KernelModelProvider model) {
        Outcome o = Scenarios.sendZeroTimeoutToBusyThread().run(model); // S: Ipc(T, T, snd = Zero, rcv = Never)

        Observation s = o.log("S").get(0);
        assertThat(new MsgTag(s.tag()).error()).as("tag.e").isTrue();
        assertThat(s.errorCode()).as("ErrorCode").isEqualTo(0x2).isEqualTo(code(ErrorCode.TIMEOUT, ErrorCode.Phase.SEND));
        assertThat(o.log("S")).as("one result: the receive phase (Never) did not run").hasSize(1);
        assertThat(o.state("S")).as("S went on to halt instead of waiting for T").isEqualTo(ThreadState.HALTED);
    }

    @EveryModel
    @DisplayName("§8 vector 2: Wait_Timeout(T) with no senders → ErrorCode = 0x3 after ≈T")
    void v02(KernelModelProvider model) {
        Outcome o = Scenarios.waitTimeout().run(model); // W: Ipc(nil, nil) as a timestamp, then Wait_Timeout(5 ms)

        assertThat(o.log("W")).containsExactly(Expect.sent(0), Expect.error(0x3));
        List<Long> c = o.cyclesOf("W");
        assertAfterAbout(c.get(1) - c.get(0), Scenarios.T_WAIT, "Wait_Timeout(5 ms)");
    }

    @EveryModel
    @DisplayName("§8 vector 3: Sleep(T) (receive from self) → ErrorCode 0x3 after ≈T, from = nil")
    void v03(KernelModelProvider model) {
        Outcome o = Scenarios.sleep().run(model); // S: Ipc(nil, nil) as a timestamp, then Receive_Timeout(S, 3 ms)

        assertThat(o.log("S")).containsExactly(Expect.sent(0), Expect.error(0x3));
        assertThat(o.log("S").get(1).from()).as("from").isZero();
        assertThat(o.reg("S", 0)).as("r0 = from = nil").isZero();
        List<Long> c = o.cyclesOf("S");
        assertAfterAbout(c.get(1) - c.get(0), Scenarios.T_SLEEP, "Sleep(3 ms)");
    }

    @EveryModel
    @DisplayName("§8 vector 4: Receive(X) with X stale (old version) → ErrorCode 0x5 at once, even with Never")
    void v04(KernelModelProvider model) {
        Outcome o = Scenarios.receiveFromInvalid().run(model); // Receive(stale X) with Never first, then other ids naming no thread

        assertThat(o.log("R").get(0)).as("Receive(stale X), Never").isEqualTo(Expect.error(0x5));
        assertThat(o.log("R")).as("also a never-created number, an unknown local id, the system range").containsOnly(Expect.error(0x5));
        assertThat(o.cyclesOf("R").get(0)).as("at once: well within the first timer tick").isLessThan(cycles(Timers.TICK_MICROS));
        assertThat(o.state("R")).isEqualTo(ThreadState.HALTED);
    }

    @EveryModel
    @DisplayName("§8 vector 5: Send(X) with X stale / wildcard / system range → ErrorCode 0x4")
    void v05(KernelModelProvider model) {
        Outcome o = Scenarios.sendToInvalid().run(model); // stale, never created, anythread, anylocalthread, system range, unknown local, Call to stale

        assertThat(o.log("S")).hasSize(7).containsOnly(Expect.error(0x4));
        assertThat(o.log("X")).as("the stale id's thread sees nothing").isEmpty();
        assertThat(o.state("S")).isEqualTo(ThreadState.HALTED);
    }

    @EveryModel
    @DisplayName("§8 vector 6: Call with RcvTO = 35 ms, server sleeps 70 ms before replying → ErrorCode 0x3 (receive phase), "
            + "timed from completion of the send, also when the caller is preempted in between")
    void v06(KernelModelProvider model) {
        Scenario active = Scenarios.callReceiveTimeoutActiveSend(); // S waits first: C's send completes at once
        Outcome a = active.run(model);
        assertThat(a.log("C")).containsExactly(Expect.sent(0), Expect.error(0x3));
        assertThat(a.log("C").get(1).errorCode()).isEqualTo(code(ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE));
        List<Long> c = a.cyclesOf("C");
        assertAfterAbout(c.get(1) - c.get(0), Scenarios.T_CALL, "Call's receive timeout, send completed at once");

        Scenario passive = Scenarios.callReceiveTimeoutPassiveSend(); // S takes the Call, then keeps the CPU 10 ms: C is off the CPU
        Outcome p = passive.run(model);
        assertThat(p.log("C")).containsExactly(Expect.error(0x3));
        long sendCompleted = p.cyclesOf("S").get(0);
        assertAfterAbout(p.cyclesOf("C").get(0) - sendCompleted, Scenarios.T_CALL,
                "Call's receive timeout, from the send's completion by the server's Wait");
    }

    @EveryModel
    @DisplayName("§8 vector 7: server does Reply(client) with ZeroTime right after the client's Call was received → succeeds (atomicity)")
    void v07(KernelModelProvider model) {
        for (int[] prio : new int[][] {{100, 100}, {101, 100}, {100, 101}}) { // client, server
            Scenario s = Scenarios.replyRightAfterCall(prio[0], prio[1]);
            Outcome o = s.run(model);
            assertThat(o.log("server")).as(s.name() + ": Wait, then the Zero-timeout Reply succeeds")
                    .containsExactly(Expect.received(s.ids().global("client"), 11, 22), Expect.sent(1));
            assertThat(o.log("client")).as(s.name()).containsExactly(Expect.received(s.ids().global("server"), 33));
        }
    }

    @EveryModel
    @DisplayName("§8 vector 8: lower-priority caller Calls with RcvTO = 20 ms, the higher-priority server spins past 20 ms "
            + "and then Replies → caller gets 0x3; the server's ZeroTime Reply gets 0x2")
    void v08(KernelModelProvider model) {
        Scenario s = Scenarios.callTimeoutWhileServerSpins(); // S (101) spins 25 ms, C (100) Called with RcvTO 20 ms
        Outcome o = s.run(model);

        assertThat(o.log("C")).containsExactly(Expect.error(0x3));
        assertThat(o.log("S")).containsExactly(Expect.received(s.ids().global("C"), 1), Expect.error(0x2));
    }

    @EveryModel
    @DisplayName("§8 vector 9: three senders queue on R; R does Wait three times → received in arrival order (FIFO)")
    void v09(KernelModelProvider model) {
        Scenario s = Scenarios.fifoThreeSenders(); // arrival order S3, S1, S2 (set by priorities, not creation order)
        Outcome o = s.run(model);

        assertThat(o.log("R")).containsExactly(Expect.received(s.ids().global("S3"), 3), Expect.received(s.ids().global("S1"), 1),
                Expect.received(s.ids().global("S2"), 2));
    }

    @EveryModel
    @DisplayName("§8 vector 10: WaitLocal (anylocalthread) while only a foreign sender waits → times out with 0x3; "
            + "a later Wait receives the foreign sender")
    void v10(KernelModelProvider model) {
        Scenario s = Scenarios.waitLocalWithOnlyAForeignSender(); // F (space B) queued on R (space A); R: WaitLocal_Timeout(5 ms), Wait
        Outcome o = s.run(model);

        assertThat(o.log("R")).containsExactly(Expect.error(0x3), Expect.received(s.ids().global("F"), 1));
        assertAfterAbout(o.cyclesOf("R").get(0), Scenarios.T_WAIT_LOCAL, "WaitLocal_Timeout(5 ms), entered at about cycle 0");
    }

    @EveryModel
    @DisplayName("§8 vector 11: sender in the same space → from is a local ID (low 6 bits 0); foreign sender → global ID")
    void v11(KernelModelProvider model) {
        Scenario s = Scenarios.localAndGlobalSenders(); // S1 in R's space A, S2 in space B
        Outcome o = s.run(model);

        List<Observation> r = o.log("R");
        assertThat(r).containsExactly(Expect.received(s.ids().local("S1"), 1), Expect.received(s.ids().global("S2"), 2));
        assertThat(r.get(0).from() & 0x3F).as("local id: low 6 bits 0").isZero();
        assertThat(r.get(1).from() & 0x3F).as("global id: version in the low bits").isNotZero();
    }

    @EveryModel
    @DisplayName("§8 vector 12: ExchangeRegisters s on a blocked sender → sender gets 0x6; r on a blocked receiver → 0x7")
    void v12(KernelModelProvider model) {
        Outcome send = AbortScenarios.abortBlockedSender().run(model);
        assertThat(send.log("S")).as("s: the blocked sender").containsExactly(Expect.error(0x6));
        assertThat(send.log("R")).as("its receiver never sees it").containsExactly(Expect.error(0x3));

        Outcome receive = AbortScenarios.abortBlockedReceiver().run(model);
        assertThat(receive.log("W")).as("r: the blocked receiver").containsExactly(Expect.error(0x7));
    }

    @EveryModel
    @DisplayName("§8 vector 13: string item sent to an acceptor with s = 0 → both get code 4 (0x8 / 0x9), offset 0")
    void v13(KernelModelProvider model) {
        for (boolean receiverFirst : List.of(true, false)) {
            Scenario s = StringTransferConformanceTest.scenario("vector 13", receiverFirst, 2, """
                    setmr 1, string(100)
                    setmr 2, 0x200000
                    """, """
                    setbr 0, acceptor(0)
                    """);
            Outcome o = s.run(model);
            assertThat(o.log("S").get(0).errorCode()).as(s.name() + ": sender").isEqualTo(0x8)
                    .isEqualTo(code(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.SEND));
            assertThat(o.log("R").get(0).errorCode()).as(s.name() + ": receiver").isEqualTo(0x9)
                    .isEqualTo(code(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.RECEIVE));
            assertThat(o.kernel().counters().bytesCopied).as(s.name() + ": nothing copied").isZero();
        }
    }

    @Test
    @DisplayName("§8 vector 14: L4_TimePeriod(0) → equals L4_Never (raw 0)")
    void v14a() {
        assertThat(Timeout.period(0)).isEqualTo(Timeout.NEVER);
        assertThat(Timeout.period(0).raw()).isZero();
        assertThat(Timeout.period(0)).isNotEqualTo(Timeout.ZERO);
    }

    @EveryModel
    @DisplayName("§8 vector 14, on the kernel: a receive with timeout L4_TimePeriod(0) never fires")
    void v14b(KernelModelProvider model) {
        Scenario s = Scenarios.timePeriodZeroNeverFires(); // W, N: Wait with period(0); L sends to W after 100 ms, nobody to N
        Outcome o = s.run(model);

        assertThat(o.log("W")).as("W waited until L's message came").containsExactly(Expect.sent(0), Expect.received(s.ids().global("L"), 1));
        List<Long> w = o.cyclesOf("W");
        assertThat(w.get(1) - w.get(0)).as("100 ms later").isGreaterThan(cycles(Scenarios.T_LATE_SEND - Timers.TICK_MICROS));
        assertThat(o.log("N")).as("N's wait has not ended").isEmpty();
        assertThat(o.state("N")).isEqualTo(ThreadState.WAITING);
        assertThat(o.kernel().timers().size()).as("no deadline armed").isZero();
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    @DisplayName("§8 vector 15: propagation with p set, VirtualSender in the same space → receiver: tag.p = 1, "
            + "from = VirtualSender, ActualSender = real sender")
    void v15(KernelModelProvider model) {
        // V Calls P; P (V's space) sends to R (another space) with p and VirtualSender = V; R reads ActualSender into r9
        Scenario s = PropagationScenarios.forwarding("v15: V and P share a space, R elsewhere", "a", "a", "r", true);
        Outcome o = s.run(model);

        Observation r = o.log("R").get(0);
        assertThat(new MsgTag(r.tag()).propagated()).as("tag.p").isTrue();
        assertThat(r.from()).as("from = VirtualSender V").isEqualTo(s.ids().global("V").raw());
        assertThat(o.reg("R", 9)).as("ActualSender = P").isEqualTo(s.ids().global("P").raw());
        assertThat(r.words()).containsExactly(8);
    }
}
