package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.SyscallKind;

/**
 * Generator of small random workloads for the differential property
 * ({@code RandomWorkloadConformanceTest}): 2–6 threads in 1–3 spaces at priorities 100/101, each a
 * straight-line program of 1–5 random operations (send, call, receive, wait, reply-wait, null IPC,
 * yield, directed switch, ExchangeRegisters aborting a send or a receive phase, stopping or
 * starting a thread, ThreadControl deleting one, user traps, propagated sends and Calls
 * ({@link Kind#PROPAGATE}, {@link Kind#FORWARD}); also FPU work between them, {@link Kind#FPU}) to random destinations (another thread by global or local id, nil,
 * anythread, a stale id), timeouts Never, Zero or a short period ({@link To}), 0–3 message words, then
 * halt; in about half of them a periodic interrupt source ({@link Irq}) whose handler is one of the
 * threads (which then receives it in open waits and in {@link Kind#IRQ_RECEIVE}).
 *
 * <p>Memory (issue 3): messages with typed items ({@link Kind#TYPED}: string items of 0 to 40,000 bytes,
 * sometimes compound, and map or grant items), receive buffers set up by {@link Kind#BUFFERS} (an
 * acceptor with or without the s bit and a receive window, 0–3 buffers, sometimes too short, sometimes
 * compound) and user touches ({@link Kind#TOUCH}), all in the region {@link #REGION}. In about half of
 * the workloads ({@link Memory}) some of the spaces are paged: then a pager thread {@code pager} (its own
 * flat space, never a partner of a generated operation) answers every page fault with a map item of the
 * faulting page, so touches of unmapped pages are user page faults and string copies that cross unmapped
 * pages on either side stop at kernel-mode faults and go on after the pager's reply. About a third of the
 * workloads run with preemption points ({@code --preempt pp}) every {@link Workload#ppChunk()} (256 or 1024)
 * bytes of a copy, with strings and buffers {@link #PP_SCALE} times longer so that some copies outlast a
 * timer tick and a point finds the interrupt pending (measured with a device interrupt source: about 11 of
 * 2,000 workloads, 26 points; seed 21), and with Never for every period timeout (such runs last many
 * ticks, and the models' costs drift apart).
 *
 * <p>Not generated (documented limitations): ExchangeRegisters aborts and ThreadControl deletes of a
 * thread that may be locked in a string transfer. About half of the threads are <em>string-involved</em>
 * ({@link GenThread#stringInvolved}): they start with receive buffers and only they send string items or
 * accept strings; an abort, stop, start or delete aimed at such a thread is aimed at its stale id instead
 * ({@link Workload#of}). The pager is never a partner of a generated operation. Under pp there is no
 * device interrupt source (timing, and a known bug: an interrupt taken at a preemption point of a copy is
 * delivered to the copy's receiver; {@code RandomWorkloadRegressionTest}, disabled): the points find timer
 * ticks pending.
 *
 * <p>The periods are whole timer ticks ({@link org.stacklab.kernel.time.Timers#TICK_MICROS}) and a
 * generated program's bursts of kernel work between two timer events take far less than a tick, so a
 * deadline lands on the same tick in every model although their kernel costs differ (DESIGN.md rule 3
 * holds "whenever scheduling decisions are the same").
 *
 * <p>{@code -Dstacklab.kit.excludeKinds=SWITCH,YIELD} leaves operation kinds out (to hunt past a known
 * divergence).
 *
 * <p>A workload prints ({@link Workload#toString()}) as a loadable workload file (YAML, with the
 * {@code spaces:} and {@code interrupts:} sections and each program in the text format, each operation
 * under a comment saying what it does); run it on the kit's machine ({@link Scenario#smallProfile()}).
 *
 * <p>Everything shrinks towards fewer threads, fewer operations, Never timeouts, global ids, flat spaces,
 * no preemption points, short strings.
 */
public final class RandomWorkloads {
    /** Straight-line programs finish far below this; a run that reaches it has livelocked. */
    public static final long CYCLE_LIMIT = 20_000_000L;

    /** The user region strings, buffers, touches and map items lie in: 64 KB from here. */
    public static final long REGION = 0x100000L;

    /** The longest string or buffer of a workload run against the reference model ({@link Workload#flatNp}). */
    public static final int REFERENCE_LENGTH = 2048;

    /**
     * Strings and buffers of a workload with preemption points are this many times longer (up to 384 KB), so
     * that copies last more than a timer tick and the points find interrupts pending.
     */
    public static final int PP_SCALE = 32;

    /** The pager thread's name (also its space's). */
    public static final String PAGER = "pager";

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
        FORWARD,
        /**
         * A message with the words and the typed items of {@link Mem#items()} (string items, map and grant
         * items; semantics.md §3.2) to the destination: a send (word count 0, 3), a Call (1) — a Zero send timeout
         * taken as Never, so the message waits for its receiver — or a reply-wait (2, Zero send timeout, open receive).
         */
        TYPED,
        /**
         * Not a system call: the receive buffers of {@link Mem}: BR0 = an acceptor (s bit, receive window),
         * BR1.. = its string buffers ({@code buffer(len, more, c)}, address); they stay for the thread's later
         * receives.
         */
        BUFFERS,
        /** Not a system call: {@code touch ADDR, BYTES[, write]} of {@link Mem}; a user page fault per unmapped page in a paged space. */
        TOUCH,
        /**
         * A server step: wait (open, the generated receive timeout; strings land in the thread's buffers), then
         * reply to the thread received from ({@code r0}; nil after a failed wait: no send phase) with the words
         * and the typed items of {@link Mem#items()}, Zero send timeout.
         */
        SERVE
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

