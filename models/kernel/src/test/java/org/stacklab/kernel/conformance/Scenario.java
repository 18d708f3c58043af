package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.irq.Interrupts;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.CacheSpec;
import org.stacklab.machine.profile.CostModel;
import org.stacklab.machine.profile.MachineProfile;

/**
 * A workload for the conformance kit: named threads placed in named address spaces at priorities,
 * each with a program. {@link #run} runs it on a fresh {@link Kernel} of one model, checks
 * {@link KernelInvariants} afterwards and returns the {@link Outcome}.
 *
 * <p>Threads are created in declaration order, so their ids are known up front: the {@code i}-th
 * thread is {@code Kernel.globalIdOf(i)}, and its local id is {@code Kernel.localIdOf(slot)} where slot
 * counts the earlier threads of its space. Programs are given as functions of {@link Ids}, so a
 * program can name threads declared after it.
 *
 * <p>The machine is {@link #smallProfile()} (built here by hand, so the kit does not depend on config
 * files) and the options {@link KernelOptions#DEFAULT} unless told otherwise.
 */
public final class Scenario {

    /** One thread of the scenario. */
    public record ThreadSpec(String name, String space, int priority, Function<Ids, Program> program) {
    }

    /**
     * A device interrupt source ({@link Interrupts#add}): irq {@code irq} handled by thread {@code handler},
     * raised at cycle {@code first}, then every {@code period} cycles, {@code count} times (0: no end).
     */
    public record IrqSpec(int irq, String handler, long first, long period, long count) {
    }

    private final String name;
    private final List<ThreadSpec> threads = new ArrayList<>();
    private final List<IrqSpec> irqs = new ArrayList<>();
    private final Map<String, String> exceptionHandlers = new LinkedHashMap<>();
    private MachineProfile profile = smallProfile();
    private KernelOptions options = KernelOptions.DEFAULT;
    private List<Program> built;

    private Scenario(String name) {
        this.name = name;
    }

    public static Scenario named(String name) {
        return new Scenario(name);
    }

    public String name() {
        return name;
    }

    /** Adds a thread whose program may refer to any thread of the scenario by name. */
    public Scenario thread(String threadName, String space, int priority, Function<Ids, Program> program) {
        for (ThreadSpec t : threads) {
            if (t.name().equals(threadName)) {
                throw new IllegalArgumentException(name + ": thread '" + threadName + "' declared twice");
            }
        }
        threads.add(new ThreadSpec(threadName, space, priority, program));
        built = null;
        return this;
    }

    /**
     * Presets thread {@code threadName}'s UTCB ExceptionHandler TCR to {@code handlerName}'s global id
     * before the run (as the workload field {@code exception_handler:} does).
     */
    public Scenario exceptionHandler(String threadName, String handlerName) {
        exceptionHandlers.put(threadName, handlerName);
        return this;
    }

    /** Adds a device interrupt source (see {@link IrqSpec}); times in cycles. */
    public Scenario interrupt(int irq, String handler, long first, long period, long count) {
        irqs.add(new IrqSpec(irq, handler, first, period, count));
        return this;
    }

    /** A paged space of the scenario: its threads' pager, and a region mapped before the run ({@code premapBytes} may be 0). */
    public record PagedSpace(String space, String pager, long premapStart, long premapBytes) {
    }

    private final List<PagedSpace> paged = new ArrayList<>();

    /** Makes {@code space} paged, with {@code pager} (a thread of the scenario) as the pager of its threads. */
    public Scenario pagedSpace(String space, String pager, long premapStart, long premapBytes) {
        paged.add(new PagedSpace(space, pager, premapStart, premapBytes));
        return this;
    }

    public List<PagedSpace> pagedSpaces() {
        return List.copyOf(paged);
    }

    public List<IrqSpec> interrupts() {
        return List.copyOf(irqs);
    }

    /** Adds a thread with a fixed program. */
    public Scenario thread(String threadName, String space, int priority, Program program) {
        return thread(threadName, space, priority, ids -> program);
    }

    public Scenario profile(MachineProfile p) {
        this.profile = p;
        return this;
    }

    public Scenario options(KernelOptions o) {
        this.options = o;
        return this;
    }

    /** Keeps {@link KernelOptions#keepObservationLogs()} and sets the cycle limit. */
    public Scenario cycleLimit(long cycles) {
        this.options = options.withCycleLimit(cycles);
        return this;
    }

