package org.stacklab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.check.MessageLedger;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.fpu.Fpu;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.irq.Interrupts;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.metrics.CallLatency;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.spi.ThreadMemory;
import org.stacklab.kernel.stack.StackMeter;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.time.Timers;
import org.stacklab.kernel.user.AddressSpace;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.kernel.user.UserCpu;
import org.stacklab.kernel.user.Utcb;
import org.stacklab.machine.Machine;

/**
 * One kernel instance on one machine: the state all models share (TCB table, scheduler, stacks,
 * counters) and the model that decides the control flow.
 *
 * <p>Invariant: everything here is deterministic: threads, spaces and stacks are kept in creation
 * order, and nothing reads the wall clock.
 */
public final class Kernel {
    private final Machine machine;
    private final KernelModel model;
    private final KernelOptions options;
    private final KernelExec exec;
    private final TcbTable tcbs;
    private final Scheduler scheduler;
    private final StackMeter stacks;
    private final KernelCounters counters = new KernelCounters();
    private final MessageLedger ledger = new MessageLedger();
    private final TcbLayout layout;
    private final Ipc ipc;
    private final UserCpu userCpu;
    private final Timers timers;
    private final Interrupts interrupts;
    private final CallLatency callLatency = new CallLatency();
    private final Fpu fpu;
    private final Map<String, AddressSpace> spaces = new LinkedHashMap<>();
    private final Map<String, Integer> utcbSlots = new LinkedHashMap<>();
    private final List<Tcb> threads = new ArrayList<>();
    private int nextNumber = TcbTable.FIRST_USER_NUMBER;
    private long threadBlockBytes;
    private Tcb current;

    /**
     * @throws IllegalArgumentException if {@code model} does not support {@code options.preemptibility()}
     */
    public Kernel(Machine machine, KernelModel model, KernelOptions options) {
        if (!model.supports(options.preemptibility())) {
            throw new IllegalArgumentException("model " + model.name() + " has no " + options.preemptibility().cliName()
                    + " configuration: " + model.whyUnsupported(options.preemptibility()));
        }
        this.machine = machine;
        this.model = model;
        this.options = options;
        this.exec = new KernelExec(machine);
        this.tcbs = new TcbTable(exec, machine.kernelMemory());
        this.scheduler = new Scheduler(exec, tcbs, machine.kernelMemory());
        this.stacks = new StackMeter(machine);
        TcbLayout.Builder b = TcbLayout.builder(machine.profile().wordBytes(), machine.profile().userRegisters() + 2);
        model.declareFields(b);
        this.layout = b.build();
        this.timers = new Timers(machine.profile(), machine.clock());
        this.interrupts = new Interrupts(exec, counters, timers, ledger);
        this.fpu = new Fpu(exec, machine.kernelMemory(), counters);
        this.ipc = new Ipc(this);
        this.sliceCycles = options.timesliceMicros() == 0 ? 0 : Math.max(1, machine.profile().cycles(options.timesliceMicros()));
        if (sliceCycles > 0) {
            scheduler.useTimeSlice(new Scheduler.TimeSlice() {
                @Override
                public boolean expired() {
                    return sliceEnd() <= machine.clock().now();
                }

                @Override
                public void renew() {
                    sliceStart = machine.clock().now();
                }
            });
        }
        this.userCpu = new UserCpu(this);
        model.boot(this);
    }

    /** The address space called {@code name}, created on first use. */
    public AddressSpace space(String name) {
        return spaces.computeIfAbsent(name, n -> new AddressSpace(spaces.size(), n));
    }

    /**
     * Makes space {@code name} (created if needed) paged: from now on its threads reach only what its
     * page table maps; everything else faults to the thread's pager (semantics.md §7).
     */
    public AddressSpace pagedSpace(String name) {
        AddressSpace s = space(name);
        if (!s.paged()) {
            s.page(new org.stacklab.kernel.space.PageTable(machine.kernelMemory(), machine.profile().pageBytes(),
                    machine.profile().wordBytes()));
        }
        return s;
    }

    /**
     * Maps {@code [vaddr, vaddr + bytes)} of paged space {@code space} to the space's own memory with
     * {@code rights}, as the workload's initial mappings (no cost: set up before the run).
     */
    public void premap(AddressSpace space, long vaddr, long bytes, int rights) {
        long page = machine.profile().pageBytes();
        for (long v = vaddr & -page; v < vaddr + bytes; v += page) {
            space.pages().map(v, space.window(v), rights);
        }
    }

