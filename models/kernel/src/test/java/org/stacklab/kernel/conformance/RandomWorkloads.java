package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Timeout;

/**
 * Generator of small random workloads for the differential property
 * ({@code RandomWorkloadConformanceTest}): 2–6 threads in 1–3 spaces at priorities 100/101, each a
 * straight-line program of 1–5 random IPC forms (send, call, receive, wait, reply-wait, null IPC,
 * yield, directed switch, ExchangeRegisters aborting a send or a receive phase, stopping or
 * starting a thread, ThreadControl deleting one, user traps, propagated sends and Calls
 * ({@link Kind#PROPAGATE}, {@link Kind#FORWARD}); also FPU work between them, {@link Kind#FPU}) to random destinations (another thread by global or local id, nil,
 * anythread, a stale id), timeouts Never, Zero or a short period ({@link To}), 0–3 message words, then
 * halt; in about half of them a periodic interrupt source ({@link Irq}) whose handler is one of the
 * threads (which then receives it in open waits and in {@link Kind#IRQ_RECEIVE}).
 *
 * <p>The periods are whole timer ticks ({@link org.stacklab.kernel.time.Timers#TICK_MICROS}) and a
 * generated program's bursts of kernel work between two timer events take far less than a tick, so a
 * deadline lands on the same tick in every model although their kernel costs differ (DESIGN.md rule 3
 * holds "whenever scheduling decisions are the same").
 *
 * <p>{@code -Dstacklab.kit.excludeKinds=SWITCH,YIELD} leaves operation kinds out (to hunt past a known
 * divergence).
 *
 * <p>Everything shrinks towards fewer threads, fewer operations, Never timeouts and global ids.
 */
public final class RandomWorkloads {
    /** Straight-line programs finish far below this; a run that reaches it has livelocked. */
    public static final long CYCLE_LIMIT = 20_000_000L;

    private RandomWorkloads() {
    }

    /** What an operation does. */
    public enum Kind {
        SEND, CALL, RECEIVE, WAIT, REPLY_WAIT, NULL, YIELD, SWITCH,
        /** Receive from the thread itself ({@code Sleep} with the generated receive timeout; Never blocks for ever). */
        SLEEP,
        /** ExchangeRegisters with bit s on the destination (semantics.md §2.7). */
        ABORT_SEND,
        /** ExchangeRegisters with bit r on the destination. */
        ABORT_RECEIVE,
        /** ExchangeRegisters abort-and-stop (h r s H) on the destination. */
        STOP,
        /** ExchangeRegisters start (r s H: abort and resume) on the destination. */
        START,
        /**
         * Closed receive from the interrupt thread {@code irq(1)} with the generated receive timeout: the
         * handler gets the interrupt, any other thread (or a workload without a source) fails with 0x5.
         */
        IRQ_RECEIVE,
        /** ThreadControl delete of the destination (semantics.md §2.7). */
        DELETE,
        /**
         * ThreadControl create: the destination's number under version 2 (works once it was deleted), running
         * the creator's program from its start at priority 100.
         */
        CREATE,
        /**
         * Not a system call: FPU work (semantics.md §7 lazy FPU): {@code mov r8, w0; fmov fA, r8; fadd fB, fA;
         * fmov r(9 + B % 4), fB} with A and B from the destination index and the word count, so FPU registers
         * accumulate per thread across switches and end up in r9..r12.
         */
        FPU,
        /**
         * A user trap (issue 3, deliverable 4): {@code setexh dest; trap w0}, or {@code ud} (#UD, exception
         * 6) when there are no words — delivered as an exception
         * Call to the destination if it names a live thread (which may receive it with any open or closed
         * receive and resume it with any reply), else the thread halts.
         */
        TRAP,
        /**
         * A propagated IPC (semantics.md §2.8): {@code setvs V; MR0 = tag | p; ipc(dest, dest or nil)} — a
         * Call when the word count is odd, else a send — then {@code getas r13}. V is thread
         * {@code (dest + 1 + words) % n} (possibly the caller or the destination) by global id, or by local
         * id (valid only if V shares the caller's space) when there are no words; so propagation is allowed, not allowed
         * (p cleared), redirects a virtual sender's closed wait, or not, depending on the spaces.
         */
        PROPAGATE,
        /**
         * A forwarding server step: wait (open, the generated receive timeout), then {@code setvs r0} (the
         * thread just received from; nil after a failed wait) and a propagated send of the words to the
         * destination (the generated send timeout), then {@code getas r12}. A Call to this thread that it
         * forwards gets its closed wait redirected to the destination (§2.8 fixup).
         */
        FORWARD
    }