        /** A period (not Never, not Zero). */
        boolean finite() {
            return micros > 0;
        }

        String show() {
            return switch (this) {
                case NEVER -> "Never";
                case ZERO -> "Zero";
                default -> (micros / 1000) + "ms";
            };
        }

        /** In the text format. */
        String text() {
            return switch (this) {
                case NEVER -> "never";
                case ZERO -> "zero";
                default -> "period(" + micros + ")";
            };
        }
    }

    /** A partner: {@code thread} is an index, made to name another thread than the caller. */
    public record Dest(DestKind kind, int thread) {
        int other(int self, int n) {
            return thread % n == self ? (self + 1) % n : thread % n;
        }

        ThreadId resolve(Scenario.Ids ids, int self, int n) {
            String name = "t" + other(self, n);
            return switch (kind) {
                case THREAD -> ids.global(name);
                case LOCAL -> ids.local(name);
                case STALE -> ids.stale(name);
                case NIL -> ThreadId.NIL;
                case ANY -> ThreadId.ANY;
            };
        }

        String show(int self, int n) {
            int other = other(self, n);
            return switch (kind) {
                case THREAD -> "t" + other;
                case LOCAL -> "local(t" + other + ")";
                case STALE -> "stale(t" + other + ")";
                case NIL -> "nil";
                case ANY -> "anythread";
            };
        }
    }

    /** A string item or a string buffer: {@code length} bytes at {@code REGION + addr}, continued by the next one ({@code c}). */
    public record Str(int length, int addr, boolean continues) {
        long address() {
            return REGION + addr;
        }

        String show() {
            return length + "@0x" + Long.toHexString(address()) + (continues ? "+c" : "");
        }
    }

    /**
     * A map (or grant) item: the fpage of {@code 2^log2} bytes around {@code REGION + addr} with rights rwx
     * or r only, {@code snd_base} its base.
     */
    public record MapItem(int addr, int log2, boolean grant, boolean readOnly) {
        Fpage fpage() {
            return Fpage.of(REGION + addr, log2, readOnly ? Fpage.R : Fpage.RWX);
        }

        String show() {
            return (grant ? "grant " : "map ") + fpage();
        }
    }

    /** A typed item of a {@link Kind#TYPED} message: a string or a map item. */
    public record Item(Str string, MapItem map) {
        int words() {
            return 2;
        }

        String show() {
            return string != null ? "string " + string.show() : map.show();
        }
    }

    /** Receive windows of {@link Kind#BUFFERS}: none (nil), the complete space, or 32 KB at {@code REGION + 0x8000}. */
    public enum Window {
        NIL, COMPLETE, HALF;

        long raw() {
            return switch (this) {
                case NIL -> 0;
                case COMPLETE -> Fpage.COMPLETE.raw();
                case HALF -> Fpage.of(REGION + 0x8000, 15, 0).raw();
            };
        }
    }

    /**
     * The memory part of an operation, used by {@link Kind#TYPED} and {@link Kind#SERVE} ({@code items}), {@link Kind#BUFFERS}
     * ({@code strings}, {@code window}, {@code buffers}) and {@link Kind#TOUCH} ({@code touch}, {@code touchBytes},
     * {@code write}); other kinds ignore it.
     */
    public record Mem(List<Item> items, boolean strings, Window window, List<Str> buffers, int touch, int touchBytes, boolean write) {
        static final Mem NONE = new Mem(List.of(), false, Window.NIL, List.of(), 0, 1, false);

        boolean sendsStrings() {
            return items.stream().anyMatch(i -> i.string() != null);
        }
    }

    /** One operation of a generated program. */
    public record Op(Kind kind, Dest dest, To send, To receive, List<Long> words, Mem mem) {
        public Op(Kind kind, Dest dest, To send, To receive, List<Long> words) {
            this(kind, dest, send, receive, words, Mem.NONE);
        }

        /** This operation aimed at {@code d}. */
        Op withDest(Dest d) {
            return new Op(kind, d, send, receive, words, mem);
        }

        /** This operation with memory part {@code m}. */
        Op withMem(Mem m) {
            return new Op(kind, dest, send, receive, words, m);
        }

        void emit(Out o, int self, int n) {
            Scenario.Ids ids = o.ids;
            ThreadId d = dest.resolve(ids, self, n);
            String dt = o.idText(dest, d, self, n);
            Timeout snd = send.timeout();
            Timeout rcv = receive.timeout();
            long[] w = words.stream().mapToLong(Long::longValue).toArray();
            switch (kind) {
                case SEND -> o.msg(w, 0, false).ipc(d, dt, ThreadId.NIL, "nil", send, receive);
                case CALL -> o.msg(w, 0, false).ipc(d, dt, d, dt, send, receive);
                case RECEIVE -> o.ipc(ThreadId.NIL, "nil", d, dt, send, receive);
                case WAIT -> o.ipc(ThreadId.NIL, "nil", ThreadId.ANY, "any", send, receive).insn(new Insn.GetActualSender(14));
                case REPLY_WAIT -> o.msg(w, 0, false).ipc(d, dt, ThreadId.ANY, "any", To.ZERO, receive);
                case NULL -> o.msg(w, 0, false).ipc(ThreadId.NIL, "nil", ThreadId.NIL, "nil", To.NEVER, To.NEVER);
                case YIELD -> o.mov(0, ThreadId.NIL.raw(), "nil").insn(new Insn.Syscall(SyscallKind.THREAD_SWITCH));
                case SWITCH -> o.mov(0, d.raw(), dt).insn(new Insn.Syscall(SyscallKind.THREAD_SWITCH));
                case SLEEP -> o.ipc(ThreadId.NIL, "nil", ids.global("t" + self), "@t" + self, send, receive);
                case ABORT_SEND -> o.exregs(d, dt, org.stacklab.kernel.thread.ExchangeRegisters.ABORT_SEND);
                case ABORT_RECEIVE -> o.exregs(d, dt, org.stacklab.kernel.thread.ExchangeRegisters.ABORT_RECEIVE);
                case STOP -> o.exregs(d, dt, AbortScenarios.ABORT_AND_STOP);
                case START -> o.exregs(d, dt, AbortScenarios.START);
                case DELETE -> o.mov(0, d.raw(), dt).mov(1, ThreadControl.DELETE, "0").insn(new Insn.Syscall(SyscallKind.THREAD_CONTROL));
                case CREATE -> {
                    ThreadId c = d.isGlobal() && !d.isNil() && !d.isWildcard() ? ThreadId.global(d.number(), 2) : d;
                    o.mov(0, c.raw(), c == d ? dt : "0x" + Long.toHexString(c.raw())).mov(1, ThreadControl.CREATE, "1").mov(2, 0, "0")
                            .mov(3, 100, "100").insn(new Insn.Syscall(SyscallKind.THREAD_CONTROL));
                }
                case IRQ_RECEIVE -> o.ipc(ThreadId.NIL, "nil", InterruptScenarios.IRQ_ID, "irq(" + InterruptScenarios.IRQ + ")", send, receive);
                case FPU -> o.insn(new Insn.Mov(8, words.isEmpty() ? 1 : words.get(0))).insn(new Insn.FMovIn(fpuA(), 8))
                        .insn(new Insn.FAdd(fpuB(), fpuA())).insn(new Insn.FMovOut(9 + fpuB() % 4, fpuB()));
                case TRAP -> o.line(new Insn.SetExceptionHandler(d.raw()), "setexh " + dt)
                        .insn(words.isEmpty() ? new Insn.Illegal() : new Insn.Trap(words.get(0)));
                case FORWARD -> {
                    o.ipc(ThreadId.NIL, "nil", ThreadId.ANY, "any", To.NEVER, receive).insn(new Insn.SetVirtualSenderReg(0));
                    o.msg(w, 0, true);
                    o.ipc(d, dt, ThreadId.NIL, "nil", send, To.NEVER).insn(new Insn.GetActualSender(12));
                }
                case PROPAGATE -> {
                    String v = "t" + virtualSender(n);
                    ThreadId vid = words.isEmpty() ? ids.local(v) : ids.global(v);
                    String vt = words.isEmpty() ? (ids.space(v).equals(ids.space("t" + self)) ? "@" + v + ".local"
                            : "0x" + Long.toHexString(vid.raw()) + "    # local id of " + v + " (another space)") : "@" + v;
                    o.line(new Insn.SetVirtualSender(vid.raw()), "setvs " + vt);
                    o.msg(w, 0, true);
                    boolean call = w.length % 2 == 1;
                    o.ipc(d, dt, call ? d : ThreadId.NIL, call ? dt : "nil", send, receive).insn(new Insn.GetActualSender(13));
                }
                case TYPED -> {
                    items(o, w);
                    switch (w.length % 4) {
                        case 1 -> o.ipc(d, dt, d, dt, typedSend(), receive);
                        case 2 -> o.ipc(d, dt, ThreadId.ANY, "any", To.ZERO, receive);
                        default -> o.ipc(d, dt, ThreadId.NIL, "nil", typedSend(), receive);
                    }
                }
                case BUFFERS -> {
                    long win = mem.window().raw();
                    o.setbr(0, win | (mem.strings() ? 1 : 0), "acceptor(" + (mem.strings() ? 1 : 0) + (win == 0 ? "" : ", 0x" + Long.toHexString(win)) + ")");
                    int br = 1;
                    List<Str> bufs = mem.buffers();
                    for (int i = 0; i < bufs.size(); i++) {
                        Str b = bufs.get(i);
                        boolean more = i + 1 < bufs.size();
                        o.setbr(br++, ((long) b.length() << 10) | (b.continues() ? 0x200 : 0) | (more ? 1 : 0),
                                "buffer(" + b.length() + ", " + (more ? 1 : 0) + ", " + (b.continues() ? 1 : 0) + ")");
                        o.setbr(br++, b.address(), "0x" + Long.toHexString(b.address()));
                    }
                }
                case TOUCH -> o.insn(new Insn.Touch(REGION + mem.touch(), mem.touchBytes(), mem.write()));
                case SERVE -> {
                    o.ipc(ThreadId.NIL, "nil", ThreadId.ANY, "any", To.NEVER, receive);
                    items(o, w);
                    o.mov(1, ThreadId.NIL.raw(), "nil").mov(2, Timeout.word(Timeout.ZERO, Timeout.NEVER), "timeouts(zero, never)")
                            .insn(new Insn.Syscall(SyscallKind.IPC));
                }
            }
        }

        /** MR0 = the tag, then the words and the typed items. */
        private void items(Out o, long[] w) {
            int typed = mem.items().size() * 2;
            o.msg(w, typed, false);
            int mr = w.length + 1;
            for (Item it : mem.items()) {
                if (it.string() != null) {
                    Str s = it.string();
                    o.setmr(mr++, ((long) s.length() << 10) | (s.continues() ? 0x200 : 0), "string(" + s.length() + (s.continues() ? ", 1" : "") + ")");
                    o.setmr(mr++, s.address(), "0x" + Long.toHexString(s.address()));
                } else {
                    MapItem m = it.map();
                    Fpage f = m.fpage();
                    long base = f.base();
                    o.setmr(mr++, (base & ~0x3FFL) | (m.grant() ? 0xA : 0x8), (m.grant() ? "grantitem(0x" : "mapitem(0x") + Long.toHexString(base) + ")");
                    o.setmr(mr++, f.raw(), "fpage(0x" + Long.toHexString(base) + ", " + m.log2() + ", " + f.rights() + ")");
                }
            }
        }

        /** The send timeout of a {@link Kind#TYPED} send or Call: Zero becomes Never, so the message waits for its receiver. */
        private To typedSend() {
            return send == To.ZERO ? To.NEVER : send;
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
                        + (words.size() % 2 == 1 ? ", rcv " + r : "") + ", " + words + ")";
                case TYPED -> switch (words.size() % 4) {
                    case 1 -> "call(" + to + ", snd " + typedSend().show() + ", rcv " + r;
                    case 2 -> "replyWait(" + to + ", rcv " + r;
                    default -> "send(" + to + ", snd " + typedSend().show();
                } + ", " + words + ", items " + mem.items().stream().map(Item::show).collect(Collectors.joining(", ", "[", "]")) + ")";
                case BUFFERS -> "buffers(strings " + (mem.strings() ? "yes" : "no") + ", window " + mem.window().name().toLowerCase(Locale.ROOT)
                        + ", " + mem.buffers().stream().map(Str::show).collect(Collectors.joining(", ", "[", "]")) + ")";
                case SERVE -> "serve(wait rcv " + r + "; reply(r0, " + words + ", items "
                        + mem.items().stream().map(Item::show).collect(Collectors.joining(", ", "[", "]")) + "))";
                case TOUCH -> "touch(" + mem.touchBytes() + " bytes at 0x" + Long.toHexString(REGION + mem.touch()) + (mem.write() ? ", write" : "") + ")";
            };
        }
    }

    /**
     * One generated thread: {@code buffers}, when not null, is a {@link Kind#BUFFERS} operation that runs
     * first (so that most threads can receive strings), then the operations.
     */
    public record GenThread(int space, int priority, Mem buffers, List<Op> ops) {
        public GenThread(int space, int priority, List<Op> ops) {
            this(space, priority, null, ops);
        }

        /**
         * Whether the thread takes part in string transfers: only a thread with initial buffers sends string
         * items or sets the acceptor's s bit ({@link Workload#of}), and only a thread without is the target of
         * an abort, stop, start or delete.
         */
        boolean stringInvolved() {
            return buffers != null;
        }

        /** The operations including the initial buffers. */
        List<Op> all() {
            if (buffers == null) {
                return ops;
            }
            List<Op> out = new ArrayList<>();
            out.add(new Op(Kind.BUFFERS, new Dest(DestKind.NIL, 0), To.NEVER, To.NEVER, List.of(), buffers));
            out.addAll(ops);
            return out;
        }
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

    /**
     * Which spaces are paged: space {@code s} when bit {@code s} of {@code pagedMask} is set (a workload
     * without such a space gets no pager). Each paged space has {@code premapPages} pages from
     * {@code REGION + premapPage * 4096} mapped before the run; the pager runs at {@code pagerPriority}.
     */
    public record Memory(int pagedMask, int premapPage, int premapPages, int pagerPriority) {
        boolean paged(int space) {
            return (pagedMask & (1 << space)) != 0;
        }
    }

    /**
     * A generated workload; {@link #toString()} is the loadable workload file jqwik prints. {@code memory}
     * may be {@code null} (every space flat); {@code ppChunk} 0 is a non-preemptible kernel ({@code np}),
     * else {@code pp} with a preemption point every {@code ppChunk} bytes of a string copy.
     */
    public record Workload(List<GenThread> threads, Irq irq, Memory memory, int ppChunk) {
        public Workload(List<GenThread> threads) {
            this(threads, null, null, 0);
        }

        public Workload(List<GenThread> threads, Irq irq) {
            this(threads, irq, null, 0);
        }

        /**
         * The canonical workload of generated parts: spaces numbered in order of first use (so equal
         * workloads print equally after shrinking); only string-involved threads ({@link GenThread#stringInvolved})
         * send string items or accept strings (the others' string items are dropped, their acceptors lose the s
         * bit; a string message aimed at a thread that is not string-involved goes to the next one that is), and no abort, stop, start or delete is aimed at a string-involved thread (it is aimed at its stale
         * id instead): the kernel's treatment of a thread locked in a string transfer is a documented limitation.
         */
        static Workload of(List<GenThread> list, Irq irq, Memory memory, int ppChunk) {
            List<GenThread> threads = new ArrayList<>(renumberSpaces(list));
            int n = threads.size();
            if (ppChunk > 0) {
                // no device interrupts under pp: runs with its long copies last many ticks and the models' costs drift
                // apart, so a firing found the handler at another operation in one model (a Zero-timeout wait before
                // it in continuation, after it in perthread; seed 11 of a 40,000 soak). (The kernel bug this also
                // kept out, an interrupt at a preemption point delivered to the copy's receiver, is fixed and
                // covered by RandomWorkloadRegressionTest.)
                irq = null;
            }
            List<GenThread> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                GenThread t = threads.get(i);
                List<Op> ops = new ArrayList<>();
                for (Op op : t.ops()) {
                    boolean control = switch (op.kind()) {
                        case ABORT_SEND, ABORT_RECEIVE, STOP, START, DELETE -> true;
                        default -> false;
                    };
                    DestKind k = op.dest().kind();
                    if (control && (k == DestKind.THREAD || k == DestKind.LOCAL) && threads.get(op.dest().other(i, n)).stringInvolved()) {
                        op = op.withDest(new Dest(DestKind.STALE, op.dest().thread()));
                    }
                    if (t.stringInvolved() && op.kind() == Kind.TYPED && op.mem().sendsStrings() && (k == DestKind.THREAD || k == DestKind.LOCAL)
                            && !threads.get(op.dest().other(i, n)).stringInvolved()) {
                        // strings go to a thread that accepts them (when there is one): the next string-involved thread
                        for (int j = 1; j < n; j++) {
                            int c = (op.dest().other(i, n) + j) % n;
                            if (c != i && threads.get(c).stringInvolved()) {
                                op = op.withDest(new Dest(k, c));
                                break;
                            }
                        }
                    }
                    if (!t.stringInvolved() && (op.kind() == Kind.TYPED || op.kind() == Kind.SERVE) && op.mem().sendsStrings()) {
                        op = op.withMem(new Mem(op.mem().items().stream().filter(it -> it.map() != null).toList(), false, op.mem().window(),
                                op.mem().buffers(), op.mem().touch(), op.mem().touchBytes(), op.mem().write()));
                    }
                    if (!t.stringInvolved() && op.kind() == Kind.BUFFERS && op.mem().strings()) {
                        op = op.withMem(new Mem(op.mem().items(), false, op.mem().window(), op.mem().buffers(), op.mem().touch(),
                                op.mem().touchBytes(), op.mem().write()));
                    }
                    if (ppChunk > 0) {
                        // runs with such copies last many ticks, and the models' costs drift apart by more than a
                        // tick's share: a period timeout would end on another tick in one model (seen: 3 ms from
                        // cycle 798,663 in continuation, 807,213 in perthread, seed 10 of a 40,000 soak)
                        op = new Op(op.kind(), op.dest(), op.send().finite() ? To.NEVER : op.send(),
                                op.receive().finite() ? To.NEVER : op.receive(), op.words(), lengths(op.mem(), l -> l * PP_SCALE));
                    }
                    ops.add(op);
                }
                Mem buffers = t.buffers() == null || ppChunk == 0 ? t.buffers() : lengths(t.buffers(), l -> l * PP_SCALE);
                out.add(new GenThread(t.space(), t.priority(), buffers, List.copyOf(ops)));
            }
            return new Workload(List.copyOf(out), irq, memory, ppChunk);
        }

        /** This workload on a non-preemptible kernel. */
        public Workload np() {
            return new Workload(threads, irq, memory, 0);
        }

        /**
         * This workload with every space flat (no pager, no page faults) on a non-preemptible kernel, and its
         * strings and buffers cut to {@link #REFERENCE_LENGTH} bytes: what the kit's test-only reference model
         * can run. It takes no fault during a copy and has no pp, and its costs are not those of a real model:
         * with long copies the timer and interrupt events of a run would fall between other operations than in
         * the real model it is compared with (seen: an interrupt delivered before a Zero-timeout wait in one,
         * after it in the other, seed 8 of a 60,000 soak).
         */
        public Workload flatNp() {
            List<GenThread> out = new ArrayList<>();
            for (GenThread t : threads) {
                List<Op> ops = new ArrayList<>();
                for (Op op : t.ops()) {
                    ops.add(op.withMem(shortStrings(op.mem())));
                }
                out.add(new GenThread(t.space(), t.priority(), t.buffers() == null ? null : shortStrings(t.buffers()), List.copyOf(ops)));
            }
            return new Workload(List.copyOf(out), irq, null, 0);
        }

        private static Mem shortStrings(Mem m) {
            return lengths(m, l -> Math.min(l, REFERENCE_LENGTH));
        }

        /** {@code m} with every string and buffer length {@code f} of what it was. */
        static Mem lengths(Mem m, java.util.function.IntUnaryOperator f) {
            return new Mem(m.items().stream().map(i -> i.string() == null ? i
                    : new Item(new Str(f.applyAsInt(i.string().length()), i.string().addr(), i.string().continues()), null)).toList(),
                    m.strings(), m.window(), m.buffers().stream().map(b -> new Str(f.applyAsInt(b.length()), b.addr(), b.continues())).toList(),
                    m.touch(), m.touchBytes(), m.write());
        }

        /** Whether thread {@code i}'s space is paged. */
        boolean paged(int i) {
            return memory != null && memory.paged(threads.get(i).space());
        }

        /** Whether the workload has a paged space (and so the pager thread). */
        public boolean hasPager() {
            for (int i = 0; i < threads.size(); i++) {
                if (paged(i)) {
                    return true;
                }
            }
            return false;
        }

        /** The paged spaces' names, in space order. */
        List<String> pagedSpaces() {
            List<String> out = new ArrayList<>();
            for (GenThread t : threads) {
                String s = "s" + t.space();
                if (memory != null && memory.paged(t.space()) && !out.contains(s)) {
                    out.add(s);
                }
            }
            out.sort(null);
            return out;
        }

        public Scenario scenario() {
            return build(null);
        }

        /** The scenario, and each thread's program text into {@code texts} (thread name, text) when not null. */
        private Scenario build(List<String[]> texts) {
            int n = threads.size();
            Scenario s = Scenario.named("random").cycleLimit(CYCLE_LIMIT);
            if (ppChunk > 0) {
                s.preempt(Preemptibility.PP, ppChunk);
            }
            for (int i = 0; i < n; i++) {
                GenThread t = threads.get(i);
                int self = i;
                s.thread("t" + i, "s" + t.space(), t.priority(), ids -> {
                    Out o = new Out("t" + self, ids, threads);
                    for (Op op : t.all()) {
                        o.comment(op.show(self, n));
                        op.emit(o, self, n);
                    }
                    o.insn(new Insn.Halt());
                    if (texts != null) {
                        texts.add(new String[] {"t" + self, o.text()});
                    }
                    return o.build();
                });
            }
            if (hasPager()) {
                s.thread(PAGER, PAGER, memory.pagerPriority(), ids -> {
                    Out o = pager(ids, threads);
                    if (texts != null) {
                        texts.add(new String[] {PAGER, o.text()});
                    }
                    return o.build();
                });
                for (String sp : pagedSpaces()) {
                    s.pagedSpace(sp, PAGER, memory.premapPages() > 0 ? REGION + memory.premapPage() * 4096L : 0, memory.premapPages() * 4096L);
                }
            }
            if (irq != null) {
                long tick = s.profile().cycles(Timers.TICK_MICROS);
                s.interrupt(InterruptScenarios.IRQ, "t" + (irq.handler() % n), irq.firstTicks() * tick, irq.periodTicks() * tick, irq.count());
            }
            return s;
        }

        /** The workload file (YAML, text-format programs), loadable by the workloads module. */
        public String workloadFile() {
            List<String[]> texts = new ArrayList<>();
            Scenario s = build(texts);
            s.programs();
            int n = threads.size();
            StringBuilder sb = new StringBuilder();
            sb.append("# A random workload of the conformance kit (RandomWorkloads): ").append(n).append(" threads");
            if (hasPager()) {
                sb.append(", paged spaces ").append(pagedSpaces()).append(" served by '").append(PAGER).append('\'');
            }
            sb.append(".\n# Run it on the kit's machine (Scenario.smallProfile()), ")
                    .append(ppChunk > 0 ? "--preempt pp --preempt-chunk " + ppChunk : "--preempt np")
                    .append(", cycle limit ").append(CYCLE_LIMIT).append(".\n");
            sb.append("name: random\nthreads:\n");
            for (String[] t : texts) {
                boolean pager = t[0].equals(PAGER);
                int i = pager ? -1 : Integer.parseInt(t[0].substring(1));
                sb.append("  - name: ").append(t[0]).append('\n');
                sb.append("    space: ").append(pager ? PAGER : "s" + threads.get(i).space()).append('\n');
                sb.append("    priority: ").append(pager ? memory.pagerPriority() : threads.get(i).priority()).append('\n');
                sb.append("    code: |\n").append(t[1]);
            }
            if (hasPager()) {
                sb.append("spaces:\n");
                for (String sp : pagedSpaces()) {
                    sb.append("  - name: ").append(sp).append("\n    pager: ").append(PAGER).append('\n');
                    if (memory.premapPages() > 0) {
                        sb.append("    premap_start: 0x").append(Long.toHexString(REGION + memory.premapPage() * 4096L))
                                .append("\n    premap_bytes: 0x").append(Long.toHexString(memory.premapPages() * 4096L)).append('\n');
                    }
                }
            }
            if (irq != null) {
                sb.append("interrupts:\n  - irq: ").append(InterruptScenarios.IRQ).append("\n    handler: t").append(irq.handler() % n)
                        .append("\n    first_us: ").append(irq.firstTicks() * Timers.TICK_MICROS)
                        .append("\n    period_us: ").append(irq.periodTicks() * Timers.TICK_MICROS)
                        .append("\n    count: ").append(irq.count()).append('\n');
            }
            return sb.toString();
        }

        /** A one-line-per-thread summary of the operations. */
        public String summary() {
            int n = threads.size();
            StringBuilder sb = new StringBuilder("Workload(" + n + " threads" + (ppChunk > 0 ? ", pp every " + ppChunk + " bytes" : "") + ")\n");
            for (int i = 0; i < n; i++) {
                GenThread t = threads.get(i);
                int self = i;
                sb.append(String.format(Locale.ROOT, "  t%d [space s%d%s, prio %d]: ", i, t.space(), paged(i) ? " paged" : "", t.priority()))
                        .append(t.all().stream().map(o -> o.show(self, n)).collect(Collectors.joining("; ")))
                        .append("; halt\n");
            }
            if (hasPager()) {
                sb.append("  pager [prio ").append(memory.pagerPriority()).append("] maps each faulting page; premapped ")
                        .append(memory.premapPages()).append(" pages from 0x").append(Long.toHexString(REGION + memory.premapPage() * 4096L))
                        .append('\n');
            }
            if (irq != null) {
                sb.append("  ").append(irq.show(n)).append('\n');
            }
            return sb.toString();
        }

        /** The summary, then the workload file. */
        @Override
        public String toString() {
            return summary() + "\n" + workloadFile();
        }
    }

    /**
     * The pager (as in the shipped memtest): waits, then answers each page fault with a map item of the
     * faulting page (4 KB, rw) of its own memory and waits for the next one.
     */
    static Out pager(Scenario.Ids ids, List<GenThread> threads) {
        Out o = new Out(PAGER, ids, threads);
        o.comment("answer every page fault with a map item of the faulting page (rw)");
        o.ipc(ThreadId.NIL, "nil", ThreadId.ANY, "any", To.NEVER, To.NEVER);
        o.label("serve");
        o.insn(new Insn.GetMr(3, 1)).insn(new Insn.And(3, 0xFFFFF000L)).insn(new Insn.MovReg(4, 3)).insn(new Insn.Or(4, 8))
                .insn(new Insn.MovReg(5, 3)).insn(new Insn.Or(5, 0xC6));
        o.setmr(0, MsgTag.of(0, 0, 2).raw(), "tag(0, 0, 2)").insn(new Insn.SetMr(1, 4)).insn(new Insn.SetMr(2, 5));
        o.mov(1, ThreadId.ANY.raw(), "any").mov(2, Timeout.word(Timeout.ZERO, Timeout.NEVER), "timeouts(zero, never)")
                .insn(new Insn.Syscall(SyscallKind.IPC));
        o.jump("serve");
        return o;
    }

    /** Emits a program twice: as instructions ({@link Prog}) and as text-format lines, so a failure prints as a loadable file. */
    static final class Out {
        final Scenario.Ids ids;
        private final List<GenThread> threads;
        private final Prog p;
        private final StringBuilder text = new StringBuilder();

        Out(String name, Scenario.Ids ids, List<GenThread> threads) {
            this.ids = ids;
            this.threads = threads;
            this.p = Prog.named(name);
        }

        Out line(Insn insn, String line) {
            p.add(insn);
            text.append("      ").append(line).append('\n');
            return this;
        }

        Out insn(Insn insn) {
            return line(insn, format(insn));
        }

        Out comment(String c) {
            text.append("      # ").append(c.replace('\n', ' ')).append('\n');
            return this;
        }

        Out label(String l) {
            p.label(l);
            text.append("      ").append(l).append(":\n");
            return this;
        }

        Out jump(String l) {
            p.jump(l);
            text.append("      jmp ").append(l).append('\n');
            return this;
        }

        Out mov(int rd, long v, String vt) {
            return line(new Insn.Mov(rd, v), "mov r" + rd + ", " + vt);
        }

        Out setmr(int mr, long v, String vt) {
            return line(new Insn.SetMrImm(mr, v), "setmr " + mr + ", " + vt);
        }

        Out setbr(int br, long v, String vt) {
            return line(new Insn.SetBrImm(br, v), "setbr " + br + ", " + vt);
        }

        /** MR0 = tag(LABEL, u, t[, p]) and MR1..MRu = the words. */
        Out msg(long[] w, int typed, boolean propagate) {
            long tag = MsgTag.of(Prog.LABEL, w.length, typed).raw() | (propagate ? MsgTag.PROPAGATED : 0);
            setmr(0, tag, "tag(0x" + Integer.toHexString(Prog.LABEL) + ", " + w.length + ", " + typed + (propagate ? ", p" : "") + ")");
            for (int i = 0; i < w.length; i++) {
                setmr(i + 1, w[i], Long.toString(w[i]));
            }
            return this;
        }

        Out ipc(ThreadId to, String toText, ThreadId from, String fromText, To snd, To rcv) {
            mov(0, to.raw(), toText).mov(1, from.raw(), fromText)
                    .mov(2, Timeout.word(snd.timeout(), rcv.timeout()), "timeouts(" + snd.text() + ", " + rcv.text() + ")");
            return insn(new Insn.Syscall(SyscallKind.IPC));
        }

        Out exregs(ThreadId d, String dt, long control) {
            mov(0, d.raw(), dt).mov(1, control, "0x" + Long.toHexString(control));
            for (int r = 2; r <= 6; r++) {
                mov(r, 0, "0");
            }
            return insn(new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS));
        }

        /** A generated partner in the text format: {@code @tK}, {@code @tK.local} (same space), nil, any, or the raw id. */
        String idText(Dest dest, ThreadId d, int self, int n) {
            int other = dest.other(self, n);
            return switch (dest.kind()) {
                case THREAD -> "@t" + other;
                case LOCAL -> threads.get(other).space() == threads.get(self).space() ? "@t" + other + ".local"
                        : "0x" + Long.toHexString(d.raw()) + "    # local id of t" + other + " (another space)";
                case STALE -> "0x" + Long.toHexString(d.raw()) + "    # stale id of t" + other;
                case NIL -> "nil";
                case ANY -> "any";
            };
        }

        String text() {
            return text.toString();
        }

        Program build() {
            return p.build();
        }

        /** One instruction in the text format ({@link org.stacklab.kernel.user.InsnText}). */
        static String format(Insn insn) {
            return org.stacklab.kernel.user.InsnText.format(insn);
        }
    }

    /** Random workloads: about half with paged spaces, about a third with preemption points in copies. */
    public static Arbitrary<Workload> workloads() {
        // A flat list (no flatMap on the thread count) so that jqwik can shrink by dropping threads.
        Arbitrary<Irq> irq = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 4)).as(Irq::new);
        Arbitrary<Memory> memory = Combinators.combine(Arbitraries.integers().between(1, 7), Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(0, 8), Arbitraries.of(120, 100)).as(Memory::new);
        Arbitrary<Integer> chunk = Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1024), Tuple.of(1, 256));
        return Combinators.combine(thread(3).list().ofMinSize(2).ofMaxSize(6), irq.injectNull(0.5), memory.injectNull(0.35), chunk)
                .as(Workload::of);
    }

    /**
     * The random workloads to run on {@code models}: where the kit's test-only reference model takes part (a
     * model module running the kit, {@code stacklab.kit.reference}) only their flat, non-preemptible form
     * ({@link Workload#flatNp}), which is all it implements.
     */
    public static Arbitrary<Workload> workloadsFor(List<String> models) {
        boolean reference = models.stream().anyMatch(n -> n.startsWith("reference"));
        return reference ? workloads().map(Workload::flatNp) : workloads();
    }

    /** Spaces numbered in order of first use, so equal workloads print equally after shrinking. */
    private static List<GenThread> renumberSpaces(List<GenThread> list) {
        List<Integer> seen = new ArrayList<>();
        List<GenThread> out = new ArrayList<>();
        for (GenThread t : list) {
            if (!seen.contains(t.space())) {
                seen.add(t.space());
            }
            out.add(new GenThread(seen.indexOf(t.space()), t.priority(), t.buffers(), t.ops()));
        }
        return out;
    }

    private static Arbitrary<GenThread> thread(int spaces) {
        return Combinators.combine(
                Arbitraries.integers().between(0, spaces - 1),
                Arbitraries.of(100, 101),
                mem().injectNull(0.4),
                op().list().ofMinSize(1).ofMaxSize(5)).as(GenThread::new);
    }

    /** String and buffer lengths: 0, short, up to a page or two, up to 40,000 bytes. */
    private static Arbitrary<Integer> length() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(1, 300)),
                Tuple.of(3, Arbitraries.integers().between(301, 9000)),
                Tuple.of(2, Arbitraries.integers().between(9001, 40_000)));
    }

    private static Arbitrary<Integer> address() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    private static Arbitrary<Str> str() {
        return Combinators.combine(length(), address(), Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true))).as(Str::new);
    }

    /** Receive buffers: mostly long enough for any string, sometimes of any length (too short: overflow). */
    private static Arbitrary<Str> buffer() {
        Arbitrary<Integer> len = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(40_000, 48_000)), Tuple.of(2, length()));
        return Combinators.combine(len, address(), Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true))).as(Str::new);
    }

    private static Arbitrary<Mem> mem() {
        Arbitrary<MapItem> map = Combinators.combine(address(), Arbitraries.integers().between(12, 14),
                Arbitraries.of(false, false, false, true), Arbitraries.of(false, false, true)).as(MapItem::new);
        Arbitrary<Item> item = Arbitraries.frequencyOf(
                Tuple.of(3, str().map(s -> new Item(s, null))),
                Tuple.of(1, map.map(m -> new Item(null, m))));
        Arbitrary<Window> window = Arbitraries.frequency(Tuple.of(2, Window.NIL), Tuple.of(2, Window.COMPLETE), Tuple.of(1, Window.HALF));
        return Combinators.combine(item.list().ofMinSize(1).ofMaxSize(3), Arbitraries.frequency(Tuple.of(6, true), Tuple.of(1, false)), window,
                buffer().list().ofMinSize(1).ofMaxSize(3), address(), Arbitraries.integers().between(1, 9000), Arbitraries.of(false, true)).as(Mem::new);
    }

    private static Arbitrary<Op> op() {
        List<String> excluded = List.of(System.getProperty("stacklab.kit.excludeKinds", "").trim().toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        List<Tuple.Tuple2<Integer, Kind>> kinds = new ArrayList<>();
        int[] weights = {4, 4, 3, 4, 3, 1, 1, 1, 1, 2, 2, 1, 1, 2, 1, 1, 3, 2, 2, 4, 10, 5, 3, 6};
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
        return Combinators.combine(kind, dest, timeout, timeout, words, mem()).as(Op::new);
    }
}
