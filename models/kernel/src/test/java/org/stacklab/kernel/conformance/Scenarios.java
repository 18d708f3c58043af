package org.stacklab.kernel.conformance;

import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;

/**
 * The hand-written scenarios of the conformance kit. The spec tests assert each one's expected
 * observations on every model; {@link #catalogue()} feeds all of them to the differential test.
 *
 * <p>Priorities: the scheduler runs the highest priority first, and threads of one priority in
 * creation order, so a scenario fixes who runs first through priorities and declaration order. A
 * "logger" thread at a higher priority that {@code Wait}s repeatedly records the order in which other
 * threads ran: it preempts every sender, so it receives messages in the order they were sent.
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(
                sendZeroTimeoutToBusyThread(),
                receiveFromInvalid(),
                sendToInvalid(),
                replyRightAfterCall(100, 100),
                replyRightAfterCall(101, 100),
                replyRightAfterCall(100, 101),
                fifoThreeSenders(),
                waitLocalWithOnlyAForeignSender(),
                waitLocalSkipsAForeignSenderQueuedFirst(),
                localAndGlobalSenders(),
                pingPong(8),
                nullIpc(),
                callNeverAnswered(),
                sendOnly(true),
                sendOnly(false),
                threadSwitch("self"),
                threadSwitch("yield"),
                threadSwitch("directed"),
                threadSwitchToLowerPriority(),
                preemptionAtKernelExit(),
                idleThreads(10),
                waitTimeout(),
                sleep(),
                sleepPreemptsComputation(),
                callReceiveTimeoutActiveSend(),
                callReceiveTimeoutPassiveSend(),
                callTimeoutWhileServerSpins(),
                sendTimeoutWhileQueued(),
                sendTimeoutToSelf(),
                timePeriodZeroNeverFires(),
                blockedWithDeadlines());
    }

    /** Timeout periods used by the timeout scenarios, in µs. */
    public static final long T_WAIT = 5_000;
    public static final long T_SLEEP = 3_000;
    public static final long T_CALL = 35_000;
    public static final long T_SERVER_SLEEP = 70_000;
    public static final long T_SPIN_CALL = 20_000;

    /**
     * §8 vector 2: W logs a timestamp ({@code Ipc(nil, nil)}), then {@code Wait_Timeout(5 ms)} with no
     * sender anywhere: ErrorCode 0x3 about 5 ms later.
     */
    public static Scenario waitTimeout() {
        return Scenario.named("v2-wait-timeout")
                .thread("W", "A", 100, ids -> Prog.named("W")
                        .msg(Prog.LABEL).nullIpc()
                        .waitTimeout(Timeout.period(T_WAIT))
                        .halt().build());
    }

    /** §8 vector 3: {@code Sleep(3 ms)} (receive from self): 0x3 after about 3 ms, from = nil. */
    public static Scenario sleep() {
        return Scenario.named("v3-sleep")
                .thread("S", "A", 100, ids -> Prog.named("S")
                        .msg(Prog.LABEL).nullIpc()
                        .sleep(ids.global("S"), Timeout.period(T_SLEEP))
                        .halt().build());
    }

    /**
     * A Sleep expiring while another thread computes: H (101) sleeps 3 ms, then sends 1 to the logger Z;
     * L (100) computes 10 ms (one instruction), then sends 2. The timer interrupt cuts L's compute, H
     * preempts L, so Z sees 1 before 2; L's compute finishes afterwards as if never cut.
     */
    public static Scenario sleepPreemptsComputation() {
        return Scenario.named("sleep-preempts-compute")
                .thread("Z", "Z", 102, ids -> Prog.named("Z").waitAny().waitAny().halt().build())
                .thread("H", "H", 101, ids -> Prog.named("H")
                        .sleep(ids.global("H"), Timeout.period(T_SLEEP)).send(ids.global("Z"), 1).halt().build())
                .thread("L", "L", 100, ids -> Prog.named("L")
                        .compute(1_000_000).mov(9, 77).send(ids.global("Z"), 2).halt().build());
    }

    /**
     * §8 vector 6, send completed actively: the server S (101) waits first; the client C (100) logs a
     * timestamp and Calls S with RcvTO 35 ms; its send completes at once (S was waiting). S sleeps 70 ms,
     * then Replies with ZeroTime. C times out (0x3) about 35 ms after its send completed; S's late reply
     * gets 0x2.
     */
    public static Scenario callReceiveTimeoutActiveSend() {
        return Scenario.named("v6-call-timeout-active-send")
                .thread("S", "B", 101, ids -> Prog.named("S")
                        .waitAny()
                        .sleep(ids.global("S"), Timeout.period(T_SERVER_SLEEP))
                        .reply(ids.global("C"), 2)
                        .halt().build())
                .thread("C", "A", 100, ids -> Prog.named("C")
                        .msg(Prog.LABEL).nullIpc()
                        .callTimeout(ids.global("S"), Timeout.NEVER, Timeout.period(T_CALL), 1)
                        .halt().build());
    }

    /**
     * §8 vector 6, send completed passively and the caller kept off the CPU in between: C (100) Calls S
     * (100, created later, not yet waiting) with RcvTO 35 ms and blocks POLLING. S's Wait takes the
     * message — C's send phase ends now, RECV_PENDING — and S keeps the CPU for 10 ms of computation
     * before it sleeps 70 ms; only then does C run its receive phase. C must still time out 35 ms after
     * its send completed (not 35 ms after its receive phase started); S's late reply gets 0x2.
     */
    public static Scenario callReceiveTimeoutPassiveSend() {
        return Scenario.named("v6-call-timeout-passive-send")
                .thread("C", "A", 100, ids -> Prog.named("C")
                        .callTimeout(ids.global("S"), Timeout.NEVER, Timeout.period(T_CALL), 1)
                        .halt().build())
                .thread("S", "B", 100, ids -> Prog.named("S")
                        .waitAny()
                        .compute(1_000_000)
                        .sleep(ids.global("S"), Timeout.period(T_SERVER_SLEEP))
                        .reply(ids.global("C"), 2)
                        .halt().build());
    }

    /**
     * §8 vector 8 (mung {@code r_recv_timeout_test}, "timeout in spin, send"): the lower-priority caller C
     * (100) Calls the higher-priority server S (101, already waiting) with RcvTO 20 ms; S spins 25 ms
     * (compute), then Replies with ZeroTime. C gets 0x3 while S spins; S's reply gets 0x2.
     */
    public static Scenario callTimeoutWhileServerSpins() {
        return Scenario.named("v8-call-timeout-server-spins")
                .thread("S", "B", 101, ids -> Prog.named("S")
                        .waitAny()
                        .compute(2_500_000)
                        .reply(ids.global("C"), 2)
                        .halt().build())
                .thread("C", "A", 100, ids -> Prog.named("C")
                        .callTimeout(ids.global("S"), Timeout.NEVER, Timeout.period(T_SPIN_CALL), 1)
                        .halt().build());
    }

    /**
     * A send timeout expiring while queued: S1 (101), S2 (101) and S3 (100) send to R in that order while
     * R (99) sleeps 20 ms, so R's send queue is S1, S2, S3; S2's send timeout is 10 ms. At 10 ms S2 leaves
     * the middle of the queue with 0x2 (R sees nothing) and sends again with Never (to the tail). R then
     * Waits three times and receives in FIFO order: S1, S3, S2's second message.
     */
    public static Scenario sendTimeoutWhileQueued() {
        return Scenario.named("send-timeout-while-queued")
                .thread("R", "R", 99, ids -> Prog.named("R")
                        .sleep(ids.global("R"), Timeout.period(20_000))
                        .waitAny().waitAny().waitAny()
                        .halt().build())
                .thread("S1", "A", 101, ids -> Prog.named("S1").send(ids.global("R"), 1).halt().build())
                .thread("S2", "B", 101, ids -> Prog.named("S2")
                        .sendTimeout(ids.global("R"), Timeout.period(10_000), 2)
                        .send(ids.global("R"), 22)
                        .halt().build())
                .thread("S3", "C", 100, ids -> Prog.named("S3").send(ids.global("R"), 3).halt().build());
    }

    /**
     * Sending to yourself blocks (§2.3 [DECIDE], follow P) until the send timeout: X's Send_Timeout(X, 2 ms)
     * gets 0x2; its Call to itself with send timeout 1 ms gets 0x2 too and skips the receive phase.
     */
    public static Scenario sendTimeoutToSelf() {
        return Scenario.named("send-timeout-to-self")
                .thread("X", "A", 100, ids -> Prog.named("X")
                        .sendTimeout(ids.global("X"), Timeout.period(2_000), 1)
                        .callTimeout(ids.global("X"), Timeout.period(1_000), Timeout.period(1_000), 2)
                        .halt().build());
    }

    /**
     * Threads blocked with deadlines when the run ends (the cycle limit, 5 ms, comes before any of them):
     * W1, W2 wait with 50 ms / 60 ms, P polls on W0 (which waits for D only) with a 70 ms send timeout,
     * C's Call to W0 with Never send timeout polls without a deadline. {@code KernelInvariants} must find
     * every blocked thread with a deadline in the timer set exactly once.
     */
    public static Scenario blockedWithDeadlines() {
        return Scenario.named("blocked-with-deadlines")
                .cycleLimit(500_000)
                .thread("W0", "A", 100, ids -> Prog.named("W0").receiveTimeout(ids.global("D"), Timeout.period(80_000)).halt().build())
                .thread("W1", "A", 100, ids -> Prog.named("W1").waitTimeout(Timeout.period(50_000)).halt().build())
                .thread("W2", "B", 100, ids -> Prog.named("W2").waitTimeout(Timeout.period(60_000)).halt().build())
                .thread("P", "B", 100, ids -> Prog.named("P").sendTimeout(ids.global("W0"), Timeout.period(70_000), 5).halt().build())
                .thread("C", "C", 100, ids -> Prog.named("C").call(ids.global("W0"), 6).halt().build())
                .thread("D", "D", 100, ids -> Prog.named("D").halt().build());
    }

    /**
     * §8 vector 1: S (higher priority, runs first) does {@code Ipc(T, T, snd=Zero, rcv=Never)} — a Call
     * with Zero send timeout — while T has not run yet (READY, not waiting). Expected: S gets tag.e and
     * ErrorCode 0x2 and its receive phase does not run (S goes on and halts). T's
     * {@code Receive_Timeout(S, Zero)} then finds nothing queued: 0x3.
     */
    public static Scenario sendZeroTimeoutToBusyThread() {
        return Scenario.named("v1-send-zero-timeout")
                .thread("S", "A", 101, ids -> Prog.named("S")
                        .msg(Prog.LABEL, 7).ipc(ids.global("T"), ids.global("T"), Timeout.ZERO, Timeout.NEVER)
                        .halt().build())
                .thread("T", "B", 100, ids -> Prog.named("T")
                        .receiveTimeout(ids.global("S"), Timeout.ZERO)
                        .halt().build());
    }

    /**
     * §8 vector 4: closed receives from ids that name no live thread fail at once with 0x5, even with a
     * Never timeout: X's id with another version (stale), a thread number never created, a local id that
     * names no thread of R's space, and a system-range number (below 64: no user thread).
     */
    public static Scenario receiveFromInvalid() {
        return Scenario.named("v4-receive-from-invalid")
                .thread("R", "A", 100, ids -> Prog.named("R")
                        .receive(ids.stale("X"))
                        .receive(ids.neverCreated())
                        .receive(ids.unusedLocal("R"))
                        .receive(ids.systemRange())
                        .halt().build())
                .thread("X", "A", 99, ids -> Prog.named("X").halt().build());
    }

    /**
     * §8 vector 5: sends to a stale id, a never-created id, anythread, anylocalthread, a system-range id
     * and a local id that names no thread of S's space all fail with 0x4 at once (Never send timeout);
     * a Call to a stale id fails with 0x4 and does not run its receive phase.
     */
    public static Scenario sendToInvalid() {
        return Scenario.named("v5-send-to-invalid")
                .thread("S", "A", 100, ids -> Prog.named("S")
                        .send(ids.stale("X"), 1)
                        .send(ids.neverCreated(), 2)
                        .send(ThreadId.ANY, 3)
                        .send(ThreadId.ANY_LOCAL, 4)
                        .send(ids.systemRange(), 5)
                        .send(ids.unusedLocal("S"), 6)
                        .call(ids.stale("X"), 7)
                        .halt().build())
                .thread("X", "A", 99, ids -> Prog.named("X").halt().build());
    }

    /**
     * §8 vector 7 (atomicity): the client Calls the server; the server, right after receiving, Replies
     * with a Zero send timeout. The client is then already receiving (WAITING, or RECV_PENDING when its
     * send completed passively), so the Reply always succeeds, whatever the priorities.
     */
    public static Scenario replyRightAfterCall(int clientPrio, int serverPrio) {
        return Scenario.named("v7-reply-after-call-c" + clientPrio + "-s" + serverPrio)
                .thread("client", "A", clientPrio, ids -> Prog.named("client")
                        .call(ids.global("server"), 11, 22)
                        .halt().build())
                .thread("server", "B", serverPrio, ids -> Prog.named("server")
                        .waitAny()
                        .reply(ids.global("client"), 33)
                        .halt().build());
    }

    /**
     * §8 vector 9: three senders reach R's send queue in the order S3, S1, S2 (their priorities 102,
     * 101, 100 decide it, not their creation order); R (lowest priority) then Waits three times and must
     * receive them in arrival order: S3, S1, S2.
     */
    public static Scenario fifoThreeSenders() {
        return Scenario.named("v9-fifo-senders")
                .thread("R", "A", 99, ids -> Prog.named("R").waitAny().waitAny().waitAny().halt().build())
                .thread("S1", "B", 101, ids -> Prog.named("S1").send(ids.global("R"), 1).halt().build())
                .thread("S2", "C", 100, ids -> Prog.named("S2").send(ids.global("R"), 2).halt().build())
                .thread("S3", "D", 102, ids -> Prog.named("S3").send(ids.global("R"), 3).halt().build());
    }

    /** Period of vector 10's WaitLocal timeout (µs). */
    public static final long T_WAIT_LOCAL = 5_000;

    /**
     * §8 vector 10: the foreign sender F (space B, 101) sends to R first and queues (R has not run). R
     * (space A, 99) then does {@code WaitLocal_Timeout(5 ms)}: F is not of R's space, so R times out with
     * 0x3 about 5 ms after its call and F stays queued; R's following {@code Wait} receives F's message
     * (from = F's global id).
     */
    public static Scenario waitLocalWithOnlyAForeignSender() {
        return Scenario.named("v10-wait-local-foreign-sender")
                .thread("R", "A", 99, ids -> Prog.named("R")
                        .waitLocalTimeout(Timeout.period(T_WAIT_LOCAL))
                        .waitAny()
                        .halt().build())
                .thread("F", "B", 101, ids -> Prog.named("F").send(ids.global("R"), 1).halt().build());
    }

    /**
     * Vector 10 continued: R's send queue holds the foreign F (space B, 102) first, then the local L
     * (space A, 101). R's {@code WaitLocal} (Never) skips F and receives L (from = L's local id); R's
     * {@code Wait} then receives F.
     */
    public static Scenario waitLocalSkipsAForeignSenderQueuedFirst() {
        return Scenario.named("wait-local-skips-a-foreign-sender")
                .thread("R", "A", 99, ids -> Prog.named("R").waitLocal().waitAny().halt().build())
                .thread("F", "B", 102, ids -> Prog.named("F").send(ids.global("R"), 1).halt().build())
                .thread("L", "A", 101, ids -> Prog.named("L").send(ids.local("R"), 2).halt().build());
    }

    /** The finite period vector 14's scenario lets pass before anyone sends (µs). */
    public static final long T_LATE_SEND = 100_000;

    /**
     * §8 vector 14 on a running kernel: {@code L4_TimePeriod(0)} is raw 0, i.e. Never, so a receive with
     * it never times out (where Zero would fail at once). W (101) logs a timestamp and Waits with
     * {@code Timeout.period(0)}; N (101) does the same with nobody ever sending to it; L (100) sleeps
     * 100 ms and then sends 1 to W. W receives L's message 100 ms later; N is still WAITING when the run
     * ends (quiescent), with nothing logged and no deadline in the timer set.
     */
    public static Scenario timePeriodZeroNeverFires() {
        return Scenario.named("v14-time-period-zero-never-fires")
                .thread("W", "A", 101, ids -> Prog.named("W")
                        .msg(Prog.LABEL).nullIpc()
                        .waitTimeout(Timeout.period(0))
                        .halt().build())
                .thread("N", "B", 101, ids -> Prog.named("N").waitTimeout(Timeout.period(0)).halt().build())
                .thread("L", "C", 100, ids -> Prog.named("L")
                        .sleep(ids.global("L"), Timeout.period(T_LATE_SEND))
                        .send(ids.global("W"), 1)
                        .halt().build());
    }

    /**
     * §8 vector 11: R in space A Waits twice; S1 in A sends first (to R's local id), S2 in B second (to
     * R's global id). R sees S1's local id (low 6 bits 0) and S2's global id.
     */
    public static Scenario localAndGlobalSenders() {
        return Scenario.named("v11-local-and-global-from")
                .thread("R", "A", 102, ids -> Prog.named("R").waitAny().waitAny().halt().build())
                .thread("S1", "A", 101, ids -> Prog.named("S1").send(ids.local("R"), 1).halt().build())
                .thread("S2", "B", 100, ids -> Prog.named("S2").send(ids.global("R"), 2).halt().build());
    }

    /**
     * Ping-pong with echo: the client Calls the server {@code rounds} times with word {@code i}
     * (1-based, in r8); the server's loop is Wait, then ReplyWait to whoever sent, with word + 1000. The
     * client keeps the last reply word in r9 and halts; the server ends WAITING for ever.
     */
    public static Scenario pingPong(int rounds) {
        long tag1 = MsgTag.of(Prog.LABEL, 1, 0).raw();
        return Scenario.named("pingpong-" + rounds)
                .thread("client", "A", 100, ids -> Prog.named("client")
                        .mov(7, rounds).mov(8, 0)
                        .label("loop")
                        .addImm(8, 1).setMrImm(0, tag1).setMr(1, 8)
                        .ipc(ids.global("server"), ids.global("server"), Timeout.NEVER, Timeout.NEVER)
                        .getMr(9, 1)
                        .loop(7, "loop")
                        .halt().build())
                .thread("server", "B", 100, ids -> Prog.named("server")
                        .waitAny()
                        .label("loop")
                        .getMr(4, 1).addImm(4, 1000).setMr(1, 4).setMrImm(0, tag1)
                        .replyWaitToLastSender()
                        .jump("loop")
                        .build());
    }

    /**
     * {@code Ipc(nil, nil)} returns at once with from = nil and the tag as set, and does not give up the
     * CPU: A does it and then sends 1 to the logger Z; B (same priority, created later) sends 2; Z
     * receives 1 before 2.
     */
    public static Scenario nullIpc() {
        return Scenario.named("null-ipc")
                .thread("Z", "L", 102, ids -> Prog.named("Z").waitAny().waitAny().halt().build())
                .thread("A", "A", 100, ids -> Prog.named("A")
                        .msg(Prog.LABEL, 5).nullIpc()
                        .send(ids.global("Z"), 1).halt().build())
                .thread("B", "B", 100, ids -> Prog.named("B").send(ids.global("Z"), 2).halt().build());
    }

    /**
     * A Call to a thread that never receives blocks for ever: C Calls T; T waits for D only (closed
     * receive), D halts at once. The run is quiescent with C POLLING in T's send queue and T WAITING.
     */
    public static Scenario callNeverAnswered() {
        return Scenario.named("call-never-answered")
                .thread("C", "A", 100, ids -> Prog.named("C").call(ids.global("T"), 1).halt().build())
                .thread("T", "B", 100, ids -> Prog.named("T").receive(ids.global("D")).halt().build())
                .thread("D", "C", 100, ids -> Prog.named("D").halt().build());
    }

    /**
     * A send-only Send, then the receiver gets it. {@code receiverFirst}: R already waits when S sends
     * (S's send completes actively); otherwise S blocks POLLING until R's Receive takes the message.
     */
    public static Scenario sendOnly(boolean receiverFirst) {
        int rPrio = receiverFirst ? 101 : 100;
        int sPrio = receiverFirst ? 100 : 101;
        return Scenario.named("send-only-" + (receiverFirst ? "receiver-first" : "sender-first"))
                .thread("S", "A", sPrio, ids -> Prog.named("S").send(ids.global("R"), 4, 5, 6).halt().build())
                .thread("R", "B", rPrio, ids -> Prog.named("R").receive(ids.global("S")).getMr(5, 3).halt().build());
    }

    /**
     * ThreadSwitch: A, B and C (same priority, in that order) each send their number to the logger Z.
     * A first does ThreadSwitch: {@code self} — returns at once, Z sees 1, 2, 3; {@code yield}
     * (ThreadSwitch(nil)) — A goes to the tail, Z sees 2, 3, 1; {@code directed} (ThreadSwitch(C)) — C
     * runs next, then B, then A: Z sees 3, 2, 1.
     */
    public static Scenario threadSwitch(String how) {
        return Scenario.named("thread-switch-" + how)
                .thread("Z", "L", 102, ids -> Prog.named("Z").waitAny().waitAny().waitAny().halt().build())
                .thread("A", "A", 100, ids -> Prog.named("A")
                        .threadSwitch(switch (how) {
                            case "self" -> ids.global("A");
                            case "yield" -> ThreadId.NIL;
                            case "directed" -> ids.global("C");
                            default -> throw new IllegalArgumentException(how);
                        })
                        .send(ids.global("Z"), 1).halt().build())
                .thread("B", "B", 100, ids -> Prog.named("B").send(ids.global("Z"), 2).halt().build())
                .thread("C", "C", 100, ids -> Prog.named("C").send(ids.global("Z"), 3).halt().build());
    }

    /**
     * A directed ThreadSwitch from a higher-priority thread H (101) to a lower-priority thread L (100)
     * that has never run. The SPI contract says L runs; whether L then executes user code or is preempted
     * at once by H (now READY at the tail of 101) is left to the differential check: the logger Z sees the
     * order. Found by the random-workload property (perthread crashed on it).
     */
    public static Scenario threadSwitchToLowerPriority() {
        return Scenario.named("thread-switch-to-lower-priority")
                .thread("Z", "Z", 102, ids -> Prog.named("Z").waitAny().waitAny().halt().build())
                .thread("H", "H", 101, ids -> Prog.named("H").threadSwitch(ids.global("L")).send(ids.global("Z"), 1).halt().build())
                .thread("L", "L", 100, ids -> Prog.named("L").send(ids.global("Z"), 2).halt().build());
    }

    /**
     * A higher-priority thread made ready by a send preempts the sender at kernel exit: H (101) Waits; L
     * (100) sends to H and then 1 to the logger Z (102); H, once it has the message, sends 4 to Z. With
     * preemption at L's kernel exit H runs before L's second send, so Z sees 4 (from H) before 1 (from L).
     */
    public static Scenario preemptionAtKernelExit() {
        return Scenario.named("preemption-at-kernel-exit")
                .thread("Z", "Z", 102, ids -> Prog.named("Z").waitAny().waitAny().halt().build())
                .thread("H", "H", 101, ids -> Prog.named("H").waitAny().send(ids.global("Z"), 4).halt().build())
                .thread("L", "L", 100, ids -> Prog.named("L").send(ids.global("H"), 9).send(ids.global("Z"), 1).halt().build());
    }

    /**
     * {@code n} idle threads (each Waits for ever) next to a client/server pair doing 4 round trips: the
     * stack-memory scenario. The idle threads block first (they are created first, at the pair's
     * priority), so all {@code n} are blocked while the pair runs.
     */
    public static Scenario idleThreads(int n) {
        Scenario s = Scenario.named("idle-threads-" + n);
        for (int i = 0; i < n; i++) {
            s.thread("idle" + i, "idle", 100, ids -> Prog.named("idle").waitAny().halt().build());
        }
        Scenario pair = pingPong(4);
        for (Scenario.ThreadSpec t : pair.threads()) {
            s.thread(t.name(), t.space(), t.priority(), t.program());
        }
        return s;
    }
}
