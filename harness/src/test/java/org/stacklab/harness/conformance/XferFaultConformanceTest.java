package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.EveryModel;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;

/**
 * Page faults the kernel takes during a string copy (issue 3, deliverables 3 and 9; semantics.md §6.7
 * "page fault during a string copy"): the copy stops, the thread whose space faulted — sender or
 * receiver, copier or not — sends its pager a page-fault Call, and the copy goes on from where it
 * stopped when the pager has mapped the page. Each model does it its own way (nested on the copier's
 * stack; the continuation model keeps the stack, Draves §2.7; the stateless model records the progress
 * and restarts the call, Fluke §4), and user programs cannot tell them apart.
 */
class XferFaultConformanceTest {
    /**
     * A demand pager in space {@code pager}: for each page-fault message, after {@code delay} cycles of
     * work, it maps the faulting page (read-write, from its own flat memory) with a map item; it serves
     * forever ({@code ReplyWait}), or answers once and halts.
     */
    static String pagerThread(int priority, long delay, boolean forever) {
        return "  - name: pager\n    space: pager\n    priority: " + priority + "\n    code: |\n" + ("""
                ipc.wait
                serve:
                %s
                getmr r3, 1
                and r3, 0xFFFFF000
                mov r4, r3
                or r4, 8
                mov r5, r3
                or r5, 0xC6
                setmr 0, tag(0, 0, 2)
                setmr 1, r4
                setmr 2, r5
                %s
                """.formatted(delay > 0 ? "compute " + delay : "", forever ? "ipc.replywait r0\njmp serve" : "ipc.reply r0\nhalt"))
                .lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> "      " + l + "\n").reduce("", String::concat);
    }

    private static final String PAGER = pagerThread(120, 0, true);


    /**
     * A client Calls a server with a {@code bytes}-byte string, {@code rounds} times; the spaces named in
     * {@code pagedSpaces} are paged (the client's below 1 MB premapped, its string at 0x200000 not).
     */
    static Scenario scenario(String name, boolean serverFirst, long bytes, int rounds, List<String> pagedSpaces) {
        String server = StringTransferConformanceTest.thread("server", "server", """
                setbr 0, acceptor(1)
                setbr 1, buffer(%d)
                setbr 2, 0x400000
                ipc.wait
                serve:
                setmr 0, tag(0, 0, 0)
                ipc.replywait r0
                jmp serve
                """.formatted(bytes));
        String client = StringTransferConformanceTest.thread("client", "client", """
                mov r5, %d
                again:
                setmr 0, tag(1, 0, 2)
                setmr 1, string(%d)
                setmr 2, 0x200000
                ipc.call @server
                getmr r9, 0
                loop r5, again
                halt
                """.formatted(rounds, bytes));
        StringBuilder spaces = new StringBuilder("spaces:\n");
        for (String sp : pagedSpaces) {
            spaces.append("  - name: ").append(sp).append("\n    pager: pager\n");
            if (sp.equals("client")) {
                spaces.append("    premap_start: 0\n    premap_bytes: 0x100000\n");
            }
        }
        String yaml = "name: xfer\nthreads:\n" + PAGER + (serverFirst ? server + client : client + server)
                + (pagedSpaces.isEmpty() ? "" : spaces);
        return WorkloadScenarios.of(name + (serverFirst ? ", server first" : ", client first"), yaml);
    }

    static List<Scenario> catalogue() {
        return List.of(
                scenario("receiver's buffer faults", true, 20_000, 3, List.of("server")),
                scenario("receiver's buffer faults", false, 20_000, 3, List.of("server")),
                scenario("sender's string faults", true, 9000, 2, List.of("client")),
                scenario("sender's string faults", false, 9000, 2, List.of("client")),
                scenario("both fault", true, 13_000, 2, List.of("client", "server")),
                scenario("both fault", false, 13_000, 2, List.of("client", "server")));
    }

    @EveryModel
    void theCopyGoesOnAfterEachFaultAndDeliversEveryByte(KernelModelProvider model) {
        for (Scenario s : catalogue()) {
            Outcome o = s.run(model);
            assertThat(o.end()).as(s.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(o.state("client")).as(s.name()).isEqualTo(ThreadState.HALTED);
            for (Observation call : o.log("client")) {
                assertThat(call.errorCode()).as(s.name()).isZero();
            }
            for (Observation got : o.log("server")) {
                assertThat(got.errorCode()).as(s.name()).isZero();
            }
            assertThat(o.kernel().counters().xferFaults).as(s.name() + ": one fault per page touched for the first time").isPositive();
            assertThat(o.kernel().counters().pageFaults).as(s.name() + ": no user-mode fault").isZero();
        }
    }

    @EveryModel
    void thePagerSeesTheFaultOfTheThreadWhoseSpaceFaulted(KernelModelProvider model) {
        Scenario s = scenario("receiver's buffer faults", true, 5000, 1, List.of("server"));
        Outcome o = s.run(model);
        List<Observation> pager = o.log("pager");
        assertThat(pager).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Observation fault = pager.get(i);
            assertThat(fault.from()).isEqualTo(s.ids().global("server").raw());
            assertThat(new MsgTag(fault.tag()).label()).isEqualTo(Ipc.PAGE_FAULT_LABEL | Fpage.W);
            assertThat(fault.words()[0]).isEqualTo(0x400000 + i * 4096L);
        }
    }

    @EveryModel
    void withoutAPagerBothPartnersGetAnXferTimeoutAtTheOffsetReached(KernelModelProvider model) {
        Scenario s = scenario("no pager", true, 5000, 1, List.of("server"));
        Outcome o = s.runWith(model, k -> k.threads().stream().filter(t -> t.name().equals("server"))
                .forEach(t -> t.user().utcb().setPager(0)));
        // the first byte of the buffer faults in the server's (the receiver's) space
        assertThat(o.log("client").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_PARTNER.encode(ErrorCode.Phase.SEND, 0));
        assertThat(o.log("server").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_OWN.encode(ErrorCode.Phase.RECEIVE, 0));
    }

    @Test
    void continuationKeepsAStackOnlyWhileTheKernelWaitsForAPager() {
        KernelModelProvider continuation = org.stacklab.harness.model.Models.byName("continuation");
        Outcome faults = scenario("receiver's buffer faults", true, 20_000, 3, List.of("server")).run(continuation);
        Outcome none = scenario("no faults", true, 20_000, 3, List.of()).run(continuation);
        assertThat(faults.stacks().inUseMax()).isEqualTo(2);
        assertThat(none.stacks().inUseMax()).isEqualTo(1);
    }

    @Test
    void statelessRestartsTheCallAndCountsTheRolledBackWork() {
        KernelModelProvider stateless = org.stacklab.harness.model.Models.byName("stateless");
        Outcome o = scenario("receiver's buffer faults", true, 20_000, 3, List.of("server")).run(stateless);
        assertThat(o.kernel().counters().restarts).isGreaterThanOrEqualTo(o.kernel().counters().xferFaults);
        assertThat(o.kernel().counters().rollbackCycles).isPositive();
    }

    @Test
    void everyFaultScenarioIsObservablyIdenticalAcrossModels() {
        for (Scenario s : catalogue()) {
            Differential.assertIdentical(s);
        }
    }

    @Test
    void andUnderPreemptionPoints() {
        for (Scenario s : catalogue()) {
            s.options(KernelOptions.DEFAULT.withPreemption(Preemptibility.PP, 4096));
            Differential.assertIdentical(s);
        }
    }

    /**
     * The client's Call carries 5000 bytes into the server's paged, unmapped buffer; the client sets its
     * XferTimeouts TCR to {@code xfer}; the pager computes {@code delay} cycles before each answer.
     */
    static Scenario xferTimeout(String name, String xfer, long delay) {
        String pager = pagerThread(100, delay, true);
        String server = StringTransferConformanceTest.thread("server", "server", """
                setbr 0, acceptor(1)
                setbr 1, buffer(5000)
                setbr 2, 0x400000
                ipc.wait
                halt
                """);
        String client = StringTransferConformanceTest.thread("client", "client", """
                setxfer %s
                setmr 0, tag(1, 0, 2)
                setmr 1, string(5000)
                setmr 2, 0x200000
                ipc.send @server
                halt
                """.formatted(xfer));
        String yaml = "name: xfer-timeout\nthreads:\n" + pager + server + client + "spaces:\n  - name: server\n    pager: pager\n";
        return WorkloadScenarios.of(name, yaml);
    }

    @EveryModel
    void aZeroXferTimeoutFailsBothAtTheFirstFault(KernelModelProvider model) {
        Outcome o = xferTimeout("zero xfer timeout", "timeouts(zero, never)", 0).run(model);
        // the receiver's space faulted: it gets 5 (its own space), the sender 6, at offset 0
        assertThat(o.log("client").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_PARTNER.encode(ErrorCode.Phase.SEND, 0));
        assertThat(o.log("server").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_OWN.encode(ErrorCode.Phase.RECEIVE, 0));
        assertThat(o.log("pager")).as("no page-fault message was sent").isEmpty();
    }

    @EveryModel
    void aFiniteXferTimeoutExpiresWhileThePagerIsSlowAndItsLateReplyFindsNobody(KernelModelProvider model) {
        // 2 ms of xfer timeout; the pager takes ~10 ms (2,000,000 cycles at 200 MHz) to answer the first fault
        Outcome o = xferTimeout("slow pager", "timeouts(period(2000), never)", 2_000_000).run(model);
        assertThat(o.log("client").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_PARTNER.encode(ErrorCode.Phase.SEND, 0));
        assertThat(o.log("server").get(0).errorCode()).isEqualTo(ErrorCode.XFER_TIMEOUT_OWN.encode(ErrorCode.Phase.RECEIVE, 0));
        assertThat(o.log("pager").get(0).words()[0]).as("the fault was delivered").isEqualTo(0x400000);
        assertThat(o.log("pager").get(1).errorCode()).as("its reply: the server no longer waits (send timeout, Zero)").isEqualTo(0x2);
        assertThat(o.kernel().counters().timeouts).isEqualTo(1);
    }

    @EveryModel
    void aFiniteXferTimeoutThePagerBeatsLetsTheCopyFinish(KernelModelProvider model) {
        Outcome o = xferTimeout("fast pager", "timeouts(period(50000), never)", 1000).run(model);
        assertThat(o.log("client").get(0).errorCode()).isZero();
        assertThat(o.log("server").get(0).errorCode()).isZero();
        assertThat(o.kernel().counters().xferFaults).isEqualTo(2);
    }

    @Test
    void xferTimeoutScenariosAreObservablyIdenticalAcrossModels() {
        Differential.assertIdentical(xferTimeout("zero", "timeouts(zero, never)", 0));
        Differential.assertIdentical(xferTimeout("slow pager", "timeouts(period(2000), never)", 2_000_000));
        Differential.assertIdentical(xferTimeout("fast pager", "timeouts(period(50000), never)", 1000));
    }

    /**
     * The copy of 9000 bytes into the server's buffer stops at its second page (the first is premapped);
     * the pager is slow; a thread of the server's space, woken by a 1 ms Sleep, aborts the server's
     * receive (ExchangeRegisters r) while the copy waits.
     */
    static Scenario abortDuringCopy() {
        String pager = pagerThread(100, 2_000_000, false);
        String server = StringTransferConformanceTest.thread("server", "server", """
                setbr 0, acceptor(1)
                setbr 1, buffer(9000)
                setbr 2, 0x400000
                ipc.wait
                halt
                """);
        String killer = "  - name: killer\n    space: server\n    priority: 150\n    code: |\n"
                + "      ipc.receive @self, period(1000)\n      abort.recv @server\n      halt\n";
        String client = StringTransferConformanceTest.thread("client", "client", """
                setmr 0, tag(1, 0, 2)
                setmr 1, string(9000)
                setmr 2, 0x200000
                ipc.send @server
                halt
                """);
        String yaml = "name: abort-copy\nthreads:\n" + pager + server + killer + client
                + "spaces:\n  - name: server\n    pager: pager\n    premap_start: 0x400000\n    premap_bytes: 0x1000\n";
        return WorkloadScenarios.of("abort during a copy", yaml);
    }

    @EveryModel
    void anAbortWhileTheCopyWaitsFailsBothWithAbortedAtTheOffsetReached(KernelModelProvider model) {
        Outcome o = abortDuringCopy().run(model);
        assertThat(o.log("client").get(0).errorCode()).isEqualTo(ErrorCode.ABORTED.encode(ErrorCode.Phase.SEND, 4096));
        assertThat(o.log("server").get(0).errorCode()).isEqualTo(ErrorCode.ABORTED.encode(ErrorCode.Phase.RECEIVE, 4096));
        assertThat(o.log("pager").get(1).errorCode()).as("the late reply finds the server no longer waiting").isEqualTo(0x2);
        assertThat(o.state("server")).isEqualTo(ThreadState.HALTED);
    }

    @Test
    void theAbortScenarioIsObservablyIdenticalAcrossModels() {
        Differential.assertIdentical(abortDuringCopy());
    }
}
