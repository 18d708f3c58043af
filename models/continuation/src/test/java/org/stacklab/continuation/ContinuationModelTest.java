package org.stacklab.continuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.conformance.Prog;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.machine.memory.Purpose;

class ContinuationModelTest {
    private static final long TAG1 = MsgTag.of(Prog.LABEL, 1, 0).raw();
    private static final long ERROR_TAG = MsgTag.ERROR_TAG;

    /** Server (thread 0, space "srv") echoes MR1 + 1; the client (thread 1, space "cli") Calls it {@code n} times with MR1 = 0..n-1. */
    static Fixture pingPong(int n) {
        ThreadId server = Fixture.id(0);
        Program srv = Prog.named("server").waitAny().label("loop")
                .getMr(3, 1).addImm(3, 1).setMr(1, 3).setMrImm(0, TAG1)
                .replyWaitToLastSender().jump("loop").build();
        Program cli = Prog.named("client").mov(5, n).mov(4, 0).label("loop")
                .setMrImm(0, TAG1).setMr(1, 4)
                .ipc(server, server, Timeout.NEVER, Timeout.NEVER)
                .addImm(4, 1).loop(5, "loop").halt().build();
        return new Fixture().thread("server", "srv", 100, srv).thread("client", "cli", 100, cli);
    }

    private static Observation ipcObs(long from, long tag, long errorCode, long... words) {
        return new Observation(SyscallKind.IPC, from, tag, errorCode, words);
    }

    private static Observation error(long code) {
        return ipcObs(0, ERROR_TAG, code);
    }

    @Test
    void providerIsRegisteredUnderItsName() {
        List<KernelModelProvider> found = ServiceLoader.load(KernelModelProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("continuation")).toList();
        assertThat(found).hasSize(1);
        KernelModel m = found.get(0).create();
        assertThat(m).isInstanceOf(ContinuationModel.class);
        assertThat(m.name()).isEqualTo("continuation");
        assertThat(((ContinuationModel) m).receiveBlock()).isEqualTo(ContinuationModel.ReceiveBlock.DISCARD_STACK);
    }

