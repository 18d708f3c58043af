package org.stacklab.workloads.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.thread.ExchangeRegisters;
import org.stacklab.kernel.thread.ThreadControl;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.kernel.user.Utcb;
import org.stacklab.machine.config.ConfigException;

/**
 * A user program in the text format, parsed but not yet bound to a thread.
 *
 * <p>The format, one instruction per line:
 *
 * <pre>
 * # comment                     ; comment too (from '#' or ';' to the end of the line)
 * loop:                         a label names the next instruction (labels are case-sensitive)
 *     compute N                 N cycles of user computation
 *     touch ADDR, BYTES[, write|read]   read (or write) every word of a user range
 *     mov rD, VALUE             rD := VALUE
 *     mov rD, rS                rD := rS
 *     add rD, VALUE             rD := rD + VALUE
 *     setmr I, VALUE|rS         MR[I] := VALUE or rS         (I in 0..63)
 *     getmr rD, I               rD := MR[I]
 *     jmp L                     pc := L
 *     bnz rS, L                 if rS != 0: pc := L
 *     beq rS, VALUE, L          if rS == VALUE: pc := L
 *     loop rD, L                rD := rD - 1; if rD != 0: pc := L
 *     syscall ipc|threadswitch|exregs|threadcontrol  enter the kernel (register conventions: {@link SyscallKind})
 *     halt                      end the thread
 *     fmov fD, rS               fD := rS        (FPU registers f0..f7, 64-bit; semantics.md §7 lazy FPU)
 *     fmov rD, fS               rD := fS
 *     fadd fD, fS               fD := fD + fS   (64-bit integer addition, so results are exact)
 *     trap N                    user trap N, delivered as IPC to the ExceptionHandler TCR's thread
 *     setexh VALUE              ExceptionHandler TCR := VALUE (a thread id)
 *     ud                        illegal instruction (also ud2, illegal): #UD, exception 6, as trap 6
 *     setvs VALUE|rS            VirtualSender TCR := VALUE or rS (the originator of a propagated send)
 *     getas rD                  rD := ActualSender TCR (the real sender of a propagated receive)
 * </pre>
 *
 * <p>Mnemonics and keywords are case-insensitive; registers are {@code r0..r15}. A VALUE is one of:
 * a number (decimal, {@code 0x} hex, negative, {@code _} separators allowed), {@code ${param}} (a
 * workload parameter, substituted as text anywhere in an operand), {@code @name} (the global id of
 * thread {@code name}), {@code @name.local} (its local id; only when it runs in the same address
 * space), {@code @self}, {@code @self.local}, {@code nil}, {@code any} (anythread), {@code anylocal}
 * (anylocalthread), {@code never} / {@code zero} (16-bit timeouts: 0 and 0x0400),
 * {@code period(MICROS)} (the 16-bit relative timeout {@link Timeout#period}, i.e. {@code L4_TimePeriod},
 * rounded down to 10 significant bits; MICROS must be 1 .. 2^41-1, because the library turns 0 and
 * larger values into Never), {@code timeouts(SND, RCV)} (the Timeouts word {@code SND << 16 | RCV},
 * each {@code never}, {@code zero}, {@code period(MICROS)} or a raw 16-bit value) and
 * {@code tag(LABEL, U, T)} (a message tag, {@link MsgTag#of}; {@code tag(LABEL, U, T, p)} sets the
 * propagation bit p too, semantics.md §2.8) and {@code irq(N)} (the interrupt thread id
 * {@code GlobalId(N, 1)}).
 *
 * <p>Pseudo-instructions expand to the IPC register setup (semantics.md §2.2) followed by
 * {@code syscall ipc}; each is exactly four instructions, {@code mov r0 (to); mov r1 (from);
 * mov r2 (timeouts); syscall ipc}, except that when the operand is a register the copies from it come
 * first, so {@code ipc.receive r0} still reads the old {@code r0}. They overwrite r0..r2, and the
 * kernel returns {@code r0} = from and {@code r1} = the received tag, so keep loop counters in r3 and up.
 *
 * <pre>
 * ipc.call T[, TO]        to=T    from=T    snd=never rcv=never   TO = timeouts(SND, RCV)
 * ipc.send T[, SND]       to=T    from=nil  snd=never rcv=never
 * ipc.send.zero T         to=T    from=nil  snd=zero  rcv=never
 * ipc.reply T             to=T    from=nil  snd=zero  rcv=never
 * ipc.receive F[, RCV]    to=nil  from=F    snd=never rcv=never
 * ipc.wait [RCV]          to=nil  from=any  snd=never rcv=never
 * ipc.replywait T[, TO]   to=T    from=any  snd=zero  rcv=never   TO = timeouts(SND, RCV)
 * ipc.null                to=nil  from=nil  snd=never rcv=never
 * </pre>
 *
 * <p>The optional last operand replaces the default timeouts: a one-phase instruction takes the one
 * timeout of its phase (SND or RCV: {@code never}, {@code zero}, {@code period(MICROS)} or a raw 16-bit
 * value; the other half of the word stays Never), a two-phase one takes the whole word
 * ({@code timeouts(SND, RCV)} or a raw 32-bit number). Timeout operands are constants, never registers.
 * For example {@code ipc.call @server, timeouts(never, period(35000))} (semantics.md §8 vector 6),
 * {@code ipc.wait period(10000)}, and {@code ipc.receive @self, period(T)} (Sleep, vector 3).
 *
 * <p>ExchangeRegisters (semantics.md §7, conventions in {@link SyscallKind#EXCHANGE_REGISTERS}):
 * {@code exregs T, CONTROL[, SP[, IP[, FLAGS[, HANDLE[, PAGER]]]]]} moves its operands (VALUEs or
 * registers) into r0..r6 and does {@code syscall exregs}; it returns r0 = T's global id, r1 = the old
 * control, r2..r6 = the old sp, ip, flags, handle and pager. {@code abort.send T} is
 * {@code exregs T, 4} (bit s), {@code abort.recv T} is {@code exregs T, 2} (bit r) and {@code abort T}
 * is {@code exregs T, 6}. {@code thread.delete T} is ThreadControl delete ({@code mov r0, T; mov r1, 0;
 * syscall threadcontrol}; {@link SyscallKind#THREAD_CONTROL}). {@code thread.create T, VERSION, LABEL, PRIO}
 * creates thread T's number under VERSION (T: a thread reference or number; the number must be the next
 * unused one or one a deletion freed) in the caller's space, running the caller's program from LABEL
 * at PRIO ({@code mov r0, id; mov r1, 1; mov r2, LABEL; mov r3, PRIO; syscall threadcontrol}).
 *
 * <p>Thread references are resolved by {@link #assemble} against {@link Symbols}, so one parsed text
 * can serve every replica of a thread. Numbers and parameters are checked by {@link #parse}.
 *
 * <p>Invariant: every problem is one {@link ConfigException} naming the file, the 1-based line and
 * the field ({@code mnemonic}, {@code operands}, {@code operand N} (1-based) or {@code label}).
 */