    /** How an operation names its partner. */
    public enum DestKind {
        /** The global id of another thread. */
        THREAD,
        /** The local id of another thread (valid only from the same space). */
        LOCAL,
        /** Another thread's number with a wrong version. */
        STALE,
        NIL,
        ANY
    }

    /** A generated timeout: Never, Zero, or a period of 1, 3 or 8 ms. */
    public enum To {
        NEVER(0), ZERO(0), P1MS(1_000), P3MS(3_000), P8MS(8_000);

        private final long micros;

        To(long micros) {
            this.micros = micros;
        }

        Timeout timeout() {
            return switch (this) {
                case NEVER -> Timeout.NEVER;
                case ZERO -> Timeout.ZERO;
                default -> Timeout.period(micros);
            };
        }

        String show() {
            return switch (this) {
                case NEVER -> "Never";
                case ZERO -> "Zero";
                default -> (micros / 1000) + "ms";
            };
        }
    }

    /** A partner: {@code thread} is an index, made to name another thread than the caller. */
    public record Dest(DestKind kind, int thread) {
        ThreadId resolve(Scenario.Ids ids, int self, int n) {
            int other = thread % n == self ? (self + 1) % n : thread % n;
            String name = "t" + other;
            return switch (kind) {
                case THREAD -> ids.global(name);
                case LOCAL -> ids.local(name);
                case STALE -> ids.stale(name);
                case NIL -> ThreadId.NIL;
                case ANY -> ThreadId.ANY;
            };
        }

        String show(int self, int n) {
            int other = thread % n == self ? (self + 1) % n : thread % n;
            return switch (kind) {
                case THREAD -> "t" + other;
                case LOCAL -> "local(t" + other + ")";
                case STALE -> "stale(t" + other + ")";
                case NIL -> "nil";
                case ANY -> "anythread";
            };
        }
    }

    /** One system call of a generated program. */
    public record Op(Kind kind, Dest dest, To send, To receive, List<Long> words) {
        void emit(Prog p, Scenario.Ids ids, int self, int n) {
            ThreadId d = dest.resolve(ids, self, n);
            Timeout snd = send.timeout();
            Timeout rcv = receive.timeout();
            long[] w = words.stream().mapToLong(Long::longValue).toArray();
            switch (kind) {
                case SEND -> p.msg(Prog.LABEL, w).ipc(d, ThreadId.NIL, snd, rcv);
                case CALL -> p.msg(Prog.LABEL, w).ipc(d, d, snd, rcv);
                case RECEIVE -> p.ipc(ThreadId.NIL, d, snd, rcv);
                case WAIT -> p.ipc(ThreadId.NIL, ThreadId.ANY, snd, rcv).add(new org.stacklab.kernel.user.Insn.GetActualSender(14));
                case REPLY_WAIT -> p.msg(Prog.LABEL, w).ipc(d, ThreadId.ANY, Timeout.ZERO, rcv);
                case NULL -> p.msg(Prog.LABEL, w).nullIpc();
                case YIELD -> p.yield();
                case SWITCH -> p.threadSwitch(d);
                case SLEEP -> p.ipc(ThreadId.NIL, ids.global("t" + self), snd, rcv);
                case ABORT_SEND -> p.abortSend(d);
                case ABORT_RECEIVE -> p.abortReceive(d);
                case STOP -> p.exregs(d, AbortScenarios.ABORT_AND_STOP);
                case START -> p.exregs(d, AbortScenarios.START);
                case DELETE -> p.threadDelete(d);
                case CREATE -> p.threadCreate(d.isGlobal() && !d.isNil() && !d.isWildcard()
                        ? ThreadId.global(d.number(), 2) : d, 0, 100);
                case IRQ_RECEIVE -> p.ipc(ThreadId.NIL, InterruptScenarios.IRQ_ID, snd, rcv);
                case FPU -> p.mov(8, words.isEmpty() ? 1 : words.get(0)).fmovIn(fpuA(), 8).fadd(fpuB(), fpuA())
                        .fmovOut(9 + fpuB() % 4, fpuB());
                case TRAP -> p.add(new org.stacklab.kernel.user.Insn.SetExceptionHandler(d.raw()))
                        .add(words.isEmpty() ? new org.stacklab.kernel.user.Insn.Illegal() : new org.stacklab.kernel.user.Insn.Trap(words.get(0)));
                case FORWARD -> {
                    p.ipc(ThreadId.NIL, ThreadId.ANY, Timeout.NEVER, rcv).add(new org.stacklab.kernel.user.Insn.SetVirtualSenderReg(0));
                    p.msg(Prog.LABEL, w).setMrImm(0, org.stacklab.kernel.ipc.MsgTag.of(Prog.LABEL, w.length, 0).raw()
                            | org.stacklab.kernel.ipc.MsgTag.PROPAGATED);
                    p.ipc(d, ThreadId.NIL, snd, Timeout.NEVER).add(new org.stacklab.kernel.user.Insn.GetActualSender(12));
                }
                case PROPAGATE -> {
                    String v = "t" + virtualSender(n);
                    p.add(new org.stacklab.kernel.user.Insn.SetVirtualSender((words.isEmpty() ? ids.local(v) : ids.global(v)).raw()));
                    p.msg(Prog.LABEL, w).setMrImm(0, org.stacklab.kernel.ipc.MsgTag.of(Prog.LABEL, w.length, 0).raw()
                            | org.stacklab.kernel.ipc.MsgTag.PROPAGATED);
                    p.ipc(d, w.length % 2 == 1 ? d : ThreadId.NIL, snd, rcv).add(new org.stacklab.kernel.user.Insn.GetActualSender(13));
                }
            }
        }