    @Test
    void pingPongDeliversEveryMessageAndReply() {
        int n = 50;
        Fixture.Result r = pingPong(n).continuation();
        assertThat(r.outcome()).isEqualTo(RunOutcome.QUIESCENT);
        long serverId = Fixture.id(0).raw();
        long clientId = Fixture.id(1).raw();
        List<Observation> client = r.log("client");
        assertThat(client).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(client.get(i)).isEqualTo(ipcObs(serverId, TAG1, 0, i + 1));
        }
        List<Observation> server = r.log("server");
        assertThat(server).hasSize(n); // the Wait plus n - 1 ReplyWaits; the last one waits forever
        for (int i = 0; i < n; i++) {
            assertThat(server.get(i)).isEqualTo(ipcObs(clientId, TAG1, 0, i));
        }
        assertThat(r.thread("client").peekState()).isEqualTo(ThreadState.HALTED);
        assertThat(r.thread("server").peekState()).isEqualTo(ThreadState.WAITING);
    }

    @Test
    void pingPongHandsOffTheStackAndRecognisesTheReceiver() {
        int n = 100;
        Kernel k = pingPong(n).continuation().kernel();
        KernelCounters c = k.counters();
        assertThat(c.messages).isEqualTo(2L * n); // n calls, n replies
        assertThat(c.kernelEntries).isEqualTo(2L * n + 1); // n Calls; the server's Wait and n ReplyWaits
        assertThat(c.blocks).isGreaterThanOrEqualTo(2L * n - 1);
        assertThat(c.stackDiscards).isEqualTo(c.blocks);
        assertThat(c.stackKeeps).isZero();
        assertThat(c.contextSwitches).isZero();
        assertThat(c.handoffs).isPositive().isLessThanOrEqualTo(c.blocks);
        assertThat(c.recognitions).isPositive().isLessThanOrEqualTo(c.handoffs);
        // every Call and every ReplyWait wakes its waiting partner and blocks: all of them hand off
        assertThat(c.handoffs).isGreaterThanOrEqualTo(2L * n - 2);
        assertThat(c.dispatches).isGreaterThanOrEqualTo(c.handoffs);
        // one stack, never more than one in use
        assertThat(k.stacks().stacksCreated()).isEqualTo(1);
        assertThat(k.stacks().inUseMax()).isEqualTo(1);
        assertThat(k.stacks().reservedBytesPeak()).isEqualTo(k.machine().profile().kernelStackBytes());
        assertThat(k.stacks().bytesInUse()).isZero();
        assertThat(k.stacks().bytesInUsePeak()).isPositive().isLessThan(k.machine().profile().kernelStackBytes());
    }

    @Test
    void blockedThreadsHaveTheirContinuationInTheTcb() {
        Kernel k = pingPong(3).continuation().kernel();
        ContinuationModel m = (ContinuationModel) k.model();
        Tcb server = k.threads().get(0);
        // the server waits in its receive phase with RECEIVE_COMPLETE saved
        long saved = server.peek(k.layout().fields().stream().filter(f -> f.name().equals("continuation")).findFirst().orElseThrow());
        long stubs = k.exec().addressOf(org.stacklab.kernel.exec.KernelCode.CONTINUATION_CALL);
        assertThat(saved).isEqualTo(stubs + (long) Continuation.RECEIVE_COMPLETE.ordinal() * Continuation.STUB_BYTES);
        assertThat(m.name()).isEqualTo("continuation");
    }

    @Test
    void tcbHoldsContinuationScratchAndUserStateButNoStack() {
        Kernel k = pingPong(1).continuation().kernel();
        int word = k.machine().profile().wordBytes();
        int trapFrame = k.machine().profile().userRegisters() + 2;
        int shared = org.stacklab.kernel.tcb.TcbLayout.Shared.values().length;
        // continuation, two scratch words, the user state, and kernel_sp (a page fault during a copy keeps the stack)
        assertThat(k.layout().sizeBytes()).isEqualTo((shared + 1 + 2 + trapFrame + 1) * word);
        assertThat(k.threadBlockBytes()).isEqualTo(2L * k.layout().sizeBytes());
        for (Tcb t : k.threads()) {
            assertThat(t.stack()).isNull();
            assertThat(t.blockBytes()).isEqualTo(k.layout().sizeBytes());
        }
        assertThat(k.machine().kernelMemory().reserved(Purpose.TCB)).isEqualTo(2L * k.layout().sizeBytes());
    }

    @Test
    void sendToANonExistingThreadFailsWith0x4AndSkipsTheReceivePhase() {
        ThreadId nobody = Fixture.id(7);
        ThreadId staleServer = ThreadId.global(Fixture.id(1).number(), 2);
        Program p = Prog.named("p").call(nobody, 1).send(staleServer, 2).send(ThreadId.ANY, 3).halt().build();
        Fixture.Result r = new Fixture().thread("p", "a", 10, p).thread("other", "b", 10, Prog.named("o").halt().build())
                .continuation();
        assertThat(r.log("p")).containsExactly(error(0x4), error(0x4), error(0x4));
        assertThat(r.kernel().counters().blocks).isZero();
    }

    @Test
    void receiveFromANonExistingThreadFailsWith0x5EvenWithNever() {
        Program p = Prog.named("p").receive(Fixture.id(9)).receive(ThreadId.global(Fixture.id(0).number(), 3)).halt().build();
        Fixture.Result r = new Fixture().thread("p", "a", 10, p).continuation();
        assertThat(r.log("p")).containsExactly(error(0x5), error(0x5));
    }

    @Test
    void zeroTimeoutSendToABusyPartnerFailsWith0x2() {
        ThreadId busy = Fixture.id(1);
        Program p = Prog.named("p").sendTimeout(busy, Timeout.ZERO, 1).reply(busy, 2).halt().build();
        Program b = Prog.named("busy").compute(10_000).halt().build();
        Fixture.Result r = new Fixture().thread("p", "a", 10, p).thread("busy", "b", 10, b).continuation();
        assertThat(r.log("p")).containsExactly(error(0x2), error(0x2));
        assertThat(r.log("busy")).isEmpty();
        assertThat(r.thread("p").user().utcb().errorCode()).isEqualTo(0x2);
    }

    @Test
    void zeroTimeoutReceiveWithNoSenderFailsWith0x3() {
        Program p = Prog.named("p").receiveTimeout(ThreadId.ANY, Timeout.ZERO).halt().build();
        Fixture.Result r = new Fixture().thread("p", "a", 10, p).continuation();
        assertThat(r.log("p")).containsExactly(error(0x3));
    }

    @Test
    void threeQueuedSendersAreReceivedInArrivalOrder() {
        ThreadId receiver = Fixture.id(3);
        Fixture f = new Fixture();
        for (int i = 0; i < 3; i++) {
            f.thread("s" + i, "space" + i, 10, Prog.named("s" + i).send(receiver, 100 + i).halt().build());
        }
        f.thread("r", "rs", 10, Prog.named("r").waitAny().waitAny().waitAny().halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("r")).containsExactly(
                ipcObs(Fixture.id(0).raw(), TAG1, 0, 100),
                ipcObs(Fixture.id(1).raw(), TAG1, 0, 101),
                ipcObs(Fixture.id(2).raw(), TAG1, 0, 102));
        for (int i = 0; i < 3; i++) {
            // send-only success: from = nil, the tag as sent, no words
            assertThat(r.log("s" + i)).containsExactly(ipcObs(0, TAG1, 0));
        }
        assertThat(r.outcome()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(r.kernel().counters().stackDiscards).isEqualTo(3); // the three passive senders
    }

    @Test
    void sameSpaceSenderIsSeenByItsLocalId() {
        Fixture f = new Fixture()
                .thread("r", "one", 10, Prog.named("r").waitAny().halt().build())
                .thread("s", "one", 10, Prog.named("s").send(Fixture.id(0), 5).halt().build());
        Fixture.Result r = f.continuation();
        long local = Kernel.localIdOf(1).raw();
        assertThat(r.log("r")).containsExactly(ipcObs(local, TAG1, 0, 5));
    }

    @Test
    void replyWithZeroTimeoutToACallerBetweenItsPhasesSucceeds() {
        // semantics §8.7: the client Calls before the server waits, so its send is completed by the
        // server's receive (RECV_PENDING); the server's ZeroTime Reply must find it receiving
        ThreadId server = Fixture.id(1);
        ThreadId client = Fixture.id(0);
        Fixture f = new Fixture()
                .thread("client", "c", 10, Prog.named("client").call(server, 7).halt().build())
                .thread("server", "s", 10, Prog.named("server").waitAny().reply(client, 8).halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("client")).containsExactly(ipcObs(server.raw(), TAG1, 0, 8));
        assertThat(r.log("server")).containsExactly(ipcObs(client.raw(), TAG1, 0, 7), ipcObs(0, TAG1, 0));
    }

    @Test
    void messageOverflowFailsBothSides() {
        long big = MsgTag.of(Prog.LABEL, 40, 30).raw();
        ThreadId receiver = Fixture.id(0);
        Program s = Prog.named("s").setMrImm(0, big).ipc(receiver, ThreadId.NIL, Timeout.NEVER, Timeout.NEVER).halt().build();
        for (var mode : ContinuationModel.ReceiveBlock.values()) {
            Fixture.Result r = new Fixture().thread("r", "r", 10, Prog.named("r").waitAny().halt().build())
                    .thread("s", "s", 10, s).run(new ContinuationModel(mode));
            assertThat(r.log("s")).as(mode.name()).containsExactly(error(0x8));
            assertThat(r.log("r")).as(mode.name()).containsExactly(error(0x9));
            // no stack is left behind by the overflowed receive, kept or not
            assertThat(r.kernel().stacks().reservedBytes()).isEqualTo(r.kernel().machine().profile().kernelStackBytes());
        }
    }

    @Test
    void threadSwitchRunsTheDestinationNext() {
        // c waits; a switches to b, skipping x, which is ahead of b in the ready queue
        ThreadId c = Fixture.id(0);
        ThreadId b = Fixture.id(3);
        Fixture f = new Fixture()
                .thread("c", "c", 10, Prog.named("c").waitAny().waitAny().waitAny().halt().build())
                .thread("a", "a", 10, Prog.named("a").threadSwitch(b).send(c, 1).halt().build())
                .thread("x", "x", 10, Prog.named("x").send(c, 2).halt().build())
                .thread("b", "b", 10, Prog.named("b").send(c, 3).halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("c")).extracting(o -> o.words()[0]).containsExactly(3L, 2L, 1L);
        assertThat(r.log("a").get(0)).isEqualTo(new Observation(SyscallKind.THREAD_SWITCH, b.raw(), 0, 0, new long[0]));
    }

    @Test
    void threadSwitchToSelfKeepsRunningAndYieldRotates() {
        ThreadId self = Fixture.id(0);
        ThreadId sink = Fixture.id(2);
        Fixture f = new Fixture()
                .thread("a", "a", 10, Prog.named("a").threadSwitch(self).send(sink, 1).yield().send(sink, 3).halt().build())
                .thread("b", "b", 10, Prog.named("b").send(sink, 2).halt().build())
                .thread("sink", "k", 5, Prog.named("sink").waitAny().waitAny().waitAny().halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("sink")).extracting(o -> o.words()[0]).containsExactly(1L, 2L, 3L);
        assertThat(r.log("a")).hasSize(4);
    }

    @Test
    void threadSwitchToALowerPriorityThreadIsPreemptedBeforeItRunsUserCode() {
        // h (101) switches to l (100); at l's return to user h is ready at a higher priority, so l is
        // preempted at once: the logger z (102) hears from h first
        ThreadId z = Fixture.id(0);
        ThreadId l = Fixture.id(2);
        Fixture f = new Fixture()
                .thread("z", "z", 102, Prog.named("z").waitAny().waitAny().halt().build())
                .thread("h", "h", 101, Prog.named("h").threadSwitch(l).send(z, 1).halt().build())
                .thread("l", "l", 100, Prog.named("l").send(z, 2).halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("z")).extracting(o -> o.words()[0]).containsExactly(1L, 2L);
        assertThat(r.logs()).isEqualTo(f.reference().logs());
    }

    @Test
    void aHigherPriorityThreadMadeReadyPreemptsAtKernelExit() {
        // hi waits; lo sends to it (send-only): lo is preempted at kernel exit, hi runs before lo's next send
        ThreadId hi = Fixture.id(0);
        Fixture f = new Fixture()
                .thread("hi", "h", 200, Prog.named("hi").waitAny().waitAny().halt().build())
                .thread("lo", "l", 10, Prog.named("lo").send(hi, 1).send(hi, 2).halt().build());
        Fixture.Result r = f.continuation();
        assertThat(r.log("hi")).extracting(o -> o.words()[0]).containsExactly(1L, 2L);
        Fixture.Result ref = f.reference();
        assertThat(r.logs()).isEqualTo(ref.logs());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 200})
    void idleThreadsCostNoStack(int n) {
        Fixture.Result r = idleClients(n).continuation();
        Kernel k = r.kernel();
        int stack = k.machine().profile().kernelStackBytes();
        assertThat(k.stacks().stacksCreated()).isEqualTo(1);
        assertThat(k.stacks().reservedBytesPeak()).isEqualTo(stack);
        assertThat(k.machine().kernelMemory().peakReserved(Purpose.STACK)).isEqualTo(stack);
        assertThat(k.stacks().inUseMax()).isEqualTo(1);
        assertThat(k.stacks().inUse()).isZero();
        for (int i = 1; i <= n; i++) {
            assertThat(r.log("c" + i)).containsExactly(ipcObs(Fixture.id(0).raw(), TAG1, 0, i + 1));
            assertThat(r.thread("c" + i).peekState()).isEqualTo(ThreadState.WAITING);
        }
        assertThat(k.counters().blocks).isGreaterThanOrEqualTo(n);
        assertThat(k.counters().stackDiscards).isEqualTo(k.counters().blocks);
    }

    @Test
    void keepingStacksInTheReceivePhaseCostsAStackPerIdleThread() {
        int stack = Fixture.profile().kernelStackBytes();
        Fixture.Result ten = idleClients(10).keepingStacks();
        Fixture.Result twenty = idleClients(20).keepingStacks();
        assertThat(twenty.kernel().stacks().reservedBytesPeak() - ten.kernel().stacks().reservedBytesPeak()).isEqualTo(10L * stack);
        // every thread ends waiting on its kept stack: the server, the clients, plus the CPU's own
        assertThat(ten.kernel().stacks().reservedBytes()).isEqualTo((10L + 2) * stack);
        assertThat(ten.kernel().stacks().inUse()).isEqualTo(11);
        KernelCounters c = ten.kernel().counters();
        assertThat(c.stackKeeps).isEqualTo(c.blocks);
        assertThat(c.stackDiscards).isZero();
        assertThat(c.contextSwitches).isPositive();
        assertThat(c.recognitions).isZero();
        // same observations as with continuations
        assertThat(ten.logs()).isEqualTo(idleClients(10).continuation().logs());
    }

    /** One server (echo MR1 + 1) and {@code n} clients that each Call it once and then wait forever. */
    static Fixture idleClients(int n) {
        ThreadId server = Fixture.id(0);
        Fixture f = new Fixture().thread("server", "srv", 10, Prog.named("server").waitAny().label("loop")
                .getMr(3, 1).addImm(3, 1).setMr(1, 3).setMrImm(0, TAG1)
                .replyWaitToLastSender().jump("loop").build());
        for (int i = 1; i <= n; i++) {
            f.thread("c" + i, "c" + i, 10, Prog.named("c" + i).call(server, i).waitAny().halt().build());
        }
        return f;
    }

    @Test
    void runsAreDeterministic() {
        for (Supplier<KernelModel> model : Fixture.models()) {
            Fixture.Result a = pingPong(200).run(model.get());
            Fixture.Result b = pingPong(200).run(model.get());
            assertThat(a.logs()).isEqualTo(b.logs());
            assertThat(a.cycles()).isEqualTo(b.cycles()).isPositive();
            assertThat(a.kernel().machine().memory().kernelLoads()).isEqualTo(b.kernel().machine().memory().kernelLoads());
            assertThat(a.kernel().machine().memory().kernelStores()).isEqualTo(b.kernel().machine().memory().kernelStores());
            KernelCounters ca = a.kernel().counters();
            KernelCounters cb = b.kernel().counters();
            assertThat(new long[] {ca.blocks, ca.handoffs, ca.recognitions, ca.dispatches, ca.ops, ca.stackKeeps})
                    .containsExactly(cb.blocks, cb.handoffs, cb.recognitions, cb.dispatches, cb.ops, cb.stackKeeps);
        }
    }

    @Test
    void cycleLimitStopsTheRun() {
        Fixture.Result r = pingPong(1_000_000).run(new ContinuationModel(), new org.stacklab.kernel.KernelOptions(false, 200_000));
        assertThat(r.outcome()).isEqualTo(RunOutcome.CYCLE_LIMIT);
        assertThat(r.thread("client").user().completedCalls()).isPositive();
    }

    @Test
    void aModelServesOneKernel() {
        ContinuationModel m = new ContinuationModel();
        pingPong(1).run(m);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pingPong(1).run(m)).isInstanceOf(IllegalStateException.class);
    }
}