    /** Keeps the other options and sets the preemptibility configuration and the string-copy chunk (Fluke §5). */
    public Scenario preempt(Preemptibility p, int chunkBytes) {
        this.options = options.withPreemption(p, chunkBytes);
        return this;
    }

    public List<ThreadSpec> threads() {
        return List.copyOf(threads);
    }

    public MachineProfile profile() {
        return profile;
    }

    public KernelOptions options() {
        return options;
    }

    /** The ids the scenario's threads will get. */
    public Ids ids() {
        return new Ids(threads);
    }

    /** The programs, built once (they are immutable). */
    public List<Program> programs() {
        if (built == null) {
            Ids ids = ids();
            List<Program> out = new ArrayList<>();
            for (ThreadSpec t : threads) {
                out.add(t.program().apply(ids));
            }
            built = List.copyOf(out);
        }
        return built;
    }

    /**
     * Runs the scenario on a fresh kernel of {@code model}, then checks the kernel invariants.
     *
     * @throws IllegalStateException if the run leaves the kernel state inconsistent
     *                               ({@link KernelInvariants}), or a thread got an unexpected id
     */
    public Outcome run(KernelModelProvider model) {
        return runWith(model, k -> { });
    }

    /** As {@link #run}, with {@code setup} applied to the kernel after the threads and spaces exist and before the run. */
    public Outcome runWith(KernelModelProvider model, java.util.function.Consumer<Kernel> setup) {
        List<Program> programs = programs();
        Ids ids = ids();
        Kernel k = new Kernel(new Machine(profile), model.create(), options);
        for (PagedSpace p : paged) {
            var space = k.pagedSpace(p.space());
            if (p.premapBytes() > 0) {
                k.premap(space, p.premapStart(), p.premapBytes(), org.stacklab.kernel.space.Fpage.RWX);
            }
        }
        for (int i = 0; i < threads.size(); i++) {
            ThreadSpec s = threads.get(i);
            Tcb t = k.createThread(s.name(), s.space(), s.priority(), programs.get(i));
            if (t.globalId().raw() != ids.global(s.name()).raw() || t.localId().raw() != ids.local(s.name()).raw()) {
                throw new IllegalStateException(name + ": thread " + s.name() + " got ids " + t.globalId() + " / " + t.localId()
                        + ", the kit expected " + ids.global(s.name()) + " / " + ids.local(s.name()));
            }
        }
        for (PagedSpace p : paged) {
            long pager = ids.global(p.pager()).raw();
            for (Tcb t : k.threads()) {
                if (t.space().name().equals(p.space())) {
                    t.user().utcb().setPager(pager);
                }
            }
        }
        for (Tcb t : k.threads()) {
            String h = exceptionHandlers.get(t.name());
            if (h != null) {
                t.user().utcb().setExceptionHandler(ids.global(h).raw());
            }
        }
        for (IrqSpec q : irqs) {
            Tcb h = null;
            for (Tcb t : k.threads()) {
                if (t.name().equals(q.handler())) {
                    h = t;
                }
            }
            if (h == null) {
                throw new IllegalArgumentException(name + ": irq " + q.irq() + " names no thread '" + q.handler() + "'");
            }
            k.interrupts().add(q.irq(), h, q.first(), q.period(), q.count());
        }
        setup.accept(k);
        RunOutcome end = k.run();
        try {
            KernelInvariants.check(k);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("scenario '" + name + "' on " + model.name() + " (run ended " + end + "): " + e.getMessage(), e);
        }
        return Outcome.of(name, model.name(), end, k);
    }