        private int virtualSender(int n) {
            return (dest.thread() + 1 + words.size()) % n;
        }

        private int fpuA() {
            return dest.thread() % 8;
        }

        private int fpuB() {
            return (dest.thread() + words.size() + 1) % 8;
        }

        String show(int self, int n) {
            String to = dest.show(self, n);
            String s = send.show();
            String r = receive.show();
            return switch (kind) {
                case SEND -> "send(" + to + ", snd " + s + ", " + words + ")";
                case CALL -> "call(" + to + ", snd " + s + ", rcv " + r + ", " + words + ")";
                case RECEIVE -> "receive(" + to + ", rcv " + r + ")";
                case WAIT -> "wait(rcv " + r + "); r14 := actual sender";
                case REPLY_WAIT -> "replyWait(" + to + ", rcv " + r + ", " + words + ")";
                case NULL -> "ipc(nil, nil, " + words + ")";
                case YIELD -> "yield";
                case SWITCH -> "threadSwitch(" + to + ")";
                case SLEEP -> "sleep(rcv " + r + ")";
                case ABORT_SEND -> "abortSend(" + to + ")";
                case ABORT_RECEIVE -> "abortReceive(" + to + ")";
                case STOP -> "stop(" + to + ")";
                case START -> "start(" + to + ")";
                case DELETE -> "delete(" + to + ")";
                case CREATE -> "create(" + to + " v2, ip 0)";
                case IRQ_RECEIVE -> "receive(irq1, rcv " + r + ")";
                case FPU -> "fpu(f" + fpuA() + " := " + (words.isEmpty() ? 1 : words.get(0)) + "; f" + fpuB() + " += f" + fpuA()
                        + "; r" + (9 + fpuB() % 4) + " := f" + fpuB() + ")";
                case TRAP -> (words.isEmpty() ? "ud(" : "trap(" + words.get(0) + ", ") + "handler " + to + ")";
                case FORWARD -> "forward(wait rcv " + r + "; virtual sender := r0; propagatedSend(" + to + ", snd " + s + ", "
                        + words + "); r12 := actual sender)";
                case PROPAGATE -> (words.size() % 2 == 1 ? "propagatedCall(" : "propagatedSend(") + to + ", virtual sender "
                        + (words.isEmpty() ? "local(t" + virtualSender(n) + ")" : "t" + virtualSender(n)) + ", snd " + s
                        + (words.size() % 2 == 1 ? ", rcv " + r : "") + ", " + words + "); r13 := actual sender";
            };
        }
    }

    /** One generated thread. */
    public record GenThread(int space, int priority, List<Op> ops) {
    }

    /**
     * An optional periodic interrupt source: irq 1, handled by thread {@code handler % n}, first raised
     * after {@code firstTicks} timer ticks, then every {@code periodTicks} ticks, {@code count} times.
     * Firings fall on tick boundaries, where (as for timeouts) every model has finished the previous
     * burst of kernel work, so the handler is in the same state on every model when one fires.
     */
    public record Irq(int handler, int firstTicks, int periodTicks, int count) {
        String show(int n) {
            return "irq 1 -> t" + (handler % n) + " at tick " + firstTicks + ", every " + periodTicks + " ticks, " + count + " times";
        }
    }

