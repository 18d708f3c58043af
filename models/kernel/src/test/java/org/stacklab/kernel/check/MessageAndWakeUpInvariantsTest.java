package org.stacklab.kernel.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Prog;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.conformance.Scenarios;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.stack.KernelStackOverflowException;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.Machine;

/**
 * The invariants of issue 3 deliverable 10 can fail: each test corrupts the state (or drives the shared
 * kernel code the way a faulty model would) and asserts the violation message. Runs on the test-only
 * reference model; the three models run the same checks after every conformance scenario and every
 * harness run.
 */
class MessageAndWakeUpInvariantsTest {

    private static final KernelModelProvider REFERENCE = ReferenceModel.provider(ReferenceModel.Variant.CORRECT);

    private static Kernel kernelWithThreads(int n) {
        Kernel k = new Kernel(new Machine(Scenario.smallProfile()), REFERENCE.create(), KernelOptions.DEFAULT);
        for (int i = 0; i < n; i++) {
            k.createThread("t" + i, "A", 100, Prog.named("t" + i).halt().build());
        }
        return k;
    }

    private static Kernel sentAndReceived() {
        Outcome o = Scenarios.sendOnly(true).run(REFERENCE); // S sends one message to R, R receives it
        return o.kernel();
    }

    private static Tcb thread(Kernel k, String name) {
        return k.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    // ---- no message lost or duplicated ----

    @Test
    void aRunsMessagesBalance() {
        Kernel k = sentAndReceived();
        MessageLedger l = k.messageLedger();
        assertThat(l.sent()).isEqualTo(1).isEqualTo(k.counters().messages);
        assertThat(l.delivered()).isEqualTo(1);
        assertThat(KernelInvariants.violations(k)).isEmpty();
    }

    @Test
    void aMessageTransferredToAThreadThatNeverReceivesItIsLost() {
        Kernel k = sentAndReceived();
        Tcb s = thread(k, "S");
        Tcb r = thread(k, "R");
        k.messageLedger().sent(s, r); // as a model that copies a message to a thread that has halted

        assertThat(KernelInvariants.violations(k))
                .anySatisfy(v -> assertThat(v).isEqualTo("message #2 from " + s + " was transferred to " + r
                        + ", which is HALTED and will never complete a receive with it (lost message)"))
                .anySatisfy(v -> assertThat(v).contains("the kernel counted 1 messages transferred but the ledger saw 2 sent"));
        assertThatThrownBy(() -> KernelInvariants.check(k)).hasMessageContaining("(lost message)");
    }

    @Test
    void aMessageOverwrittenBeforeItsReceiveCompletedIsLostAndASecondSendInOneCallIsADuplicate() {
        Kernel k = kernelWithThreads(3);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        MessageLedger l = k.messageLedger();
        l.sent(a, b);
        l.sent(a, b); // the same IPC of a sends again (a re-executed send phase), over the undelivered first message

        assertThat(KernelInvariants.violations(k))
                .anySatisfy(v -> assertThat(v).isEqualTo("t0(64.1) sent message #2 to t1(65.1) within the same IPC system call as "
                        + "message #1: its send phase ran twice (duplicated message)"))
                .anySatisfy(v -> assertThat(v).isEqualTo("message #2 from t0(64.1) to t1(65.1) overwrote message #1 from t0(64.1), "
                        + "which t1(65.1) never received (lost message)"));
    }

    @Test
    void aReceiveCompletedTwiceForOneTransferIsADuplicate() {
        Kernel k = kernelWithThreads(2);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        assertThat(k.ipc().transfer(a, b)).isTrue(); // the real transfer path
        k.ipc().complete(b);                          // b receives it
        assertThat(KernelInvariants.violations(k)).noneSatisfy(v -> assertThat(v).contains("message"));
        k.ipc().complete(b);                          // and, through a faulty model, again

        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).isEqualTo("t1(65.1) completed a receive with a "
                + "message but no message is in flight to it: a message delivered twice, or one never sent (duplicated message)"));
    }

    @Test
    void aReceiveFailedAfterTheTransferLosesTheMessage() {
        Kernel k = kernelWithThreads(2);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        k.ipc().transfer(a, b);
        k.ipc().fail(b, ErrorCode.TIMEOUT, ErrorCode.Phase.RECEIVE, 0); // a model that times the receiver out anyway

        assertThat(KernelInvariants.violations(k)).anySatisfy(v -> assertThat(v).isEqualTo("t1(65.1)'s IPC completed without "
                + "message #1 from t0(64.1), which the kernel had transferred to it (lost message)"));
    }

    @Test
    void aMessageInFlightToAReadyThreadIsFineAndDiesWithADeletedReceiver() {
        Kernel k = kernelWithThreads(2);
        k.ipc().transfer(k.threads().get(0), k.threads().get(1)); // t1 is READY: it completes the receive when it runs
        assertThat(KernelInvariants.violations(k)).isEmpty();
        k.messageLedger().discarded(k.threads().get(1));
        assertThat(k.messageLedger().discarded()).isEqualTo(1);
        assertThat(k.messageLedger().violations(k)).isEmpty();
    }

    // ---- every blocked thread has a wake-up cause ----

    @Test
    void aWaitingThreadWithAnAcceptedSenderInItsQueueLostItsWakeUp() {
        Kernel k = kernelWithThreads(3);
        Tcb a = k.threads().get(0);
        Tcb b = k.threads().get(1);
        Tcb c = k.threads().get(2);
        k.scheduler().remove(a);
        k.scheduler().remove(b);
        a.setState(ThreadState.POLLING);
        a.write(TcbLayout.Shared.PARTNER, b.globalId().raw());
        k.ipc().enqueueSender(b, a);
        b.setState(ThreadState.WAITING);
        b.write(TcbLayout.Shared.PARTNER, c.globalId().raw()); // a closed wait for c: a may stay queued
        assertThat(KernelInvariants.violations(k)).isEmpty();
        assertThat(KernelInvariants.wakeUpCauses(k)).containsEntry(a, "partner t1(65.1) (WAITING) receiving from it")
                .containsEntry(b, "partner t2(66.1) (READY) that may still send");

        b.write(TcbLayout.Shared.PARTNER, ThreadId.ANY.raw()); // an open wait accepts a: the rendezvous was missed
        assertThat(KernelInvariants.violations(k)).containsExactly("t1(65.1) is WAITING for " + ThreadId.ANY + " but t0(64.1), "
                + "which it accepts, is POLLING in its send queue: a lost wake-up (the rendezvous never happened)");
    }

    @Test
    void aClosedWaitOnAThreadThatDoesNotExistHasNoWakeUpCause() {
        Kernel k = kernelWithThreads(2);
        Tcb b = k.threads().get(1);
        k.scheduler().remove(b);
        b.setState(ThreadState.WAITING);
        ThreadId gone = ThreadId.global(64, 7); // t0's number under another version: stale
        b.write(TcbLayout.Shared.PARTNER, gone.raw());
        assertThat(KernelInvariants.violations(k)).containsExactly("t1(65.1) is WAITING for " + gone + ", which names no live "
                + "thread: a closed wait on a deleted or invalid thread must fail with NON_EXISTING (no wake-up cause)");
    }

    @Test
    void blockedForeverIsAcceptedOnlyAsSuchAndShownInTheSnapshot() {
        Outcome o = Scenarios.callNeverAnswered().run(REFERENCE); // C calls T; T waits for D, which halts
        Kernel k = o.kernel();
        assertThat(KernelInvariants.violations(k)).isEmpty();
        Map<Tcb, String> causes = KernelInvariants.wakeUpCauses(k);
        assertThat(causes.get(thread(k, "T"))).isEqualTo("blocked forever (timeout Never; waits for D(66.1), which has halted)");
        assertThat(causes.get(thread(k, "C"))).isEqualTo("partner T(65.1) (WAITING) receiving from it");
        assertThat(KernelInvariants.snapshot(k)).contains("T(65.1) WAITING partner=66.1 wake-up=blocked forever");

        Outcome sleeper = Scenario.named("sleep-forever")
                .thread("Z", "A", 100, ids -> Prog.named("Z").sleep(ids.global("Z"), Timeout.NEVER).halt().build()).run(REFERENCE);
        assertThat(KernelInvariants.wakeUpCauses(sleeper.kernel()).values())
                .containsExactly("blocked forever (timeout Never; waits for itself: a Sleep without end)");

        Outcome open = Scenario.named("open-wait-alone")
                .thread("W", "A", 100, ids -> Prog.named("W").waitAny().halt().build()).run(REFERENCE);
        assertThat(KernelInvariants.wakeUpCauses(open.kernel()).values())
                .containsExactly("blocked forever (timeout Never; open wait and no thread left that can send)");
    }

    @Test
    void aDeadlineIsAWakeUpCause() {
        Outcome o = Scenarios.blockedWithDeadlines().run(REFERENCE); // stopped by the cycle limit with deadlines armed
        Map<Tcb, String> causes = KernelInvariants.wakeUpCauses(o.kernel());
        assertThat(causes).isNotEmpty();
        assertThat(causes.values()).anySatisfy(c -> assertThat(c).startsWith("deadline ").endsWith(" (armed)"));
    }

    @Test
    void anInterruptSourceIsAWakeUpCauseUntilItFiresNoMore() {
        ThreadId irq1 = org.stacklab.kernel.irq.Interrupts.idOf(1);
        Outcome done = Scenario.named("irq-once").interrupt(1, "H", 1_000, 1_000, 1)
                .thread("H", "A", 100, ids -> Prog.named("H").receive(irq1).receive(irq1).halt().build()).run(REFERENCE);
        assertThat(KernelInvariants.wakeUpCauses(done.kernel()).values())
                .containsExactly("blocked forever (timeout Never; irq 1 fires no more)");

        Outcome early = Scenario.named("irq-later").cycleLimit(5_000).interrupt(1, "H", 1_000_000, 1_000, 1)
                .thread("H", "A", 100, ids -> Prog.named("H").receive(irq1).halt().build()).run(REFERENCE);
        assertThat(KernelInvariants.wakeUpCauses(early.kernel()).values()).containsExactly("interrupt irq 1");
    }

    // ---- no thread lost ----

    @Test
    void aThreadMissingFromTheTcbTableIsLost() {
        Kernel k = kernelWithThreads(2);
        Tcb a = k.threads().get(0);
        k.tcbs().remove(a, a.blockBytes());
        assertThat(KernelInvariants.violations(k))
                .anySatisfy(v -> assertThat(v).isEqualTo("t0(64.1) is READY but the TCB table does not hold it under its number 64 (a lost thread)"));
    }

    @Test
    void theCurrentThreadMustBeRunning() {
        Kernel k = kernelWithThreads(2);
        k.setCurrent(k.threads().get(1));
        assertThat(KernelInvariants.violations(k)).containsExactly("kernel.current() is t1(65.1) but its state is READY");
    }

    // ---- kernel stack overflow ----

    @Test
    void aKernelStackOverflowNamesTheCallChain() {
        Kernel k = kernelWithThreads(1);
        KernelStack st = k.stacks().allocate("test", 32); // 4 words of 8 bytes (the kit profile)
        st.push("SYSCALL_ENTRY", 2);
        st.push("IPC", 1);
        assertThatThrownBy(() -> st.push("IPC_SEND", 2)).isInstanceOf(KernelStackOverflowException.class)
                .hasMessageContaining("kernel stack test (32 bytes) overflows pushing IPC_SEND (16 bytes) at depth 24")
                .hasMessageEndingWith("call chain: SYSCALL_ENTRY > IPC > IPC_SEND (overflows)");
        assertThat(KernelInvariants.violations(k)).isEmpty();
    }

    @Test
    void aStackHoldingMoreThanItsSizeIsReportedWithItsFrames() throws Exception {
        Kernel k = kernelWithThreads(1);
        KernelStack st = k.stacks().allocate("test", 32); // 4 words of 8 bytes (the kit profile)
        st.push("SYSCALL_ENTRY", 2);
        Field depth = KernelStack.class.getDeclaredField("depth");
        depth.setAccessible(true);
        depth.setInt(st, 40); // a meter that lost track
        assertThat(KernelInvariants.violations(k))
                .containsExactly("kernel stack test overflowed: 40 bytes in use of 32; call chain: SYSCALL_ENTRY");
    }
}