public final class ProgramText {
    /** Raw timeout values. */
    public static final long NEVER = Timeout.NEVER.raw();
    public static final long ZERO = Timeout.ZERO.raw();
    /** Timeouts word with snd = Zero, rcv = Never (Reply, ReplyWait, Send with ZeroTime). */
    public static final long SEND_ZERO = Timeout.word(Timeout.ZERO, Timeout.NEVER);

    private static final Pattern LABEL_LINE = Pattern.compile("([A-Za-z_.][A-Za-z0-9_.]*)\\s*:(.*)");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.]*");
    private static final Pattern REGISTER = Pattern.compile("[rR]([0-9]+)");
    private static final Pattern FPU_REGISTER = Pattern.compile("[fF]([0-9]+)");
    private static final Pattern NUMBER = Pattern.compile("(-)?(?:0[xX]([0-9a-fA-F][0-9a-fA-F_]*)|([0-9][0-9_]*))");
    private static final Pattern PARAM = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern THREAD_REF = Pattern.compile("@([A-Za-z_][A-Za-z0-9_-]*)(?:\\.(.*))?");
    private static final long USER_SPACE = 1L << 32;
    /** String items and buffers carry a 22-bit length on the 32-bit layout (semantics.md §3.2). */
    private static final long STRING_LIMIT = 1L << 22;

    private final String file;
    private final List<Emit> code;

    private ProgramText(String file, List<Emit> code) {
        this.file = file;
        this.code = List.copyOf(code);
    }

    /** Parses {@code text}, the content of {@code file}, with no parameters. */
    public static ProgramText parse(String file, String text) {
        return parse(file, 1, text, Map.of());
    }

    /**
     * Parses program text.
     *
     * @param file       label for messages (path or classpath name, or the workload file for inline code)
     * @param firstLine  the 1-based line of {@code text}'s first line inside {@code file}
     * @param text       the program
     * @param parameters values for {@code ${name}}
     * @throws ConfigException on the first problem, in line order (undefined labels after the last line)
     */
    public static ProgramText parse(String file, int firstLine, String text, Map<String, Long> parameters) {
        return new Parser(file, parameters).parse(firstLine, text);
    }

    /** The label used in messages. */
    public String file() {
        return file;
    }

    /** Number of instructions (pseudo-instructions count four). */
    public int size() {
        return code.size();
    }

    /** Binds thread references with no threads defined ({@code @name} and {@code @self} are errors). */
    public Program assemble(String name) {
        return assemble(name, Symbols.none());
    }

    /**
     * Resolves thread references and builds the program.
     *
     * @throws ConfigException for an undefined thread, {@code @self} without a running thread, or a
     *                         {@code .local} id of a thread in another space
     */
    public Program assemble(String name, Symbols symbols) {
        Resolver r = new Resolver(file, symbols);
        List<Insn> out = new ArrayList<>(code.size());
        for (Emit e : code) {
            out.add(e.gen().make(r));
        }
        return new Program(name, out);
    }

    // ---------------------------------------------------------------------------------------------

    /** Produces one instruction once thread references can be resolved. */
    @FunctionalInterface
    private interface Gen {
        Insn make(Resolver r);
    }

    private record Emit(int line, Gen gen) {}

    /** An operand value before thread ids are known. */
    private sealed interface Val permits Const, Ref {}

    private record Const(long value) implements Val {}

    /** {@code @name[.local]}; {@code name == null} is {@code @self}. */
    private record Ref(String name, boolean local, String text, int line, String field) implements Val {}

    /** A source operand of a pseudo-instruction: a register or a value. */
    private record Src(int register, Val value) {
        boolean isRegister() {
            return register >= 0;
        }
    }

    /** A branch target, filled in when the whole text has been read. */
    private static final class Target {
        final String label;
        final int line;
        final String field;
        int pc = -1;

        Target(String label, int line, String field) {
            this.label = label;
            this.line = line;
            this.field = field;
        }
    }

    private static final class Resolver {
        private final String file;
        private final Symbols symbols;

        Resolver(String file, Symbols symbols) {
            this.file = file;
            this.symbols = symbols;
        }

        long value(Val v) {
            return switch (v) {
                case Const c -> c.value();
                case Ref ref -> thread(ref);
            };
        }

        private long thread(Ref ref) {
            ThreadSymbol self = symbols.self();
            ThreadSymbol t;
            if (ref.name() == null) {
                if (self == null) {
                    throw error(ref, "'" + ref.text() + "' is not available: the program is not attached to a thread");
                }
                t = self;
            } else {
                t = symbols.thread(ref.name());
                if (t == null) {
                    Integer count = symbols.groups().get(ref.name());
                    if (count != null) {
                        throw error(ref, "'" + ref.text() + "' names a replicated thread (count " + count + "); name one replica, "
                                + (count == 0 ? "but it has none" : "@" + ref.name() + "0 .. @" + ref.name() + (count - 1)));
                    }
                    throw error(ref, "undefined thread '@" + ref.name() + "'" + known());
                }
            }
            if (!ref.local()) {
                return t.globalId().raw();
            }
            if (self == null) {
                throw error(ref, "'" + ref.text() + "' needs the running thread's address space, and the program is not attached to a thread");
            }
            if (!t.space().equals(self.space())) {
                throw error(ref, "'" + ref.text() + "': thread '" + t.name() + "' runs in space '" + t.space() + "', this thread in '"
                        + self.space() + "'; a local id is valid only within its own space (use @" + t.name() + ")");
            }
            return t.localId().raw();
        }

        private String known() {
            List<String> names = new ArrayList<>(symbols.groups().keySet().stream().map(g -> g + "0..").toList());
            for (String n : symbols.threads().keySet()) {
                if (names.size() >= 12) {
                    names.add("...");
                    break;
                }
                if (!isReplica(n)) {
                    names.add(n);
                }
            }
            return names.isEmpty() ? " (no threads are defined)" : " (threads: " + String.join(", ", names) + ")";
        }

        private boolean isReplica(String n) {
            for (String g : symbols.groups().keySet()) {
                if (n.startsWith(g) && n.length() > g.length() && n.substring(g.length()).chars().allMatch(Character::isDigit)) {
                    return true;
                }
            }
            return false;
        }

        private ConfigException error(Ref ref, String problem) {
            return new ConfigException(file, ref.line(), ref.field(), problem);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Parser {
        private final String file;
        private final Map<String, Long> parameters;
        private final List<Emit> code = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();
        private final Map<String, Integer> labelLines = new HashMap<>();
        private final List<Target> targets = new ArrayList<>();
        private int line;

        Parser(String file, Map<String, Long> parameters) {
            this.file = file;
            this.parameters = parameters;
        }

        ProgramText parse(int firstLine, String text) {
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                line = firstLine + i;
                statement(stripComment(lines[i]).strip());
            }
            for (Target t : targets) {
                Integer pc = labels.get(t.label);
                if (pc == null) {
                    throw new ConfigException(file, t.line, t.field, "undefined label '" + t.label + "'");
                }
                if (pc >= code.size()) {
                    throw new ConfigException(file, t.line, t.field, "label '" + t.label + "' (line " + labelLines.get(t.label)
                            + ") marks the end of the program; a branch target needs an instruction after it");
                }
                t.pc = pc;
            }
            if (code.isEmpty()) {
                throw new ConfigException(file, firstLine, null, "the program has no instructions");
            }
            return new ProgramText(file, code);
        }

        private static String stripComment(String s) {
            int cut = s.length();
            int hash = s.indexOf('#');
            int semi = s.indexOf(';');
            if (hash >= 0) {
                cut = hash;
            }
            if (semi >= 0 && semi < cut) {
                cut = semi;
            }
            return s.substring(0, cut);
        }

        private void statement(String s) {
            Matcher m = LABEL_LINE.matcher(s);
            while (m.matches()) {
                String label = m.group(1);
                Integer before = labelLines.putIfAbsent(label, line);
                if (before != null) {
                    throw error("label", "label '" + label + "' is already defined on line " + before);
                }
                labels.put(label, code.size());
                s = m.group(2).strip();
                m = LABEL_LINE.matcher(s);
            }
            if (s.isEmpty()) {
                return;
            }
            int space = indexOfWhitespace(s);
            String mnemonic = (space < 0 ? s : s.substring(0, space)).toLowerCase(Locale.ROOT);
            List<String> ops = space < 0 ? List.of() : operands(s.substring(space).strip());
            instruction(mnemonic, ops);
        }

        private static int indexOfWhitespace(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }

        /** Splits at commas outside parentheses and substitutes parameters. */
        private List<String> operands(String s) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i <= s.length(); i++) {
                char c = i < s.length() ? s.charAt(i) : ',';
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth < 0) {
                        throw error(operand(out.size()), "unbalanced ')'");
                    }
                } else if (c == ',' && (depth == 0 || i == s.length())) {
                    if (depth > 0) {
                        throw error(operand(out.size()), "unbalanced '(': missing ')'");
                    }
                    String op = s.substring(start, i).strip();
                    if (op.isEmpty()) {
                        throw error(operand(out.size()), "missing operand");
                    }
                    out.add(substitute(op, operand(out.size())));
                    start = i + 1;
                }
            }
            return out;
        }

        private String substitute(String op, String field) {
            if (!op.contains("$")) {
                return op;
            }
            Matcher m = PARAM.matcher(op);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                if (!PARAM_NAME.matcher(name).matches()) {
                    throw error(field, "bad parameter reference '${" + name + "}'");
                }
                Long v = parameters.get(name);
                if (v == null) {
                    throw error(field, "undefined parameter '${" + name + "}'" + (parameters.isEmpty()
                            ? " (the workload defines no parameters)"
                            : " (parameters: " + String.join(", ", parameters.keySet().stream().sorted().toList()) + ")"));
                }
                m.appendReplacement(b, Long.toString(v));
            }
            m.appendTail(b);
            String out = b.toString();
            if (out.contains("$")) {
                throw error(field, "bad parameter reference in '" + op + "'; write ${name}");
            }
            return out;
        }

        private void instruction(String mnemonic, List<String> ops) {
            switch (mnemonic) {
                case "compute" -> {
                    arity(mnemonic, ops, "N");
                    long n = nonNegative(ops, 0);
                    emit(new Insn.Compute(n));
                }
                case "touch" -> {
                    if (ops.size() != 2 && ops.size() != 3) {
                        throw arityError(mnemonic, ops, "2 or 3 operands (ADDR, BYTES[, write|read])");
                    }
                    if (isRegister(ops.get(0))) {
                        int ra = register(ops, 0);
                        long n = nonNegative(ops, 1);
                        boolean w = ops.size() == 3 && touchMode(ops);
                        emit(new Insn.TouchAt(ra, n, w));
                        return;
                    }
                    long address = nonNegative(ops, 0);
                    long bytes = nonNegative(ops, 1);
                    if (address + bytes > USER_SPACE || address >= USER_SPACE) {
                        throw error(operand(1), "the range " + hex(address) + " + " + bytes + " bytes leaves the 32-bit user address space");
                    }
                    boolean write = ops.size() == 3 && touchMode(ops);
                    emit(new Insn.Touch(address, bytes, write));
                }
                case "mov" -> {
                    arity(mnemonic, ops, "rD, VALUE|rS");
                    int rd = register(ops, 0);
                    if (isRegister(ops.get(1))) {
                        emit(new Insn.MovReg(rd, register(ops, 1)));
                    } else {
                        Val v = value(ops, 1);
                        emit(r -> new Insn.Mov(rd, r.value(v)));
                    }
                }
                case "add" -> {
                    arity(mnemonic, ops, "rD, VALUE");
                    int rd = register(ops, 0);
                    Val v = immediate(ops, 1);
                    emit(r -> new Insn.Add(rd, r.value(v)));
                }
                case "and", "or" -> {
                    arity(mnemonic, ops, "rD, VALUE");
                    int rd = register(ops, 0);
                    Val v = immediate(ops, 1);
                    emit(r -> mnemonic.equals("and") ? new Insn.And(rd, r.value(v)) : new Insn.Or(rd, r.value(v)));
                }
                case "setmr" -> {
                    arity(mnemonic, ops, "I, VALUE|rS");
                    int mr = messageRegister(ops, 0);
                    if (isRegister(ops.get(1))) {
                        emit(new Insn.SetMr(mr, register(ops, 1)));
                    } else {
                        Val v = value(ops, 1);
                        emit(r -> new Insn.SetMrImm(mr, r.value(v)));
                    }
                }
                case "setbr" -> {
                    arity(mnemonic, ops, "I, VALUE|rS");
                    long n = number(ops, 0);
                    if (n < 0 || n >= Utcb.BRS) {
                        throw error(operand(0), "buffer register index " + n + " out of range 0.." + (Utcb.BRS - 1));
                    }
                    int br = (int) n;
                    if (isRegister(ops.get(1))) {
                        emit(new Insn.SetBr(br, register(ops, 1)));
                    } else {
                        Val v = value(ops, 1);
                        emit(r -> new Insn.SetBrImm(br, r.value(v)));
                    }
                }
                case "getmr" -> {
                    arity(mnemonic, ops, "rD, I");
                    int rd = register(ops, 0);
                    int mr = messageRegister(ops, 1);
                    emit(new Insn.GetMr(rd, mr));
                }
                case "jmp" -> {
                    arity(mnemonic, ops, "LABEL");
                    Target t = target(ops, 0);
                    emit(r -> new Insn.Jump(t.pc));
                }
                case "bnz" -> {
                    arity(mnemonic, ops, "rS, LABEL");
                    int rs = register(ops, 0);
                    Target t = target(ops, 1);
                    emit(r -> new Insn.BranchNonZero(rs, t.pc));
                }
                case "beq" -> {
                    arity(mnemonic, ops, "rS, VALUE, LABEL");
                    int rs = register(ops, 0);
                    Val v = immediate(ops, 1);
                    Target t = target(ops, 2);
                    emit(r -> new Insn.BranchEq(rs, r.value(v), t.pc));
                }
                case "loop" -> {
                    arity(mnemonic, ops, "rD, LABEL");
                    int rd = register(ops, 0);
                    Target t = target(ops, 1);
                    emit(r -> new Insn.Loop(rd, t.pc));
                }
                case "syscall" -> {
                    arity(mnemonic, ops, "ipc|threadswitch|exregs|threadcontrol");
                    String kind = ops.get(0).toLowerCase(Locale.ROOT);
                    SyscallKind k = switch (kind) {
                        case "ipc" -> SyscallKind.IPC;
                        case "threadswitch", "thread_switch" -> SyscallKind.THREAD_SWITCH;
                        case "exregs", "exchangeregisters", "exchange_registers" -> SyscallKind.EXCHANGE_REGISTERS;
                        case "threadcontrol", "thread_control" -> SyscallKind.THREAD_CONTROL;
                        default -> throw error(operand(0), "unknown system call '" + ops.get(0)
                                + "'; expected ipc, threadswitch, exregs or threadcontrol");
                    };
                    emit(new Insn.Syscall(k));
                }
                case "trap" -> {
                    arity(mnemonic, ops, "N");
                    Val v = immediate(ops, 0);
                    emit(r -> new Insn.Trap(r.value(v)));
                }
                case "setxfer" -> {
                    arity(mnemonic, ops, "VALUE");
                    Val v = value(ops, 0);
                    emit(r -> new Insn.SetXferTimeouts(r.value(v)));
                }
                case "setexh" -> {
                    arity(mnemonic, ops, "VALUE");
                    Val v = value(ops, 0);
                    emit(r -> new Insn.SetExceptionHandler(r.value(v)));
                }
                case "setvs" -> {
                    arity(mnemonic, ops, "VALUE|rS");
                    if (isRegister(ops.get(0))) {
                        emit(new Insn.SetVirtualSenderReg(register(ops, 0)));
                    } else {
                        Val v = value(ops, 0);
                        emit(r -> new Insn.SetVirtualSender(r.value(v)));
                    }
                }
                case "getas" -> {
                    arity(mnemonic, ops, "rD");
                    emit(new Insn.GetActualSender(register(ops, 0)));
                }
                case "ud", "ud2", "illegal" -> {
                    arity(mnemonic, ops, "");
                    emit(new Insn.Illegal());
                }
                case "halt" -> {
                    arity(mnemonic, ops, "");
                    emit(new Insn.Halt());
                }
                case "fmov" -> {
                    arity(mnemonic, ops, "fD|rD, rS|fS");
                    if (FPU_REGISTER.matcher(ops.get(0)).matches()) {
                        emit(new Insn.FMovIn(fpuRegister(ops, 0), register(ops, 1)));
                    } else if (REGISTER.matcher(ops.get(0)).matches()) {
                        emit(new Insn.FMovOut(register(ops, 0), fpuRegister(ops, 1)));
                    } else {
                        throw error(operand(0), "expected an FPU register f0..f" + (UserContext.FPU_REGISTERS - 1)
                                + " or a register r0..r" + (UserContext.REGISTERS - 1) + ", got '" + ops.get(0) + "'");
                    }
                }
                case "fadd" -> {
                    arity(mnemonic, ops, "fD, fS");
                    emit(new Insn.FAdd(fpuRegister(ops, 0), fpuRegister(ops, 1)));
                }
                case "ipc.call" -> {
                    arity(mnemonic, ops, 1, 2, "TARGET[, timeouts(SND, RCV)]");
                    Src t = source(ops, 0);
                    ipc(t, t, ops.size() > 1 ? timeoutsWord(mnemonic, ops, 1) : NEVER);
                }
                case "ipc.send" -> {
                    arity(mnemonic, ops, 1, 2, "TARGET[, SND]");
                    Src t = source(ops, 0);
                    ipc(t, constant(ThreadId.NIL.raw()), ops.size() > 1 ? phaseTimeout(mnemonic, ops, 1, true) : NEVER);
                }
                case "ipc.send.zero", "ipc.reply" -> {
                    arity(mnemonic, ops, "TARGET");
                    ipc(source(ops, 0), constant(ThreadId.NIL.raw()), SEND_ZERO);
                }
                case "ipc.receive" -> {
                    arity(mnemonic, ops, 1, 2, "FROM[, RCV]");
                    Src f = source(ops, 0);
                    ipc(constant(ThreadId.NIL.raw()), f, ops.size() > 1 ? phaseTimeout(mnemonic, ops, 1, false) : NEVER);
                }
                case "ipc.wait" -> {
                    arity(mnemonic, ops, 0, 1, "[RCV]");
                    ipc(constant(ThreadId.NIL.raw()), constant(ThreadId.ANY.raw()), ops.isEmpty() ? NEVER : phaseTimeout(mnemonic, ops, 0, false));
                }
                case "ipc.replywait" -> {
                    arity(mnemonic, ops, 1, 2, "TARGET[, timeouts(SND, RCV)]");
                    Src t = source(ops, 0);
                    ipc(t, constant(ThreadId.ANY.raw()), ops.size() > 1 ? timeoutsWord(mnemonic, ops, 1) : SEND_ZERO);
                }
                case "ipc.null" -> {
                    arity(mnemonic, ops, "");
                    ipc(constant(ThreadId.NIL.raw()), constant(ThreadId.NIL.raw()), NEVER);
                }
                case "exregs" -> {
                    if (ops.size() < 2 || ops.size() > 7) {
                        throw arityError(mnemonic, ops, "2 to 7 operands (TARGET, CONTROL[, SP[, IP[, FLAGS[, HANDLE[, PAGER]]]]])");
                    }
                    Src[] regs = new Src[ops.size()];
                    for (int i = 0; i < regs.length; i++) {
                        regs[i] = source(ops, i);
                    }
                    syscall(regs, SyscallKind.EXCHANGE_REGISTERS);
                }
                case "thread.create" -> {
                    arity(mnemonic, ops, "THREAD, VERSION, LABEL, PRIORITY");
                    Val who = immediate(ops, 0);
                    long version = number(ops, 1);
                    if (version < 1 || version >= (1L << ThreadId.VERSION_BITS)) {
                        throw error(operand(1), "version " + version + " out of range 1.." + ((1 << ThreadId.VERSION_BITS) - 1));
                    }
                    Target start = target(ops, 2);
                    long priority = number(ops, 3);
                    if (priority < 0 || priority > 255) {
                        throw error(operand(3), "priority " + priority + " out of range 0..255");
                    }
                    emit(r -> new Insn.Mov(0, ThreadId.global(ThreadId.of(r.value(who)).number(), (int) version).raw()));
                    emit(new Insn.Mov(1, ThreadControl.CREATE));
                    emit(r -> new Insn.Mov(2, start.pc));
                    emit(new Insn.Mov(3, priority));
                    emit(new Insn.Syscall(SyscallKind.THREAD_CONTROL));
                }
                case "thread.delete" -> {
                    arity(mnemonic, ops, "TARGET");
                    syscall(new Src[] {source(ops, 0), constant(ThreadControl.DELETE)}, SyscallKind.THREAD_CONTROL);
                }
                case "abort.send", "abort.recv", "abort" -> {
                    arity(mnemonic, ops, "TARGET");
                    long control = switch (mnemonic) {
                        case "abort.send" -> ExchangeRegisters.ABORT_SEND;
                        case "abort.recv" -> ExchangeRegisters.ABORT_RECEIVE;
                        default -> ExchangeRegisters.ABORT_SEND | ExchangeRegisters.ABORT_RECEIVE;
                    };
                    syscall(new Src[] {source(ops, 0), constant(control)}, SyscallKind.EXCHANGE_REGISTERS);
                }
                default -> throw error("mnemonic", "unknown instruction '" + mnemonic + "'; expected one of: compute, touch, mov, add, and, or, "
                        + "setmr, getmr, setbr, setxfer, jmp, bnz, beq, loop, syscall, halt, fmov, fadd, trap, setexh, setvs, getas, ud, ipc.call, ipc.send, ipc.send.zero, ipc.reply, "
                        + "ipc.receive, ipc.wait, ipc.replywait, ipc.null, exregs, abort.send, abort.recv, abort, thread.delete, thread.create");
            }
        }

        /** {@code mov r0, to; mov r1, from; mov r2, timeouts; syscall ipc}, register copies first. */
        private void ipc(Src to, Src from, long timeouts) {
            Src[] dest = {to, from};
            for (int rd = 0; rd < 2; rd++) {
                if (dest[rd].isRegister()) {
                    emit(new Insn.MovReg(rd, dest[rd].register()));
                }
            }
            for (int rd = 0; rd < 2; rd++) {
                if (!dest[rd].isRegister()) {
                    int d = rd;
                    Val v = dest[rd].value();
                    emit(r -> new Insn.Mov(d, r.value(v)));
                }
            }
            emit(new Insn.Mov(2, timeouts));
            emit(new Insn.Syscall(SyscallKind.IPC));
        }

        /** {@code mov r0, regs[0]; mov r1, regs[1]; ...; syscall kind}, register copies first (as {@link #ipc}). */
        private void syscall(Src[] regs, SyscallKind kind) {
            for (int rd = 0; rd < regs.length; rd++) {
                if (regs[rd].isRegister()) {
                    emit(new Insn.MovReg(rd, regs[rd].register()));
                }
            }
            for (int rd = 0; rd < regs.length; rd++) {
                if (!regs[rd].isRegister()) {
                    int d = rd;
                    Val v = regs[rd].value();
                    emit(r -> new Insn.Mov(d, r.value(v)));
                }
            }
            emit(new Insn.Syscall(kind));
        }

        private void emit(Insn insn) {
            code.add(new Emit(line, r -> insn));
        }

        private void emit(Gen gen) {
            code.add(new Emit(line, gen));
        }

        // --- operands ------------------------------------------------------------------------------

        private void arity(String mnemonic, List<String> ops, String signature) {
            int expected = signature.isEmpty() ? 0 : signature.split(",").length;
            if (ops.size() != expected) {
                String takes = expected == 0 ? "no operands" : expected + " operand" + (expected == 1 ? "" : "s") + " (" + signature + ")";
                throw arityError(mnemonic, ops, takes);
            }
        }

        /** {@code min} to {@code max} operands (an optional last operand). */
        private void arity(String mnemonic, List<String> ops, int min, int max, String signature) {
            if (ops.size() < min || ops.size() > max) {
                throw arityError(mnemonic, ops, min + " or " + max + " operand" + (max == 1 ? "" : "s") + " (" + signature + ")");
            }
        }

        private ConfigException arityError(String mnemonic, List<String> ops, String takes) {
            return error("operands", "'" + mnemonic + "' takes " + takes + "; got " + ops.size() + " operand" + (ops.size() == 1 ? "" : "s"));
        }

        private static String operand(int index) {
            return "operand " + (index + 1);
        }

        private static boolean isRegister(String s) {
            return REGISTER.matcher(s).matches();
        }

        private int register(List<String> ops, int i) {
            String s = ops.get(i);
            Matcher m = REGISTER.matcher(s);
            if (!m.matches()) {
                throw error(operand(i), "expected a register r0..r" + (UserContext.REGISTERS - 1) + ", got '" + s + "'");
            }
            String digits = m.group(1);
            if (digits.length() > 3 || Integer.parseInt(digits) >= UserContext.REGISTERS) {
                throw error(operand(i), "register '" + s + "' out of range r0..r" + (UserContext.REGISTERS - 1));
            }
            return Integer.parseInt(digits);
        }

        private int fpuRegister(List<String> ops, int i) {
            String s = ops.get(i);
            Matcher m = FPU_REGISTER.matcher(s);
            if (!m.matches()) {
                throw error(operand(i), "expected an FPU register f0..f" + (UserContext.FPU_REGISTERS - 1) + ", got '" + s + "'");
            }
            String digits = m.group(1);
            if (digits.length() > 3 || Integer.parseInt(digits) >= UserContext.FPU_REGISTERS) {
                throw error(operand(i), "FPU register '" + s + "' out of range f0..f" + (UserContext.FPU_REGISTERS - 1));
            }
            return Integer.parseInt(digits);
        }

        private int messageRegister(List<String> ops, int i) {
            long n = number(ops, i);
            if (n < 0 || n >= Utcb.MRS) {
                throw error(operand(i), "message register index " + n + " out of range 0.." + (Utcb.MRS - 1));
            }
            return (int) n;
        }

        private long nonNegative(List<String> ops, int i) {
            long n = number(ops, i);
            if (n < 0) {
                throw error(operand(i), "must be >= 0, got " + n);
            }
            return n;
        }

        private long number(List<String> ops, int i) {
            String s = ops.get(i);
            Long n = parseNumber(s, operand(i));
            if (n == null) {
                throw error(operand(i), "expected a number, got '" + s + "'");
            }
            return n;
        }

        /** The number {@code s} denotes, or {@code null} if it is not number syntax. */
        private Long parseNumber(String s, String field) {
            Matcher m = NUMBER.matcher(s);
            if (!m.matches()) {
                return null;
            }
            try {
                return ProgramText.parseNumber(s);
            } catch (NumberFormatException e) {
                throw error(field, "number '" + s + "' does not fit in 64 bits");
            }
        }

        private Target target(List<String> ops, int i) {
            String s = ops.get(i);
            if (!LABEL_NAME.matcher(s).matches()) {
                throw error(operand(i), "expected a label, got '" + s + "'");
            }
            Target t = new Target(s, line, operand(i));
            targets.add(t);
            return t;
        }

        private static Src constant(long v) {
            return new Src(-1, new Const(v));
        }

        private Src source(List<String> ops, int i) {
            if (isRegister(ops.get(i))) {
                return new Src(register(ops, i), null);
            }
            return new Src(-1, value(ops, i));
        }

        /** A value where a register would be a mistake (add, beq). */
        private Val immediate(List<String> ops, int i) {
            if (isRegister(ops.get(i))) {
                throw error(operand(i), "expected a value, got register '" + ops.get(i) + "' (this operand is an immediate)");
            }
            return value(ops, i);
        }

        private Val value(List<String> ops, int i) {
            String s = ops.get(i);
            String field = operand(i);
            String k = s.toLowerCase(Locale.ROOT);
            switch (k) {
                case "nil", "nilthread" -> {
                    return new Const(ThreadId.NIL.raw());
                }
                case "any", "anythread" -> {
                    return new Const(ThreadId.ANY.raw());
                }
                case "anylocal", "anylocalthread" -> {
                    return new Const(ThreadId.ANY_LOCAL.raw());
                }
                case "never" -> {
                    return new Const(NEVER);
                }
                case "zero" -> {
                    return new Const(ZERO);
                }
                default -> {
                }
            }
            if (s.startsWith("@")) {
                Matcher m = THREAD_REF.matcher(s);
                if (!m.matches()) {
                    throw error(field, "bad thread reference '" + s + "'; expected @name, @name.local, @self or @self.local");
                }
                String suffix = m.group(2);
                if (suffix != null && !suffix.equals("local")) {
                    throw error(field, "bad thread reference '" + s + "': unknown suffix '." + suffix + "' (only .local)");
                }
                String name = m.group(1).equals("self") ? null : m.group(1);
                return new Ref(name, suffix != null, s, line, field);
            }
            Call call = call(s);
            if (call != null) {
                return callValue(call, field);
            }
            Long n = parseNumber(s, field);
            if (n != null) {
                return new Const(n);
            }
            throw error(field, "expected a value, got '" + s + "' (a number, ${param}, @thread, @thread.local, @self, nil, any, "
                    + "anylocal, never, zero, period(micros), tag(label, u, t) or timeouts(snd, rcv))");
        }

        /** The value of a function call in an operand. */
        private Val callValue(Call call, String field) {
            {
                switch (call.fn()) {
                    case "tag" -> {
                        return tag(call.args(), field);
                    }
                    case "timeouts" -> {
                        return timeouts(call.args(), field);
                    }
                    case "period" -> {
                        return new Const(period(call.args(), field));
                    }
                    case "irq" -> {
                        return new Const(irq(call.args(), field));
                    }
                    case "fpage" -> {
                        long[] a = numbers(call, field, 2, 3, "fpage(base, log2size[, rwx])");
                        if (a[1] < 10 || a[1] > 32) {
                            throw error(field, "fpage(): log2size must be 10..32, got " + a[1]);
                        }
                        return new Const(Fpage.of(a[0], (int) a[1], a.length > 2 ? (int) (a[2] & 7) : Fpage.RWX).raw());
                    }
                    case "complete" -> {
                        numbers(call, field, 0, 0, "complete()");
                        return new Const(Fpage.COMPLETE.raw());
                    }
                    case "acceptor" -> {
                        long[] a = numbers(call, field, 1, 2, "acceptor(strings[, window])");
                        return new Const((a.length > 1 ? a[1] & ~0xFL : 0) | (a[0] != 0 ? 1 : 0));
                    }
                    case "mapitem", "grantitem" -> {
                        long[] a = numbers(call, field, 1, 1, call.fn() + "(snd_base)");
                        return new Const((a[0] & ~0x3FFL) | (call.fn().equals("mapitem") ? 0x8 : 0xA));
                    }
                    case "string" -> {
                        long[] a = numbers(call, field, 1, 2, "string(length[, continues])");
                        return new Const(stringWord(a[0], a.length > 1 && a[1] != 0, false, field));
                    }
                    case "buffer" -> {
                        long[] a = numbers(call, field, 1, 3, "buffer(length[, more[, continues]])");
                        return new Const(stringWord(a[0], a.length > 2 && a[2] != 0, a.length > 1 && a[1] != 0, field));
                    }
                    default -> throw error(field, "unknown function '" + call.fn()
                            + "()'; expected tag(label, u, t), timeouts(snd, rcv), period(micros), irq(n), fpage(base, log2size[, rwx]), "
                            + "complete(), acceptor(strings[, window]), mapitem(snd_base), grantitem(snd_base), string(length[, continues]) "
                            + "or buffer(length[, more[, continues]])");
                }
            }
        }

        /** {@code fn(args)}: the lower-case function name and its arguments. */
        private record Call(String fn, List<String> args) {}

        /** {@code s} as a function call, or {@code null} if it is not {@code name(...)}. */
        private static Call call(String s) {
            int open = s.indexOf('(');
            if (open <= 0 || !s.endsWith(")")) {
                return null;
            }
            return new Call(s.substring(0, open).strip().toLowerCase(Locale.ROOT), splitArgs(s.substring(open + 1, s.length() - 1)));
        }

        /** Splits at commas outside parentheses ({@code never, period(35000)}). */
        private static List<String> splitArgs(String s) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(s.substring(start, i).strip());
                    start = i + 1;
                }
            }
            out.add(s.substring(start).strip());
            return out;
        }

        /** {@code irq(N)}: the interrupt thread id {@code GlobalId(N, 1)}, N in the system range 1..63. */
        /** The third operand of a touch: {@code write} (true) or {@code read}. */
        private boolean touchMode(List<String> ops) {
            String mode = ops.get(2).toLowerCase(Locale.ROOT);
            if (!mode.equals("write") && !mode.equals("read")) {
                throw error(operand(2), "expected 'write' or 'read', got '" + ops.get(2) + "'");
            }
            return mode.equals("write");
        }

        /** The numeric arguments of {@code call}: between {@code min} and {@code max} of them. */
        private long[] numbers(Call call, String field, int min, int max, String usage) {
            List<String> args = call.args().size() == 1 && call.args().get(0).isEmpty() ? List.of() : call.args();
            if (args.size() < min || args.size() > max) {
                throw error(field, call.fn() + "() takes " + (min == max ? min : min + " to " + max) + " numbers: " + usage);
            }
            long[] out = new long[args.size()];
            for (int j = 0; j < out.length; j++) {
                Call inner = call(args.get(j));
                if (inner != null && (inner.fn().equals("fpage") || inner.fn().equals("complete"))) {
                    out[j] = ((Const) callValue(inner, field)).value(); // a window or fpage argument: fpage(...), complete()
                    continue;
                }
                Long n = parseNumber(args.get(j), field);
                if (n == null || n < 0) {
                    throw error(field, call.fn() + "(): argument " + (j + 1) + " must be a number >= 0, got '" + args.get(j) + "' (" + usage + ")");
                }
                out[j] = n;
            }
            return out;
        }

        /**
         * Word 0 of a string item or string buffer (semantics.md §3.2): {@code length << 10 | c << 9}, one
         * substring ({@code j = 0}), bit 0 {@code C} = another buffer follows (buffers only).
         */
        private long stringWord(long length, boolean continues, boolean more, String field) {
            if (length >= STRING_LIMIT) {
                throw error(field, "string length " + length + " is too large: at most " + (STRING_LIMIT - 1) + " bytes (4 MiB - 1, 22 bits)");
            }
            return (length << 10) | (continues ? 0x200 : 0) | (more ? 1 : 0);
        }

        private long irq(List<String> args, String field) {
            Long n = args.size() == 1 ? parseNumber(args.get(0), field) : null;
            if (n == null) {
                throw error(field, "irq() takes one number: irq(n), the interrupt number");
            }
            if (n < 1 || n >= org.stacklab.kernel.tcb.TcbTable.FIRST_USER_NUMBER) {
                throw error(field, "irq(): n must be 1.." + (org.stacklab.kernel.tcb.TcbTable.FIRST_USER_NUMBER - 1) + ", got " + n);
            }
            return ThreadId.global((int) (long) n, 1).raw();
        }

        private Val tag(List<String> args, String field) {
            boolean propagate = args.size() == 4 && args.get(3).strip().equalsIgnoreCase("p");
            if (args.size() == 4 && !propagate) {
                throw error(field, "tag(): the fourth argument may only be p (propagate), got '" + args.get(3) + "'");
            }
            if (args.size() != 3 && !propagate) {
                throw error(field, "tag() takes three numbers and an optional p: tag(label, u, t) or tag(label, u, t, p); got "
                        + args.size());
            }
            args = args.subList(0, 3);
            long[] v = new long[3];
            String[] names = {"label", "u", "t"};
            for (int j = 0; j < 3; j++) {
                Long n = parseNumber(args.get(j), field);
                if (n == null) {
                    throw error(field, "tag(): " + names[j] + " must be a number, got '" + args.get(j) + "'");
                }
                v[j] = n;
            }
            if (v[0] < 0 || v[0] > 0xFFFF) {
                throw error(field, "tag(): label must be 0..0xFFFF, got " + v[0]);
            }
            if (v[1] < 0 || v[1] > 63 || v[2] < 0 || v[2] > 63) {
                throw error(field, "tag(): u and t must be 0..63, got u=" + v[1] + " t=" + v[2]);
            }
            if (v[1] + v[2] > Utcb.MRS - 1) {
                throw error(field, "tag(): u + t must be at most " + (Utcb.MRS - 1) + " (message registers after MR0), got " + (v[1] + v[2]));
            }
            long raw = MsgTag.of((int) v[0], (int) v[1], (int) v[2]).raw();
            return new Const(propagate ? raw | MsgTag.PROPAGATED : raw);
        }

        private Val timeouts(List<String> args, String field) {
            if (args.size() != 2) {
                throw error(field, "timeouts() takes two timeouts: timeouts(snd, rcv); got " + args.size());
            }
            long snd = timeout16(args.get(0), field, "timeouts(): snd");
            long rcv = timeout16(args.get(1), field, "timeouts(): rcv");
            return new Const(Timeout.word(new Timeout((int) snd), new Timeout((int) rcv)));
        }

        /**
         * One 16-bit X.2 timeout: {@code never}, {@code zero}, {@code period(MICROS)} or a raw number
         * 0..0xFFFF.
         */
        private long timeout16(String text, String field, String what) {
            String a = text.strip();
            String k = a.toLowerCase(Locale.ROOT);
            if (k.equals("never")) {
                return NEVER;
            }
            if (k.equals("zero")) {
                return ZERO;
            }
            Call call = call(a);
            if (call != null && call.fn().equals("period")) {
                return period(call.args(), field);
            }
            Long n = call == null ? parseNumber(a, field) : null;
            if (n == null || n < 0 || n > 0xFFFF) {
                throw error(field, what + " must be never, zero, period(MICROS) or a raw 16-bit value, got '" + text + "'");
            }
            return n;
        }

        /**
         * {@code period(MICROS)}: the raw 16-bit timeout {@link Timeout#period} (the library's
         * {@code L4_TimePeriod}, rounding down to 10 significant bits). Unlike the library, the text format
         * rejects the two arguments the library turns into Never (0, and 2^41 or more), so that
         * {@code period(N)} is always a finite, non-zero timeout and an infinite one is written
         * {@code never}.
         */
        private long period(List<String> args, String field) {
            if (args.size() != 1 || args.get(0).isEmpty()) {
                throw error(field, "period() takes one number of microseconds: period(micros); got " + (args.get(0).isEmpty() ? 0 : args.size()));
            }
            String a = args.get(0);
            Long us = parseNumber(a, field);
            if (us == null) {
                throw error(field, "period(): micros must be a number, got '" + a + "'");
            }
            if (us < 0) {
                throw error(field, "period(): micros must be > 0, got " + us);
            }
            if (us == 0) {
                throw error(field, "period(0) is L4_Never in L4 (L4_TimePeriod(0) == L4_Never, an infinite timeout; semantics.md §4.1); "
                        + "write never for no timeout or zero to fail at once");
            }
            Timeout t = Timeout.period(us);
            if (t.isNever()) {
                throw error(field, "period(" + us + ") is 2^41 us or more, beyond the 16-bit encoding (the largest period is "
                        + Timeout.MAX_PERIOD_MICROS + " us, about 25.4 days) and L4_TimePeriod gives never for it; write never");
            }
            return t.raw();
        }

        /** The optional timeout of a one-phase pseudo-instruction, placed in its half of the Timeouts word. */
        private long phaseTimeout(String mnemonic, List<String> ops, int i, boolean send) {
            String s = ops.get(i);
            String phase = send ? "send" : "receive";
            if (isRegister(s)) {
                throw error(operand(i), "expected a " + phase + " timeout (never, zero, period(MICROS) or a raw 16-bit value), got register '"
                        + s + "'; for a computed timeout set r2 yourself and use syscall ipc");
            }
            Call call = call(s);
            if (call != null && call.fn().equals("timeouts")) {
                throw error(operand(i), "'" + mnemonic + "' has only a " + phase + " phase; give its one timeout (never, zero, "
                        + "period(MICROS) or a raw 16-bit value), not timeouts(SND, RCV)");
            }
            long raw = timeout16(s, operand(i), phase + " timeout");
            return send ? Timeout.word(new Timeout((int) raw), Timeout.NEVER) : Timeout.word(Timeout.NEVER, new Timeout((int) raw));
        }

        /** The optional Timeouts word of a two-phase pseudo-instruction: {@code timeouts(SND, RCV)} or a raw 32-bit word. */
        private long timeoutsWord(String mnemonic, List<String> ops, int i) {
            String s = ops.get(i);
            Call call = call(s);
            if (call != null && call.fn().equals("timeouts")) {
                return ((Const) timeouts(call.args(), operand(i))).value();
            }
            Long n = isRegister(s) || call != null ? null : parseNumber(s, operand(i));
            if (n == null || n < 0 || n > 0xFFFF_FFFFL) {
                throw error(operand(i), "'" + mnemonic + "' has a send and a receive phase; give both timeouts as timeouts(SND, RCV) "
                        + "(or a raw 32-bit Timeouts word), got '" + s + "'");
            }
            return n;
        }

        private ConfigException error(String field, String problem) {
            return new ConfigException(file, line, field, problem);
        }

        private static String hex(long v) {
            return "0x" + Long.toHexString(v);
        }
    }

    /**
     * Parses a number in the text format: decimal or {@code 0x} hex, optional leading {@code -},
     * {@code _} separators. Hex takes up to 64 bits unsigned ({@code 0xFFFF_FFFF_FFFF_FFFF} is -1).
     *
     * @throws NumberFormatException if {@code s} is not such a number or does not fit in 64 bits
     */
    public static long parseNumber(String s) {
        Matcher m = NUMBER.matcher(s.strip());
        if (!m.matches()) {
            throw new NumberFormatException("not a number: '" + s + "'");
        }
        boolean negative = m.group(1) != null;
        long v;
        if (m.group(2) != null) {
            String digits = m.group(2).replace("_", "");
            v = Long.parseUnsignedLong(digits, 16);
            if (negative && v < 0) {
                throw new NumberFormatException("out of range: " + s);
            }
        } else {
            String digits = m.group(3).replace("_", "");
            v = Long.parseLong(negative ? "-" + digits : digits);
            return v;
        }
        return negative ? -v : v;
    }
}
