package org.stacklab.kernel.conformance;

import java.util.List;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.thread.ExchangeRegisters;

/**
 * Scenarios for ExchangeRegisters (semantics.md §7) and its aborts (§2.7, §8 vector 12), used by
 * {@link AbortConformanceTest} and, through {@link #catalogue()}, by the differential test.
 *
 * <p>Instruction indices the expectations use: {@code Prog.waitAny()} is 4 instructions (the system
 * call at 3), a message of one word adds 2 ({@code Prog.send(t, 1)}: system call at 5).
 */
public final class AbortScenarios {
    private AbortScenarios() {
    }

    /** Every scenario, for the differential test. */
    public static List<Scenario> catalogue() {
        return List.of(abortBlockedSender(), abortBlockedReceiver(), abortRecvPendingCall(), abortWaitWithDeadline(),
                abortSendWithDeadline(), exregsPermission(), exregsLocalId(), exregsSetsRegisters(), abortRunningAndReady(),
                haltAndResume());
    }

    /** Period of the timeouts the aborts cut short (µs): far beyond the scenarios' own work. */
    public static final long T_LONG = 50_000;

    /** Vector 12, bit s: S blocks sending to R; A aborts it; R later finds no sender. */
    public static Scenario abortBlockedSender() {
        return Scenario.named("v12 abort a blocked sender")
                .thread("S", "a", 20, ids -> Prog.named("S").send(ids.global("R"), 1).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").abortSend(ids.global("S")).halt().build())
                .thread("R", "a", 5, ids -> Prog.named("R").waitTimeout(Timeout.ZERO).halt().build());
    }

    /** Vector 12, bit r: W waits; A aborts it, then a Zero-timeout reply finds W not waiting. */
    public static Scenario abortBlockedReceiver() {
        return Scenario.named("v12 abort a blocked receiver")
                .thread("W", "a", 20, ids -> Prog.named("W").waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").abortReceive(ids.global("W")).reply(ids.global("W"), 9).halt().build());
    }

    /**
     * Bit r on a Call whose send S completed (RECV_PENDING, its receive deadline already fixed): C
     * calls S before S waits; S's Wait takes the message; A aborts C before C runs its receive phase.
     */
    public static Scenario abortRecvPendingCall() {
        return Scenario.named("abort a RECV_PENDING call")
                .thread("C", "a", 10, ids -> Prog.named("C")
                        .callTimeout(ids.global("S"), Timeout.NEVER, Timeout.period(T_LONG), 1).halt().build())
                .thread("S", "a", 10, ids -> Prog.named("S").waitAny().waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").abortReceive(ids.global("C")).halt().build());
    }

    /** Bit r on a Wait with a pending timeout: the deadline leaves the timer set. */
    public static Scenario abortWaitWithDeadline() {
        return Scenario.named("abort a wait with a deadline")
                .thread("W", "a", 20, ids -> Prog.named("W").waitTimeout(Timeout.period(T_LONG)).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").abortReceive(ids.global("W")).halt().build());
    }

    /** Bit s on a send with a pending timeout; the receiver never sees the sender. */
    public static Scenario abortSendWithDeadline() {
        return Scenario.named("abort a send with a deadline")
                .thread("P", "a", 20, ids -> Prog.named("P").sendTimeout(ids.global("R"), Timeout.period(T_LONG), 1).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A").abortReceive(ids.global("P")).abortSend(ids.global("P")).halt().build())
                .thread("R", "a", 5, ids -> Prog.named("R").waitTimeout(Timeout.ZERO).halt().build());
    }

    /** Another space's thread, a stale id, nil and anythread: InvalidThread (2); nothing happens to X. */
    public static Scenario exregsPermission() {
        return Scenario.named("exregs permission")
                .thread("X", "b", 20, ids -> Prog.named("X").waitAny().halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A")
                        .exregs(ids.global("X"), ExchangeRegisters.ABORT_RECEIVE)
                        .exregs(ids.stale("A"), 0)
                        .exregs(ThreadId.NIL, 0)
                        .exregs(ThreadId.ANY, ExchangeRegisters.ABORT_RECEIVE)
                        .halt().build());
    }

    /** A local dest id comes back as the global id. */
    public static Scenario exregsLocalId() {
        return Scenario.named("exregs local id")
                .thread("A", "a", 10, ids -> Prog.named("A").exregs(ids.local("B"), 0).exregs(ids.local("A"), 0).halt().build())
                .thread("B", "a", 5, ids -> Prog.named("B").halt().build());
    }

    /**
     * Abort and set every register of a waiting thread, which then continues at the new ip; read them
     * back once it halted. An ip beyond the program is InvalidParam (5), and halting is not there yet.
     */
    public static Scenario exregsSetsRegisters() {
        long all = ExchangeRegisters.ABORT_RECEIVE | ExchangeRegisters.SET_SP | ExchangeRegisters.SET_IP | ExchangeRegisters.SET_FLAGS
                | ExchangeRegisters.SET_HANDLE | ExchangeRegisters.SET_PAGER;
        return Scenario.named("exregs sets registers")
                .thread("W", "a", 20, ids -> Prog.named("W").waitAny().mov(9, 1).halt().mov(9, 2).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A")
                        .exregs(ids.global("W"), ExchangeRegisters.SET_IP, 0, 1000, 0, 0, 0)
                        .exregs(ids.global("W"), ExchangeRegisters.HALT_VALID | ExchangeRegisters.HALT)
                        .exregs(ids.global("W"), all, 0x1234, 6, 7, 8, 9)
                        .exregs(ids.global("W"), 0)
                        .halt().build());
    }

    /** {@code L4_AbortIpc_and_stop}-style control word: h, r, s with H. */
    public static final long ABORT_AND_STOP = ExchangeRegisters.HALT | ExchangeRegisters.ABORT_RECEIVE | ExchangeRegisters.ABORT_SEND
            | ExchangeRegisters.HALT_VALID;
    /** {@code L4_Start}: H, r, s (resume and abort). */
    public static final long START = ExchangeRegisters.HALT_VALID | ExchangeRegisters.ABORT_RECEIVE | ExchangeRegisters.ABORT_SEND;

    /**
     * Halt and resume: halting the caller or a thread still in IPC is InvalidParam; abort-and-stop
     * stops a waiting thread (its 0x7 waits with it); a resume lets it run on; a READY thread stops too.
     */
    public static Scenario haltAndResume() {
        long stop = ExchangeRegisters.HALT_VALID | ExchangeRegisters.HALT;
        return Scenario.named("halt and resume")
                .thread("W", "a", 20, ids -> Prog.named("W").waitAny().mov(9, 1).halt().build())
                .thread("A", "a", 10, ids -> Prog.named("A")
                        .exregs(ids.global("A"), stop)
                        .exregs(ids.global("W"), stop)
                        .exregs(ids.global("W"), ABORT_AND_STOP)
                        .exregs(ids.global("W"), 0)
                        .exregs(ids.global("W"), START)
                        .exregs(ids.global("W"), 0)
                        .exregs(ids.global("B"), stop)
                        .halt().build())
                .thread("B", "a", 5, ids -> Prog.named("B").mov(9, 7).halt().build());
    }

    /** Aborting threads in no IPC (the caller itself, a READY thread) changes nothing. */
    public static Scenario abortRunningAndReady() {
        long both = ExchangeRegisters.ABORT_SEND | ExchangeRegisters.ABORT_RECEIVE;
        return Scenario.named("abort a running and a ready thread")
                .thread("A", "a", 10, ids -> Prog.named("A").exregs(ids.global("A"), both).exregs(ids.global("B"), both).halt().build())
                .thread("B", "a", 10, ids -> Prog.named("B").send(ids.global("A"), 1).halt().build());
    }
}