    /** Address spaces in creation order. */
    public List<AddressSpace> spaces() {
        return List.copyOf(spaces.values());
    }

    /**
     * The global id the {@code index}-th thread created (0-based) gets; workloads use it to resolve
     * thread names before the threads exist.
     */
    public static ThreadId globalIdOf(int index) {
        return ThreadId.global(TcbTable.FIRST_USER_NUMBER + index, 1);
    }

    /** The local id (UTCB address) of the {@code slot}-th thread created in an address space (0-based). */
    public static ThreadId localIdOf(int slot) {
        return ThreadId.local(AddressSpace.UTCB_AREA + (long) slot * Utcb.SLOT_BYTES + Utcb.SLOT_BYTES / 2);
    }

    /** The id the next {@link #createThread} call will give. */
    public ThreadId nextThreadId() {
        return ThreadId.global(nextNumber, 1);
    }

    /**
     * Creates a READY thread running {@code program} in space {@code spaceName} at {@code priority}.
     */
    public Tcb createThread(String name, String spaceName, int priority, Program program) {
        return create(name, spaceName, priority, program, ThreadId.global(nextNumber, 1));
    }

    /**
     * ThreadControl create while the run goes on: a READY thread with global id {@code id} (its number
     * the next unused one, or one a deletion freed — then its TCB goes into that number's slot again)
     * running {@code program} from {@code pc}.
     */
    public Tcb createThreadAt(ThreadId id, String name, String spaceName, int priority, Program program, int pc) {
        if (id.number() != nextNumber) {
            tcbs.reuseNext(id.number());
        }
        Tcb t = create(name, spaceName, priority, program, id);
        t.user().setPc(pc);
        return t;
    }

    private Tcb create(String name, String spaceName, int priority, Program program, ThreadId id) {
        if (priority < 0 || priority >= Scheduler.PRIORITIES) {
            throw new IllegalArgumentException("priority must be 0.." + (Scheduler.PRIORITIES - 1) + ", got " + priority);
        }
        AddressSpace space = space(spaceName);
        int slot = utcbSlots.merge(spaceName, 1, Integer::sum) - 1;
        long mr0 = localIdOf(slot).raw();
        Utcb utcb = new Utcb(space.physical(mr0), mr0, machine.profile().wordBytes());
        UserContext user = new UserContext(program, utcb, options.keepObservationLogs());
        int number = id.number();
        if (number == nextNumber) {
            nextNumber++;
        }
        ThreadMemory mem = model.placeThread(this, name, layout.sizeBytes());
        Tcb t = new Tcb(number, id, mem.base(), mem.blockBytes(), layout, exec, space, user, name);
        t.setStack(mem.ownStack());
        threadBlockBytes += mem.blockBytes();
        t.write(TcbLayout.Shared.MY_GLOBAL_ID, id.raw());
        t.write(TcbLayout.Shared.PRIORITY, priority);
        t.write(TcbLayout.Shared.SPACE, space.id());
        t.write(TcbLayout.Shared.UTCB, mr0);
        t.setState(ThreadState.READY);
        tcbs.add(t);
        threads.add(t);
        scheduler.enqueueTail(t);
        return t;
    }

    /** Runs the model until quiescence or the cycle limit. */
    public RunOutcome run() {
        return model.run(this);
    }

    public Machine machine() {
        return machine;
    }

    public KernelModel model() {
        return model;
    }

    /**
     * The options of this kernel, among them the preemptibility axis ({@link KernelOptions#preemptibility()},
     * {@link KernelOptions#preemptChunkBytes()}) that long kernel operations (the string copy) consult.
     */
    public KernelOptions options() {
        return options;
    }

    public KernelExec exec() {
        return exec;
    }

