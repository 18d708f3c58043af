package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.perthread.Fixture.ANY;
import static org.stacklab.perthread.Fixture.NEVER;
import static org.stacklab.perthread.Fixture.NIL;
import static org.stacklab.perthread.Fixture.error;
import static org.stacklab.perthread.Fixture.ipc;
import static org.stacklab.perthread.Fixture.received;
import static org.stacklab.perthread.Fixture.sent;
import static org.stacklab.perthread.Fixture.tag;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;

/** What user programs observe under the per-thread model (semantics.md §2, §5, §7, §8). */
class PerThreadIpcTest {

    @Test
    void pingPongDeliversEveryMessageBothWays() {
        Kernel k = Fixture.kernel();
        ThreadId serverId = k.nextThreadId();
        Tcb server = k.createThread("server", "srv", 100, Fixture.server());
        ThreadId clientId = k.nextThreadId();
        Tcb client = k.createThread("client", "cli", 100, Fixture.client(serverId, 5));

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        List<Observation> clientSaw = new ArrayList<>();
        List<Observation> serverSaw = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            clientSaw.add(received(serverId, tag(0x22, 1), i + 1000));
            serverSaw.add(received(clientId, tag(0x11, 1), i));
        }
        assertThat(client.user().log()).containsExactlyElementsOf(clientSaw);
        assertThat(server.user().log()).containsExactlyElementsOf(serverSaw);
        assertThat(client.peekState()).isEqualTo(ThreadState.HALTED);
        assertThat(server.peekState()).isEqualTo(ThreadState.WAITING);
        assertThat(k.counters().messages).isEqualTo(10);
        assertThat(k.counters().kernelEntries).isEqualTo(11);
        assertThat(k.counters().ops).isEqualTo(10);
        assertThat(k.counters().blocks).isEqualTo(11).isEqualTo(k.counters().stackKeeps);
        assertThat(k.counters().contextSwitches).isEqualTo(11);
        assertThat(k.counters().dispatches).isEqualTo(12);
        assertThat(k.current()).isNull();
    }

    @Test
    void aSenderInTheSameSpaceIsSeenByItsLocalId() {
        Kernel k = Fixture.kernel();
        ThreadId serverId = k.nextThreadId();
        Tcb server = k.createThread("server", "one", 100, Fixture.server());
        Tcb client = k.createThread("client", "one", 100, Fixture.client(serverId, 2));

        k.run();

        assertThat(server.user().log()).containsExactly(received(client.localId(), tag(0x11, 1), 2),
                received(client.localId(), tag(0x11, 1), 1));
        assertThat(client.user().log()).containsExactly(received(server.localId(), tag(0x22, 1), 1002),
                received(server.localId(), tag(0x22, 1), 1001));
    }

    @Test
    void invalidPartnersGiveNonExistingAtOnce() {
        Kernel k = Fixture.kernel();
        ThreadId proberId = k.nextThreadId();
        ThreadId stale = ThreadId.global(proberId.number() + 1, 2);
        ThreadId neverCreated = ThreadId.global(proberId.number() + 50, 1);
        ThreadId systemRange = ThreadId.global(5, 1);
        ProgramBuilder b = new ProgramBuilder("prober").setMrImm(0, tag(1, 0));
        ipc(b, stale.raw(), NIL, NEVER);
        ipc(b, neverCreated.raw(), NIL, NEVER);
        ipc(b, ANY, NIL, NEVER);
        ipc(b, ThreadId.ANY_LOCAL.raw(), NIL, NEVER);
        ipc(b, systemRange.raw(), NIL, NEVER);
        b.setMrImm(0, tag(1, 0));
        ipc(b, stale.raw(), stale.raw(), NEVER); // a Call: the send error skips the receive phase
        ipc(b, NIL, stale.raw(), NEVER);
        ipc(b, NIL, neverCreated.raw(), NEVER);
        ipc(b, NIL, systemRange.raw(), NEVER);
        Tcb prober = k.createThread("prober", "a", 100, b.halt().build());
        k.createThread("target", "a", 100, new ProgramBuilder("target").halt().build());

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(prober.user().log()).containsExactly(error(0x4), error(0x4), error(0x4), error(0x4), error(0x4), error(0x4),
                error(0x5), error(0x5), error(0x5));
        assertThat(k.counters().blocks).isZero();
    }

    @Test
    void zeroTimeoutsFailAtOnceWhenThePartnerIsNotReady() {
        Kernel k = Fixture.kernel();
        ThreadId sId = k.nextThreadId();
        ThreadId tId = ThreadId.global(sId.number() + 1, 1);
        ProgramBuilder s = new ProgramBuilder("S").setMrImm(0, tag(7, 0));
        ipc(s, tId.raw(), tId.raw(), Timeout.word(Timeout.ZERO, Timeout.NEVER)); // Call with Zero send timeout
        ipc(s, NIL, ANY, Timeout.word(Timeout.NEVER, Timeout.ZERO)); // Wait with Zero receive timeout
        Tcb sender = k.createThread("S", "a", 101, s.halt().build());
        Tcb t = k.createThread("T", "b", 100,
                ipc(new ProgramBuilder("T"), NIL, sId.raw(), Timeout.word(Timeout.NEVER, Timeout.ZERO)).halt().build());

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(sender.user().log()).containsExactly(error(0x2), error(0x3));
        assertThat(t.user().log()).containsExactly(error(0x3));
    }

    @Test
    void threeQueuedSendersAreReceivedInArrivalOrder() {
        Kernel k = Fixture.kernel();
        ThreadId rId = ThreadId.global(k.nextThreadId().number() + 3, 1);
        List<Tcb> senders = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ProgramBuilder b = new ProgramBuilder("S" + i).setMrImm(0, tag(0x30 + i, 1)).setMrImm(1, 100 + i);
            senders.add(k.createThread("S" + i, "s" + i, 100, ipc(b, rId.raw(), NIL, NEVER).halt().build()));
        }
        ProgramBuilder r = new ProgramBuilder("R");
        for (int i = 0; i < 3; i++) {
            ipc(r, NIL, ANY, NEVER);
        }
        Tcb receiver = k.createThread("R", "r", 100, r.halt().build());
        assertThat(receiver.globalId()).isEqualTo(rId);

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(receiver.user().log()).containsExactly(
                received(senders.get(0).globalId(), tag(0x31, 1), 101),
                received(senders.get(1).globalId(), tag(0x32, 1), 102),
                received(senders.get(2).globalId(), tag(0x33, 1), 103));
        for (int i = 0; i < 3; i++) {
            assertThat(senders.get(i).user().log()).containsExactly(sent(tag(0x31 + i, 1)));
            assertThat(senders.get(i).peekState()).isEqualTo(ThreadState.HALTED);
        }
    }

    @Test
    void aCallerWhoseMessageWasTakenRunsItsReceivePhaseAndGetsTheReply() {
        // C calls S before S waits: C polls; S's Wait takes the message and makes C RECV_PENDING;
        // S's Reply (Zero send timeout) must then find C receiving (atomic Call, §8 vector 7).
        Kernel k = Fixture.kernel();
        ThreadId cId = k.nextThreadId();
        ThreadId sId = ThreadId.global(cId.number() + 1, 1);
        ProgramBuilder c = new ProgramBuilder("C").setMrImm(0, tag(1, 1)).setMrImm(1, 41);
        Tcb caller = k.createThread("C", "c", 100, ipc(c, sId.raw(), sId.raw(), NEVER).halt().build());
        ProgramBuilder s = ipc(new ProgramBuilder("S"), NIL, ANY, NEVER).setMrImm(0, tag(2, 1)).setMrImm(1, 42);
        Tcb server = k.createThread("S", "s", 100,
                ipc(s, cId.raw(), NIL, Timeout.word(Timeout.ZERO, Timeout.NEVER)).halt().build());

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(server.user().log()).containsExactly(received(cId, tag(1, 1), 41), sent(tag(2, 1)));
        assertThat(caller.user().log()).containsExactly(received(sId, tag(2, 1), 42));
    }

    @Test
    void anOverflowingMessageFailsBothSides() {
        long tooLong = MsgTag.of(9, 63, 1).raw(); // u + t + 1 = 65 > 64
        // receiver waiting first (active sender) ...
        Kernel k = Fixture.kernel();
        ThreadId rId = k.nextThreadId();
        Tcb r = k.createThread("R", "r", 101, ipc(new ProgramBuilder("R"), NIL, ANY, NEVER).halt().build());
        Tcb s = k.createThread("S", "s", 100,
                ipc(new ProgramBuilder("S").setMrImm(0, tooLong), rId.raw(), NIL, NEVER).halt().build());
        k.run();
        assertThat(s.user().log()).containsExactly(error(0x8));
        assertThat(r.user().log()).containsExactly(error(0x9));

        // ... and sender polling first (passive sender, with a receive phase it must not run)
        k = Fixture.kernel();
        ThreadId sId = k.nextThreadId();
        rId = ThreadId.global(sId.number() + 1, 1);
        s = k.createThread("S", "s", 101,
                ipc(new ProgramBuilder("S").setMrImm(0, tooLong), rId.raw(), rId.raw(), NEVER).halt().build());
        r = k.createThread("R", "r", 100, ipc(new ProgramBuilder("R"), NIL, ANY, NEVER).halt().build());
        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(s.user().log()).containsExactly(error(0x8));
        assertThat(r.user().log()).containsExactly(error(0x9));
        assertThat(s.peekState()).isEqualTo(ThreadState.HALTED);
    }

    @Test
    void nilIpcReturnsAtOnce() {
        Kernel k = Fixture.kernel();
        Tcb t = k.createThread("T", "a", 100,
                ipc(new ProgramBuilder("T").setMrImm(0, tag(3, 0)), NIL, NIL, NEVER).halt().build());
        k.run();
        assertThat(t.user().log()).containsExactly(sent(tag(3, 0)));
    }

    // ------------------------------------------------------------------------------------------
    // ThreadSwitch and preemption
    // ------------------------------------------------------------------------------------------

    /** A: ThreadSwitch(dest), then a Zero-timeout Receive from B, which succeeds only if B ran (and polls on A) first. */
    private static Kernel switchScenario(java.util.function.Function<ThreadId, Long> dest, List<Tcb> out) {
        Kernel k = Fixture.kernel();
        ThreadId aId = k.nextThreadId();
        ThreadId bId = ThreadId.global(aId.number() + 1, 1);
        ProgramBuilder a = new ProgramBuilder("A").mov(0, dest.apply(bId)).syscall(SyscallKind.THREAD_SWITCH);
        ipc(a, NIL, bId.raw(), Timeout.word(Timeout.NEVER, Timeout.ZERO));
        out.add(k.createThread("A", "a", 100, a.halt().build()));
        ProgramBuilder b = new ProgramBuilder("B").setMrImm(0, tag(5, 1)).setMrImm(1, 55);
        out.add(k.createThread("B", "b", 100, ipc(b, aId.raw(), NIL, NEVER).halt().build()));
        return k;
    }

    @Test
    void directedThreadSwitchRunsTheDestination() {
        List<Tcb> t = new ArrayList<>();
        Kernel k = switchScenario(b -> b.raw(), t);
        k.run();
        assertThat(t.get(0).user().log()).containsExactly(
                new Observation(SyscallKind.THREAD_SWITCH, t.get(1).globalId().raw(), 0, 0, new long[0]),
                received(t.get(1).globalId(), tag(5, 1), 55));
        assertThat(t.get(1).user().log()).containsExactly(sent(tag(5, 1)));
    }

    @Test
    void yieldLetsTheNextThreadRun() {
        List<Tcb> t = new ArrayList<>();
        Kernel k = switchScenario(b -> NIL, t);
        k.run();
        assertThat(t.get(0).user().log()).containsExactly(new Observation(SyscallKind.THREAD_SWITCH, 0, 0, 0, new long[0]),
                received(t.get(1).globalId(), tag(5, 1), 55));
    }

    @Test
    void threadSwitchToSelfKeepsRunning() {
        List<Tcb> t = new ArrayList<>();
        Kernel k = Fixture.kernel();
        ThreadId aId = k.nextThreadId();
        Kernel k2 = switchScenario(b -> aId.raw(), t);
        k2.run();
        assertThat(t.get(0).user().log()).containsExactly(
                new Observation(SyscallKind.THREAD_SWITCH, aId.raw(), 0, 0, new long[0]), error(0x3));
    }

    @Test
    void aHigherPriorityThreadWokenBySendPreemptsAtKernelExit() {
        // H waits; L's send makes it ready; L is preempted at kernel exit, so H's Zero-timeout send to L fails
        // (L would otherwise have gone on to wait for H).
        Kernel k = Fixture.kernel();
        ThreadId hId = k.nextThreadId();
        ThreadId lId = ThreadId.global(hId.number() + 1, 1);
        ProgramBuilder h = ipc(new ProgramBuilder("H"), NIL, ANY, NEVER).setMrImm(0, tag(4, 0));
        Tcb high = k.createThread("H", "h", 200, ipc(h, lId.raw(), NIL, Timeout.word(Timeout.ZERO, Timeout.NEVER)).halt().build());
        ProgramBuilder l = new ProgramBuilder("L").setMrImm(0, tag(9, 0));
        ipc(l, hId.raw(), NIL, NEVER);
        Tcb low = k.createThread("L", "l", 100, ipc(l, NIL, hId.raw(), NEVER).halt().build());

        k.run();

        assertThat(high.user().log()).containsExactly(received(lId, tag(9, 0)), error(0x2));
        assertThat(low.user().log()).containsExactly(sent(tag(9, 0)));
        assertThat(low.peekState()).isEqualTo(ThreadState.WAITING);
    }

    @Test
    void aLowerPriorityThreadSwitchedToIsPreemptedBeforeItRunsUserCode() {
        // H switches to the fresh, lower-priority L: L is dispatched and, at its first return to user, preempted
        // (its stack empty but for the switch) so H continues; H's Zero-timeout send finds L not yet waiting.
        Kernel k = Fixture.kernel();
        ThreadId hId = k.nextThreadId();
        ThreadId lId = ThreadId.global(hId.number() + 1, 1);
        ProgramBuilder h = new ProgramBuilder("H").mov(0, lId.raw()).syscall(SyscallKind.THREAD_SWITCH).setMrImm(0, tag(6, 0));
        Tcb high = k.createThread("H", "h", 200, ipc(h, lId.raw(), NIL, Timeout.word(Timeout.ZERO, Timeout.NEVER)).halt().build());
        Tcb low = k.createThread("L", "l", 100, ipc(new ProgramBuilder("L"), NIL, ANY, NEVER).halt().build());

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        assertThat(high.user().log()).containsExactly(new Observation(SyscallKind.THREAD_SWITCH, lId.raw(), 0, 0, new long[0]),
                error(0x2));
        assertThat(low.peekState()).isEqualTo(ThreadState.WAITING);
        assertThat(k.counters().dispatches).as("H, L, H again, L again").isEqualTo(4);
    }
}
