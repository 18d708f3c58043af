package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.SyscallKind;

/** Message delivery: semantics.md §8 vectors 7, 9, 10 and 11, ping-pong, null IPC, send-only, blocking for ever. */
class IpcDeliveryConformanceTest {

    @EveryModel
    void v7_zeroTimeoutReplyRightAfterReceivingACallAlwaysSucceeds(KernelModelProvider model) {
        int[][] prios = {{100, 100}, {101, 100}, {100, 101}};
        for (int[] p : prios) {
            Scenario s = Scenarios.replyRightAfterCall(p[0], p[1]);
            Scenario.Ids ids = s.ids();
            Outcome o = s.run(model);
            String where = s.name();

            assertThat(o.log("server")).as(where + ": server receives the Call, then its Zero-timeout Reply succeeds")
                    .containsExactly(Expect.received(ids.global("client"), 11, 22), Expect.sent(1));
            assertThat(o.log("client")).as(where + ": client gets the reply")
                    .containsExactly(Expect.received(ids.global("server"), 33));
            assertThat(o.state("client")).as(where).isEqualTo(ThreadState.HALTED);
            assertThat(o.state("server")).as(where).isEqualTo(ThreadState.HALTED);
        }
    }

    @EveryModel
    void v9_queuedSendersAreReceivedInArrivalOrder(KernelModelProvider model) {
        Scenario s = Scenarios.fifoThreeSenders();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("R")).as("arrival order S3, S1, S2 (not creation order, not priority at receive time)")
                .containsExactly(Expect.received(ids.global("S3"), 3), Expect.received(ids.global("S1"), 1),
                        Expect.received(ids.global("S2"), 2));
        for (String sender : List.of("S1", "S2", "S3")) {
            assertThat(o.log(sender)).as(sender).containsExactly(Expect.sent(1));
            assertThat(o.state(sender)).as(sender).isEqualTo(ThreadState.HALTED);
        }
    }

    @EveryModel
    void v10_waitLocalWhileOnlyAForeignSenderWaitsTimesOutAndALaterWaitReceivesIt(KernelModelProvider model) {
        Scenario s = Scenarios.waitLocalWithOnlyAForeignSender();
        Outcome o = s.run(model);

        assertThat(o.log("R")).as("WaitLocal ignores the queued foreign sender and times out; Wait then takes it")
                .containsExactly(Expect.error(0x3), Expect.received(s.ids().global("F"), 1));
        assertThat(o.log("F")).as("F's send stayed queued through R's WaitLocal").containsExactly(Expect.sent(1));
        long period = Scenario.smallProfile().cycles(Timeout.period(Scenarios.T_WAIT_LOCAL).micros());
        long tick = Scenario.smallProfile().cycles(Timers.TICK_MICROS);
        assertThat(o.cyclesOf("R").get(0)).as("the WaitLocal (entered at about cycle 0) timed out after its period, within one tick")
                .isBetween(period, period + tick + tick / 20);
        assertThat(o.state("R")).isEqualTo(ThreadState.HALTED);
        assertThat(o.state("F")).isEqualTo(ThreadState.HALTED);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void waitLocalSkipsAForeignSenderQueuedAheadOfALocalOne(KernelModelProvider model) {
        Scenario s = Scenarios.waitLocalSkipsAForeignSenderQueuedFirst();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("R")).as("queue F (foreign), L (local): WaitLocal takes L, seen by its local id; Wait then F")
                .containsExactly(Expect.received(ids.local("L"), 2), Expect.received(ids.global("F"), 1));
        assertThat(o.log("F")).containsExactly(Expect.sent(1));
        assertThat(o.log("L")).containsExactly(Expect.sent(1));
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void v11_sameSpaceSenderIsSeenByItsLocalIdAForeignOneByItsGlobalId(KernelModelProvider model) {
        Scenario s = Scenarios.localAndGlobalSenders();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        List<Observation> r = o.log("R");
        assertThat(r).containsExactly(Expect.received(ids.local("S1"), 1), Expect.received(ids.global("S2"), 2));
        assertThat(r.get(0).from() & 0x3F).as("a local id has its low 6 bits clear").isZero();
        assertThat(r.get(1).from() & 0x3F).as("a global id has its low 6 bits set").isNotZero();
        assertThat(o.log("S1")).as("sending to R's local id works from R's space").containsExactly(Expect.sent(1));
    }

    @EveryModel
    void pingPongEchoesEveryMessage(KernelModelProvider model) {
        int rounds = 8;
        Scenario s = Scenarios.pingPong(rounds);
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        List<Observation> client = new ArrayList<>();
        List<Observation> server = new ArrayList<>();
        server.add(Expect.received(ids.global("client"), 1));
        for (int i = 1; i <= rounds; i++) {
            client.add(Expect.received(ids.global("server"), i + 1000));
            if (i < rounds) {
                server.add(Expect.received(ids.global("client"), i + 1));
            }
        }
        assertThat(o.log("client")).containsExactlyElementsOf(client);
        assertThat(o.log("server")).as("Wait, then each ReplyWait delivers the next Call").containsExactlyElementsOf(server);
        assertThat(o.reg("client", 9)).as("last reply word").isEqualTo(rounds + 1000);
        assertThat(o.state("client")).isEqualTo(ThreadState.HALTED);
        assertThat(o.state("server")).as("the server waits for ever").isEqualTo(ThreadState.WAITING);
        assertThat(o.thread("server").partner()).isEqualTo(ThreadId.ANY.raw());
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.counters().messages()).as("one message per Call and per reply").isEqualTo(2L * rounds);
    }

    @EveryModel
    void nullIpcReturnsAtOnceWithFromNilAndKeepsTheCpu(KernelModelProvider model) {
        Scenario s = Scenarios.nullIpc();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(
                new Observation(SyscallKind.IPC, 0, MsgTag.of(Prog.LABEL, 1, 0).raw(), 0, new long[0]), Expect.sent(1));
        assertThat(o.log("Z")).as("A did not give up the CPU: its message comes before B's")
                .containsExactly(Expect.received(ids.global("A"), 1), Expect.received(ids.global("B"), 2));
    }

    @EveryModel
    void aCallToAThreadThatNeverReceivesBlocksForEver(KernelModelProvider model) {
        Scenario s = Scenarios.callNeverAnswered();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.state("C")).isEqualTo(ThreadState.POLLING);
        assertThat(o.thread("C").partner()).as("C polls T").isEqualTo(ids.global("T").raw());
        assertThat(o.log("C")).isEmpty();
        assertThat(o.state("T")).isEqualTo(ThreadState.WAITING);
        assertThat(o.thread("T").partner()).as("T waits for D only").isEqualTo(ids.global("D").raw());
        assertThat(o.log("T")).isEmpty();
        assertThat(s.programs().get(0).at(o.thread("C").pc())).as("C is still at its system call")
                .isInstanceOf(Insn.Syscall.class);
    }

    @EveryModel
    void aSendOnlySendIsReceivedWhetherTheReceiverWaitsFirstOrNot(KernelModelProvider model) {
        for (boolean receiverFirst : new boolean[] {true, false}) {
            Scenario s = Scenarios.sendOnly(receiverFirst);
            Scenario.Ids ids = s.ids();
            Outcome o = s.run(model);

            assertThat(o.log("S")).as(s.name()).containsExactly(Expect.sent(3));
            assertThat(o.log("R")).as(s.name()).containsExactly(Expect.received(ids.global("S"), 4, 5, 6));
            assertThat(o.reg("R", 5)).as(s.name() + ": MR3 as the receiver reads it").isEqualTo(6);
            assertThat(o.state("S")).isEqualTo(ThreadState.HALTED);
            assertThat(o.state("R")).isEqualTo(ThreadState.HALTED);
        }
    }
}