    public TcbTable tcbs() {
        return tcbs;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public StackMeter stacks() {
        return stacks;
    }

    public KernelCounters counters() {
        return counters;
    }

    /** Every message sent and delivered, for the no-message-lost-or-duplicated invariant ({@link MessageLedger}). */
    public MessageLedger messageLedger() {
        return ledger;
    }

    public TcbLayout layout() {
        return layout;
    }

    public Ipc ipc() {
        return ipc;
    }

    public UserCpu userCpu() {
        return userCpu;
    }

    /** Threads in creation order. */
    public List<Tcb> threads() {
        return List.copyOf(threads);
    }

    /** ThreadControl deleted {@code t}: its block no longer counts in {@link #threadBlockBytes}. */
    public void threadDeleted(Tcb t) {
        threadBlockBytes -= t.blockBytes();
    }

    /** Kernel bytes of all thread blocks (TCBs, with their stacks in the per-thread model). */
    public long threadBlockBytes() {
        return threadBlockBytes;
    }

    /** The thread on the CPU, or {@code null} when idle. */
    public Tcb current() {
        return current;
    }

    /** Models call this on every dispatch (and with {@code null} when the CPU goes idle). */
    public void setCurrent(Tcb t) {
        if (t != current) {
            fpu.switched(); // lazy FPU: disabled on every switch
            sliceStart = machine.clock().now(); // a thread put on the CPU starts a new time slice
        }
        boolean changed = t != current;
        this.current = t;
        if (changed && exec.tracer() != null) {
            exec.tracer().currentChanged(t);
        }
    }

    /**
     * Installs {@code tracer} (or {@code null} to remove it): from now on the shared kernel code reports
     * to it ({@link org.stacklab.kernel.trace.KernelTracer}). Tracing never changes a measured figure.
     */
    public void trace(org.stacklab.kernel.trace.KernelTracer tracer) {
        exec.setTracer(tracer);
        stacks.setTracer(tracer);
    }

    /** Lazy FPU switching ({@link Fpu}). */
    public Fpu fpu() {
        return fpu;
    }

    /** The IPC timeouts ({@link Timers}). */
    public Timers timers() {
        return timers;
    }

    /** The device interrupt sources ({@link Interrupts}). */
    public Interrupts interrupts() {
        return interrupts;
    }

    /** The latency of every user IPC Call, from its kernel entry to its return to user mode with the reply ({@link CallLatency}). */
    public CallLatency callLatency() {
        return callLatency;
    }

    /**
     * The cycle at which the next interrupt is due — the timer's next deadline or a device interrupt
     * source's next firing — or {@link Long#MAX_VALUE} when neither is pending.
     */
    public long nextEventCycle() {
        return Math.min(Math.min(timers.nextEvent(), interrupts.nextEvent()), sliceEnd());
    }

    /**
     * Called as {@code t} goes back to user mode (every model, from {@code UserCpu}): the latency
     * measurements that end there take their sample (an interrupt its handler received, a completed
     * Call), and a time slice that ran out while no thread of its priority was ready to take over (the
     * return-to-user check kept {@code t} on the CPU) starts again, so the slice's end is always ahead of
     * a thread running user code.
     */
    public void returningToUser(Tcb t) {
        long now = machine.clock().now();
        interrupts.returningToUser(t, now);
        callLatency.returningToUser(t, now);
        if (sliceCycles > 0 && t == current && sliceStart + sliceCycles <= machine.clock().now()) {
            sliceStart = machine.clock().now();
        }
    }

    /** The cycle the running thread's time slice ends (never when time slicing is off or the CPU is idle). */
    private long sliceEnd() {
        if (sliceCycles == 0 || current == null || current.peekState() != ThreadState.RUNNING) {
            return Long.MAX_VALUE;
        }
        return sliceStart + sliceCycles;
    }

    private final long sliceCycles;
    private long sliceStart;

    /** What an idle CPU waited for ({@link #idleUntilNextEvent}). */
    public enum Idle {
        /** No timeout is armed and no interrupt source will fire: nothing can ever become ready (the run is quiescent). */
        NOTHING_PENDING,
        /**
         * The clock was advanced to the next event (timer or device interrupt); the caller takes the
         * interrupt (expired timeouts, then {@code interrupts().raiseDue}).
         */
        TIMER,
        /** The next timer event lies at or beyond the cycle limit; the clock was advanced to the limit. */
        CYCLE_LIMIT
    }

    /**
     * No thread is ready: the CPU idles until the next timer event (the clock jumps there; idle time is
     * not kernel work) or the cycle limit, whichever comes first.
     */
    public Idle idleUntilNextEvent() {
        long event = nextEventCycle();
        if (event == Long.MAX_VALUE) {
            return Idle.NOTHING_PENDING;
        }
        if (event >= options.cycleLimit()) {
            machine.clock().advanceTo(options.cycleLimit());
            return Idle.CYCLE_LIMIT;
        }
        machine.clock().advanceTo(event);
        return Idle.TIMER;
    }

    /** Whether the run has used up its cycles. */
    public boolean cycleLimitReached() {
        return machine.clock().now() >= options.cycleLimit();
    }
}