    /** The scenario in readable form: threads, spaces, priorities, ids and disassembled programs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        Ids ids = ids();
        sb.append("scenario '").append(name).append("': ").append(threads.size()).append(" threads, machine ")
                .append(profile.name()).append(", cycle limit ").append(options.cycleLimit()).append('\n');
        List<Program> programs = programs();
        for (int i = 0; i < threads.size(); i++) {
            ThreadSpec t = threads.get(i);
            sb.append("  thread ").append(t.name()).append(" = ").append(ids.global(t.name())).append(" (local ")
                    .append(ids.local(t.name())).append(") space ").append(t.space()).append(" prio ").append(t.priority())
                    .append(exceptionHandlers.containsKey(t.name()) ? " exception handler " + exceptionHandlers.get(t.name()) : "")
                    .append('\n');
            sb.append(disassemble(programs.get(i), ids, "      "));
        }
        for (IrqSpec q : irqs) {
            sb.append("  irq ").append(q.irq()).append(" = ").append(Interrupts.idOf(q.irq())).append(" -> ").append(q.handler())
                    .append(" first ").append(q.first()).append(" period ").append(q.period()).append(" count ").append(q.count())
                    .append('\n');
        }
        return sb.toString();
    }

    /** A program listing with ids, timeouts and tags explained. */
    public static String disassemble(Program p, Ids ids, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int pc = 0; pc < p.size(); pc++) {
            sb.append(indent).append(String.format(Locale.ROOT, "%3d  ", pc)).append(insn(p.at(pc), ids)).append('\n');
        }
        return sb.toString();
    }

    private static String insn(Insn insn, Ids ids) {
        return switch (insn) {
            case Insn.Mov m -> "mov r" + m.rd() + ", 0x" + Long.toHexString(m.imm()) + comment(m.rd(), m.imm(), ids);
            case Insn.SetMrImm s -> "mr" + s.mr() + " := 0x" + Long.toHexString(s.imm())
                    + (s.mr() == 0 ? "    ; " + tag(s.imm()) : "");
            case Insn.SetMr s -> "mr" + s.mr() + " := r" + s.rs();
            case Insn.GetMr g -> "r" + g.rd() + " := mr" + g.mr();
            case Insn.MovReg m -> "mov r" + m.rd() + ", r" + m.rs();
            case Insn.Add a -> "add r" + a.rd() + ", " + a.imm();
            case Insn.And a -> "and r" + a.rd() + ", 0x" + Long.toHexString(a.imm());
            case Insn.Or o -> "or r" + o.rd() + ", 0x" + Long.toHexString(o.imm());
            case Insn.SetBr s -> "br" + s.br() + " := r" + s.rs();
            case Insn.SetBrImm s -> "br" + s.br() + " := 0x" + Long.toHexString(s.imm());
            case Insn.TouchAt t -> (t.write() ? "write " : "read ") + t.bytes() + " bytes at r" + t.ra();
            case Insn.Syscall s -> "syscall " + s.kind();
            case Insn.Trap tr -> "trap " + tr.number();
            case Insn.SetExceptionHandler h -> "exception handler := 0x" + Long.toHexString(h.imm());
            case Insn.SetXferTimeouts x -> "xfer timeouts := 0x" + Long.toHexString(x.imm());
            case Insn.SetVirtualSender v -> "virtual sender := 0x" + Long.toHexString(v.imm()) + "    ; " + ids.describe(v.imm());
            case Insn.SetVirtualSenderReg v -> "virtual sender := r" + v.rs();
            case Insn.GetActualSender a -> "r" + a.rd() + " := actual sender";
            case Insn.Illegal u -> "ud    ; illegal instruction (#UD)";
            case Insn.Halt h -> "halt";
            case Insn.FMovIn f -> "fmov f" + f.fd() + ", r" + f.rs();
            case Insn.FMovOut f -> "fmov r" + f.rd() + ", f" + f.fs();
            case Insn.FAdd f -> "fadd f" + f.fd() + ", f" + f.fs();
            case Insn.Compute c -> "compute " + c.cycles();
            case Insn.Touch t -> (t.write() ? "write " : "read ") + t.bytes() + " bytes at 0x" + Long.toHexString(t.address());
            case Insn.Jump j -> "jump " + j.target();
            case Insn.BranchNonZero b -> "bnz r" + b.rs() + ", " + b.target();
            case Insn.BranchEq b -> "beq r" + b.rs() + ", " + b.imm() + ", " + b.target();
            case Insn.Loop l -> "loop r" + l.rd() + ", " + l.target();
        };
    }

    private static String comment(int rd, long imm, Ids ids) {
        if (rd == 0 || rd == 1) {
            return "    ; " + (rd == 0 ? "to = " : "from = ") + ids.describe(imm);
        }
        if (rd == 2) {
            return "    ; timeouts snd=" + timeout(Timeout.send(imm)) + " rcv=" + timeout(Timeout.receive(imm));
        }
        return "";
    }

    private static String timeout(Timeout t) {
        return t.isNever() ? "Never" : t.isZero() ? "Zero" : "0x" + Integer.toHexString(t.raw());
    }

    private static String tag(long raw) {
        MsgTag t = new MsgTag(raw);
        return "tag label=0x" + Long.toHexString(t.label()) + " u=" + t.untyped() + " t=" + t.typed() + (t.propagated() ? " p" : "");
    }

    /**
     * The kit's default machine: a small 64-bit uniprocessor with 8 KB L1s, a 64 KB L2, a 64-entry TLB
     * and 8 KB kernel stacks. Built by hand so the kit depends on no configuration file.
     */
    public static MachineProfile smallProfile() {
        return new MachineProfile("kit-small", "conformance kit: small 64-bit uniprocessor", 100.0, 8, 1,
                new CacheSpec(8192, 2, 64, "LRU"),
                new CacheSpec(8192, 2, 64, "LRU"),
                new CacheSpec(65536, 4, 64, "LRU"),
                new CacheSpec(64 * 4096, 4, 4096, "LRU"),
                new CostModel(1, 2, 8, 50, 10, 20, 20),
                8192, 64, 6, 16);
    }

    /** The ids of a scenario's threads, by name, before the threads exist. */
    public static final class Ids {
        private final Map<String, ThreadId> global = new LinkedHashMap<>();
        private final Map<String, ThreadId> local = new LinkedHashMap<>();
        private final Map<String, String> space = new LinkedHashMap<>();
        private final int count;

        Ids(List<ThreadSpec> threads) {
            Map<String, Integer> slots = new LinkedHashMap<>();
            for (int i = 0; i < threads.size(); i++) {
                ThreadSpec t = threads.get(i);
                int slot = slots.merge(t.space(), 1, Integer::sum) - 1;
                global.put(t.name(), Kernel.globalIdOf(i));
                local.put(t.name(), Kernel.localIdOf(slot));
                space.put(t.name(), t.space());
            }
            this.count = threads.size();
        }

        /** The global id of thread {@code name}. */
        public ThreadId global(String name) {
            ThreadId id = global.get(name);
            if (id == null) {
                throw new IllegalArgumentException("no thread named '" + name + "'; threads: " + global.keySet());
            }
            return id;
        }

        /** The local id of thread {@code name} (valid only from threads in the same space). */
        public ThreadId local(String name) {
            global(name);
            return local.get(name);
        }

        /** The space of thread {@code name}. */
        public String space(String name) {
            global(name);
            return space.get(name);
        }

        /** Thread {@code name}'s number with another version: a stale id (semantics.md §1). */
        public ThreadId stale(String name) {
            ThreadId g = global(name);
            return ThreadId.global(g.number(), g.version() + 1);
        }

        /** A well-formed global id whose thread number no thread of this scenario has. */
        public ThreadId neverCreated() {
            return ThreadId.global(TcbTable.FIRST_USER_NUMBER + count + 100, 1);
        }

        /** A local id (UTCB address) that names no thread in {@code threadName}'s space. */
        public ThreadId unusedLocal(String threadName) {
            String sp = space(threadName);
            int used = (int) space.values().stream().filter(sp::equals).count();
            return Kernel.localIdOf(used + 7);
        }

        /** A global id in the system range (thread number below {@link TcbTable#FIRST_USER_NUMBER}). */
        public ThreadId systemRange() {
            return ThreadId.global(5, 1);
        }

        /** Names a raw id value for listings: a thread (global or local form), nil or a wildcard. */
        public String describe(long raw) {
            ThreadId id = ThreadId.of(raw);
            if (raw != id.raw()) {
                return "0x" + Long.toHexString(raw);
            }
            if (id.isNil() || id.isWildcard()) {
                return id.toString();
            }
            for (var e : global.entrySet()) {
                if (e.getValue().raw() == raw) {
                    return e.getKey() + " (global " + id + ")";
                }
                if (e.getValue().number() == id.number() && id.isGlobal()) {
                    return "stale id of " + e.getKey() + " (" + id + ")";
                }
            }
            List<String> locals = new ArrayList<>();
            for (var e : local.entrySet()) {
                if (e.getValue().raw() == raw) {
                    locals.add(e.getKey());
                }
            }
            if (!locals.isEmpty()) {
                return "local id 0x" + Long.toHexString(raw) + " = " + String.join(" or ", locals) + " in its own space";
            }
            return id.isGlobal() ? "no such thread (" + id + ")" : "0x" + Long.toHexString(raw);
        }

        /** The thread name with global or local id {@code raw} (local resolved in {@code seenFromSpace}), or null. */
        public String nameOf(long raw, String seenFromSpace) {
            for (var e : global.entrySet()) {
                if (e.getValue().raw() == raw) {
                    return e.getKey();
                }
            }
            for (var e : local.entrySet()) {
                if (e.getValue().raw() == raw && space.get(e.getKey()).equals(seenFromSpace)) {
                    return e.getKey();
                }
            }
            return null;
        }
    }
}