    /** A generated workload; {@link #toString()} is the readable program jqwik prints. */
    public record Workload(List<GenThread> threads, Irq irq) {
        public Workload(List<GenThread> threads) {
            this(threads, null);
        }

        public Scenario scenario() {
            int n = threads.size();
            Scenario s = Scenario.named("random").cycleLimit(CYCLE_LIMIT);
            for (int i = 0; i < n; i++) {
                GenThread t = threads.get(i);
                int self = i;
                s.thread("t" + i, "s" + t.space(), t.priority(), ids -> {
                    Prog p = Prog.named("t" + self);
                    for (Op op : t.ops()) {
                        op.emit(p, ids, self, n);
                    }
                    return p.halt().build();
                });
            }
            if (irq != null) {
                long tick = s.profile().cycles(org.stacklab.kernel.time.Timers.TICK_MICROS);
                s.interrupt(InterruptScenarios.IRQ, "t" + (irq.handler() % n), irq.firstTicks() * tick, irq.periodTicks() * tick, irq.count());
            }
            return s;
        }

        @Override
        public String toString() {
            int n = threads.size();
            StringBuilder sb = new StringBuilder("Workload(" + n + " threads)\n");
            for (int i = 0; i < n; i++) {
                GenThread t = threads.get(i);
                int self = i;
                sb.append(String.format(Locale.ROOT, "  t%d [space s%d, prio %d]: ", i, t.space(), t.priority()))
                        .append(t.ops().stream().map(o -> o.show(self, n)).collect(Collectors.joining("; ")))
                        .append("; halt\n");
            }
            if (irq != null) {
                sb.append("  ").append(irq.show(n)).append('\n');
            }
            return sb.toString();
        }
    }

    /** Random workloads. */
    public static Arbitrary<Workload> workloads() {
        // A flat list (no flatMap on the thread count) so that jqwik can shrink by dropping threads.
        Arbitrary<Irq> irq = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 4)).as(Irq::new);
        return Combinators.combine(thread(3).list().ofMinSize(2).ofMaxSize(6), irq.injectNull(0.5))
                .as((list, q) -> new Workload(renumberSpaces(list), q));
    }

    /** Spaces numbered in order of first use, so equal workloads print equally after shrinking. */
    private static List<GenThread> renumberSpaces(List<GenThread> list) {
        List<Integer> seen = new ArrayList<>();
        List<GenThread> out = new ArrayList<>();
        for (GenThread t : list) {
            if (!seen.contains(t.space())) {
                seen.add(t.space());
            }
            out.add(new GenThread(seen.indexOf(t.space()), t.priority(), t.ops()));
        }
        return out;
    }

    private static Arbitrary<GenThread> thread(int spaces) {
        return Combinators.combine(
                Arbitraries.integers().between(0, spaces - 1),
                Arbitraries.of(100, 101),
                op().list().ofMinSize(1).ofMaxSize(5)).as(GenThread::new);
    }

    private static Arbitrary<Op> op() {
        List<String> excluded = List.of(System.getProperty("stacklab.kit.excludeKinds", "").trim().toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        List<Tuple.Tuple2<Integer, Kind>> kinds = new ArrayList<>();
        int[] weights = {4, 4, 3, 3, 3, 1, 1, 1, 1, 2, 2, 1, 1, 2, 1, 1, 3, 2, 2, 4};
        for (Kind k : Kind.values()) {
            if (!excluded.contains(k.name())) {
                kinds.add(Tuple.of(weights[k.ordinal()], k));
            }
        }
        Arbitrary<Kind> kind = Arbitraries.frequency(kinds);
        Arbitrary<DestKind> destKind = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(DestKind.THREAD)),
                Tuple.of(2, Arbitraries.just(DestKind.LOCAL)),
                Tuple.of(1, Arbitraries.just(DestKind.STALE)),
                Tuple.of(1, Arbitraries.just(DestKind.NIL)),
                Tuple.of(1, Arbitraries.just(DestKind.ANY)));
        Arbitrary<Dest> dest = Combinators.combine(destKind, Arbitraries.integers().between(0, 5)).as(Dest::new);
        Arbitrary<List<Long>> words = Arbitraries.longs().between(0, 999).list().ofMaxSize(3);
        Arbitrary<To> timeout = Arbitraries.frequency(
                Tuple.of(4, To.NEVER), Tuple.of(4, To.ZERO), Tuple.of(1, To.P1MS), Tuple.of(1, To.P3MS), Tuple.of(1, To.P8MS));
        return Combinators.combine(kind, dest, timeout, timeout, words).as(Op::new);
    }
}
