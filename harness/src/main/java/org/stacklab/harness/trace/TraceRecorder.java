package org.stacklab.harness.trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.Transfer;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.stack.StackMeter;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.trace.KernelTracer;
import org.stacklab.kernel.user.UserCpu;
import org.stacklab.machine.cache.Cache;
import org.stacklab.machine.clock.CycleClock;
import org.stacklab.machine.memory.MemorySystem;

/**
 * Records one model's run as Chrome Trace Event slices, one {@link KernelTracer} per kernel: a track per
 * simulated thread and one for the CPU, slices for system calls (from the trap to the return to user
 * mode), for the kernel stack frames pushed on the thread's behalf (so the send phase {@code IPC_SEND},
 * the receive phase {@code IPC_RECEIVE}, {@code PAGE_FAULT}...), for string transfers, page-fault Calls
 * and in-kernel interrupts, and for the time a thread is off the CPU ({@code blocked: ...},
 * {@code ready ...}); a counter of live kernel stack bytes; flows from each message's transfer to the
 * receiver's result.
 *
 * <p>Invariant: on every track the open slices form a stack, and a slice is only ever closed with
 * everything above it closed at the same cycle — so the slices of a track nest properly. A slice that
 * must close below a slice that lives on (a state slice under a frame pushed later, a frame under a
 * state slice when a continuation kernel discards its stack) is split: the slices above it close and
 * reopen at the same cycle ({@code "cont": true}).
 */
public final class TraceRecorder implements KernelTracer {
    /** The tid of the CPU's track. */
    public static final int CPU_TID = 0;

    private final int pid;
    private final String processName;
    private final Kernel kernel;
    private final CycleClock clock;
    private final MemorySystem memory;
    private final StackMeter meter;
    private final long maxEvents;
    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<Integer, Track> tracks = new LinkedHashMap<>();
    private final IdentityHashMap<KernelStack, ArrayList<Slice>> frames = new IdentityHashMap<>();
    private final IdentityHashMap<Transfer, Slice> transfers = new IdentityHashMap<>();
    private final IdentityHashMap<Tcb, Slice> pageFaults = new IdentityHashMap<>();
    private final IdentityHashMap<Tcb, java.util.ArrayDeque<Long>> pendingFlows = new IdentityHashMap<>();
    private final Map<Long, TraceEvent> flowStarts = new LinkedHashMap<>();
    private final Track cpu;
    private Slice irq;
    /** The transfer being set up ({@link #transferStarting}), until its {@code Transfer} exists. */
    private Slice starting;
    /** The thread on the CPU as the recorder last saw it ({@code Kernel.setCurrent}). */
    private Tcb onCpu;
    private long seq;
    private long nextFlow;
    private boolean truncated;
    private boolean finished;
    private TraceEvent lastCounter;

    /**
     * @param pid         the process id of this model in the trace
     * @param processName the process's name (the model)
     * @param kernel      the kernel to observe; {@link #attach} installs the recorder
     * @param maxEvents   events recorded at most; then every open slice closes and recording stops
     */
    public TraceRecorder(int pid, String processName, Kernel kernel, long maxEvents) {
        this.pid = pid;
        this.processName = processName;
        this.kernel = kernel;
        this.clock = kernel.machine().clock();
        this.memory = kernel.machine().memory();
        this.meter = kernel.stacks();
        this.maxEvents = maxEvents;
        this.cpu = new Track(CPU_TID, "cpu0");
        tracks.put(CPU_TID, cpu);
    }

    /** Installs this recorder on its kernel; threads already READY get a {@code ready} slice. */
    public void attach() {
        onCpu = kernel.current();
        for (Tcb t : kernel.threads()) {
            Track tr = track(t);
            ThreadState s = t.peekState();
            if (s != ThreadState.RUNNING && s != ThreadState.HALTED && s != ThreadState.DELETED) {
                tr.state = open(tr, stateName(t, null, s), "state", true);
            }
        }
        counter();
        kernel.trace(this);
    }

    /** Removes the recorder from its kernel and closes every open slice at the current cycle; drops flows without a finish. */
    public void finish() {
        kernel.trace(null);
        if (!finished) {
            closeEverything();
            finished = true;
        }
        if (!flowStarts.isEmpty()) {
            // arrows whose message was never read by its receiver's own result (the run ended first): dropped
            java.util.Set<TraceEvent> unmatched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            unmatched.addAll(flowStarts.values());
            events.removeIf(unmatched::contains);
            flowStarts.clear();
        }
    }

    /** The process id. */
    public int pid() {
        return pid;
    }

    /** The process name. */
    public String processName() {
        return processName;
    }

    /** Whether recording stopped at the event limit. */
    public boolean truncated() {
        return truncated;
    }

    /** The recorded events (slices, instants, counters, flows), in recording order. */
    public List<TraceEvent> events() {
        return events;
    }

    /** The tracks: the CPU first, then the threads in the order they first appeared. */
    public List<Track> tracks() {
        return List.copyOf(tracks.values());
    }

    /** The profile's clock in MHz (cycles per microsecond). */
    public double clockMhz() {
        return kernel.machine().profile().clockMhz();
    }

    // ------------------------------------------------------------------------------------------
    // Hooks

    @Override
    public void returningToUser(Tcb t) {
        if (off()) {
            return;
        }
        Track tr = track(t);
        Slice root = tr.open.isEmpty() ? null : tr.open.get(0);
        if (root != null && root.root && root.cat.equals("syscall") && t.user().pc() == tr.entryPc) {
            // back to user mode with the PC still on the call: re-executed (a stateless restart, a user page fault's touch)
            root.args.put("restarted", true);
        }
        closeAll(tr);
        if (cpu.open.isEmpty()) {
            open(cpu, t.name(), "cpu", false);
        }
        open(cpu, "user", "cpu", false);
    }

    @Override
    public void kernelEntered(Tcb t, UserCpu.Trap trap) {
        if (off()) {
            return;
        }
        Slice top = cpu.top();
        if (top != null && top.name.equals("user")) {
            end(top);
        }
        Track tr = track(t);
        closeAll(tr);
        switch (trap) {
            case SYSCALL -> {
                Slice s = open(tr, syscallName(t), "syscall", false);
                s.args.put("pc", (long) t.user().pc());
                s.root = true;
                tr.entryPc = t.user().pc();
            }
            case TIMER -> open(tr, "timer interrupt", "interrupt", false).root = true;
            case FPU -> open(tr, "fpu trap", "trap", false).root = true;
            case HALT -> instant(tr, "halt");
            case CYCLE_LIMIT -> instant(tr, "cycle limit");
        }
        check();
    }

    @Override
    public void stateChanged(Tcb t, ThreadState from, ThreadState to) {
        if (off() || from == to) {
            return;
        }
        Track tr = track(t);
        tr.pending = null;
        if (to == ThreadState.RUNNING) {
            if (tr.state != null) {
                end(tr.state);
                tr.state = null;
            }
            return;
        }
        if (to == ThreadState.HALTED || to == ThreadState.DELETED) {
            closeAll(tr);
            instant(tr, to == ThreadState.HALTED ? "halted" : "deleted");
            return;
        }
        Slice next = new Slice(tr, stateName(t, from, to), "state", true);
        next.args.put("state", to.name());
        if (tr.state != null && !tr.state.ended) {
            replace(tr.state, next);
            tr.state = next;
        } else if (t == onCpu) {
            tr.pending = next; // begins when the thread leaves the CPU, above whatever it left on its track
        } else {
            push(tr, next);
            tr.state = next;
        }
        check();
    }

    /** The thread that left the CPU: the state it left in (if it is not running) begins now. */
    private void leftCpu(Tcb t) {
        Track tr = track(t);
        if (tr.pending != null) {
            push(tr, tr.pending);
            tr.state = tr.pending;
            tr.pending = null;
        }
    }

    @Override
    public void currentChanged(Tcb t) {
        if (off()) {
            return;
        }
        if (onCpu != null) {
            leftCpu(onCpu);
        }
        onCpu = t;
        closeAll(cpu);
        open(cpu, t == null ? "idle" : t.name(), "cpu", false);
        check();
    }

    @Override
    public void framePushed(KernelStack s, String frame, int bytes) {
        if (off()) {
            return;
        }
        Track tr = currentTrack();
        if (tr.open.isEmpty()) {
            open(tr, "kernel", "kernel", false).root = true;
        }
        Slice f = open(tr, frameName(frame), "frame", false);
        f.args.put("frame", frame);
        f.args.put("frame_bytes", (long) bytes);
        f.args.put("stack", s.name());
        f.args.put("depth_bytes", (long) s.depth());
        frames.computeIfAbsent(s, k -> new ArrayList<>()).add(f);
        stackChanged(tr);
        check();
    }

    @Override
    public void framePopped(KernelStack s) {
        if (off()) {
            return;
        }
        ArrayList<Slice> list = frames.get(s);
        if (list != null && !list.isEmpty()) {
            Slice f = list.remove(list.size() - 1);
            end(f);
        }
        stackChanged(currentTrack());
        check();
    }

    @Override
    public void stackDiscarded(KernelStack s, int count, int bytes) {
        if (off()) {
            return;
        }
        ArrayList<Slice> list = frames.get(s);
        Track tr = currentTrack();
        if (list != null) {
            while (!list.isEmpty()) {
                end(list.remove(list.size() - 1));
            }
        }
        TraceEvent i = instant(tr, "stack discarded");
        i.args.put("stack", s.name());
        i.args.put("frames", (long) count);
        i.args.put("bytes", (long) bytes);
        stackChanged(tr);
        check();
    }

    @Override
    public void codeRun(KernelCode code) {
        if (off()) {
            return;
        }
        String name = switch (code) {
            case STACK_HANDOFF -> "stack handoff";
            case CONTINUATION_SAVE -> "continuation saved";
            case RESTART_POINT -> "restart point";
            default -> null;
        };
        if (name != null) {
            instant(currentTrack(), name);
            check();
        }
    }

    @Override
    public void interruptEntered() {
        if (off()) {
            return;
        }
        irq = open(currentTrack(), "interrupt (preemption point)", "interrupt", false);
        check();
    }

    @Override
    public void interruptExited() {
        if (off()) {
            return;
        }
        if (irq != null) {
            end(irq);
            irq = null;
        }
    }

    @Override
    public void messageSent(Tcb src, Tcb dst) {
        if (off()) {
            return;
        }
        Track from = track(src);
        if (from.open.isEmpty()) {
            return;
        }
        long id = ++nextFlow;
        TraceEvent s = record('s', from, "message", "ipc", clock.now(), 0);
        s.flowId = id;
        s.args.put("from", src.name());
        s.args.put("to", dst.name());
        flowStarts.put(id, s);
        pendingFlows.computeIfAbsent(dst, k -> new java.util.ArrayDeque<>()).push(id); // nested: a pager's reply inside a copy
        check();
    }

    @Override
    public void resultWritten(Tcb t) {
        if (off()) {
            return;
        }
        flowFinish(t);
    }

    /** The message pending for {@code t} reached it: the arrow ends on its track now. */
    private void flowFinish(Tcb t) {
        java.util.ArrayDeque<Long> pending = pendingFlows.get(t);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        Long id = pending.pop();
        Track tr = track(t);
        TraceEvent s = flowStarts.remove(id);
        if (s == null || tr.open.isEmpty()) {
            if (s != null) {
                events.remove(s); // no slice to bind the finish to: drop the arrow
            }
            return;
        }
        TraceEvent f = record('f', tr, "message", "ipc", clock.now(), 0);
        f.flowId = id;
        check();
    }

    @Override
    public void transferStarting(Tcb src, Tcb dst, boolean restart) {
        if (off()) {
            return;
        }
        starting = open(currentTrack(), restart ? "string transfer (restarted)" : "string transfer", "ipc", true);
        starting.args.put("from", src.name());
        starting.args.put("to", dst.name());
        check();
    }

    @Override
    public void transferStarted(Transfer x) {
        if (off()) {
            return;
        }
        if (starting != null) {
            transfers.put(x, starting);
            starting = null;
        }
    }

    @Override
    public void transferRestarted(Transfer earlier, Transfer x) {
        if (off()) {
            return;
        }
        Slice old = transfers.remove(earlier);
        if (old != null) {
            end(old);
        }
        if (starting != null) {
            starting.args.put("offset", x.offset());
            transfers.put(x, starting);
            starting = null;
        }
    }

    @Override
    public void transferEnded(Transfer x, Transfer.Outcome outcome) {
        if (off()) {
            return;
        }
        Slice s = transfers.remove(x);
        Tcb me = kernel.current();
        if (me != null) {
            Slice pf = pageFaults.remove(me);
            if (pf != null) {
                end(pf);
            }
        }
        if (s != null) {
            s.args.put("outcome", outcome.getClass().getSimpleName());
            s.args.put("bytes", x.offset());
            end(s);
        }
    }

    @Override
    public void transferFaulted(Transfer x, Tcb faulter, long address) {
        if (off()) {
            return;
        }
        Tcb me = kernel.current();
        Slice s = open(currentTrack(), "page fault", "ipc", true);
        s.args.put("address", "0x" + Long.toHexString(address));
        s.args.put("faulter", faulter.name());
        if (me != null) {
            Slice old = pageFaults.put(me, s);
            if (old != null) {
                end(old);
            }
        }
        check();
    }

    @Override
    public void transferFaultResolved(Tcb faulter, Tcb copier) {
        if (off()) {
            return;
        }
        flowFinish(faulter); // the pager's reply, consumed by the kernel for the faulting thread
        Slice s = pageFaults.remove(copier);
        if (s != null) {
            end(s);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Slices

    /** One slice while open (and the pieces it is split into). */
    static final class Slice {
        final Track track;
        final String name;
        final String cat;
        final boolean sticky;
        final Map<String, Object> args = new LinkedHashMap<>();
        boolean root;
        boolean ended;
        boolean cont;
        long begin;
        long l1d;
        long l2;
        long stackEntry;
        long stackPeak;

        Slice(Track track, String name, String cat, boolean sticky) {
            this.track = track;
            this.name = name;
            this.cat = cat;
            this.sticky = sticky;
        }
    }

    /** One track (tid): the CPU or a simulated thread. */
    public static final class Track {
        final int tid;
        final String name;
        final ArrayList<Slice> open = new ArrayList<>();
        Slice state;
        /** A state entered while on the CPU, not yet begun: it begins when the thread leaves the CPU. */
        Slice pending;
        int entryPc = -1;

        Track(int tid, String name) {
            this.tid = tid;
            this.name = name;
        }

        /** The thread id in the trace. */
        public int tid() {
            return tid;
        }

        /** The track's name. */
        public String name() {
            return name;
        }

        Slice top() {
            return open.isEmpty() ? null : open.get(open.size() - 1);
        }
    }

    private Slice open(Track tr, String name, String cat, boolean sticky) {
        Slice s = new Slice(tr, name, cat, sticky);
        push(tr, s);
        return s;
    }

    private void push(Track tr, Slice s) {
        begin(s);
        tr.open.add(s);
    }

    private void begin(Slice s) {
        s.begin = clock.now();
        s.l1d = misses(memory.l1d());
        s.l2 = misses(memory.l2());
        s.stackEntry = meter.bytesInUse();
        s.stackPeak = s.stackEntry;
    }

    private static long misses(Cache c) {
        return c == null ? 0 : c.kernelMisses() + c.userMisses();
    }

    /** Ends {@code s} for good (a no-op if it already ended); slices above it are split. */
    private void end(Slice s) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        close(s, null);
    }

    /** Ends {@code old} and puts {@code next} in its place, under the slices that were above it. */
    private void replace(Slice old, Slice next) {
        old.ended = true;
        close(old, next);
    }

    /**
     * Closes {@code s} on its track: the slices above it close at the same cycle, then {@code insert}
     * (if any) opens in its place and the slices above that have not ended reopen ({@code cont}).
     */
    private void close(Slice s, Slice insert) {
        ArrayList<Slice> open = s.track.open;
        int at = open.lastIndexOf(s);
        if (at < 0) {
            if (insert != null) {
                push(s.track, insert);
            }
            return;
        }
        List<Slice> above = new ArrayList<>(open.subList(at + 1, open.size()));
        for (int i = open.size() - 1; i >= at; i--) {
            emit(open.remove(i));
        }
        if (insert != null) {
            push(s.track, insert);
        }
        for (Slice a : above) {
            if (!a.ended) {
                a.cont = true;
                push(s.track, a);
            }
        }
    }

    /** Closes every slice of {@code tr}, for good. */
    private void closeAll(Track tr) {
        for (int i = tr.open.size() - 1; i >= 0; i--) {
            Slice s = tr.open.remove(i);
            s.ended = true;
            emit(s);
        }
        tr.state = null;
        tr.pending = null;
    }

    private void closeEverything() {
        for (Track tr : tracks.values()) {
            closeAll(tr);
        }
        irq = null;
    }

    /** Records the piece of {@code s} from its (re)open to now. */
    private void emit(Slice s) {
        long now = clock.now();
        TraceEvent e = record('X', s.track, s.name, s.cat, s.begin, now - s.begin);
        e.args.putAll(s.args);
        e.args.put("cycle", s.begin);
        e.args.put("cycles", now - s.begin);
        e.args.put("l1d_misses", misses(memory.l1d()) - s.l1d);
        e.args.put("l2_misses", misses(memory.l2()) - s.l2);
        e.args.put("stack_bytes_entry", s.stackEntry);
        e.args.put("stack_bytes_peak", s.stackPeak);
        if (s.cont) {
            e.args.put("cont", true);
        }
    }

    private final Map<Integer, Tcb> threadsByTid = new LinkedHashMap<>();

    private TraceEvent instant(Track tr, String name) {
        return record('i', tr, name, "event", clock.now(), 0);
    }

    private TraceEvent record(char ph, Track tr, String name, String cat, long ts, long dur) {
        TraceEvent e = new TraceEvent(ph, tr.tid, name, cat, ts, dur, seq++);
        events.add(e);
        return e;
    }

    /** The live stack bytes changed: the open slices of {@code tr} see the new peak; the counter gets a sample. */
    private void stackChanged(Track tr) {
        long bytes = meter.bytesInUse();
        for (Slice s : tr.open) {
            if (bytes > s.stackPeak) {
                s.stackPeak = bytes;
            }
        }
        if (tr != cpu) {
            for (Slice s : cpu.open) {
                if (bytes > s.stackPeak) {
                    s.stackPeak = bytes;
                }
            }
        }
        counter();
    }

    private void counter() {
        long now = clock.now();
        if (lastCounter != null && lastCounter.ts == now) {
            TraceEvent c = lastCounter; // one sample per cycle: the last value at that cycle
            c.args.put("bytes_in_use", meter.bytesInUse());
            c.args.put("stacks_in_use", (long) meter.inUse());
            return;
        }
        TraceEvent c = record('C', cpu, "kernel stack", "stack", now, 0);
        c.args.put("bytes_in_use", meter.bytesInUse());
        c.args.put("stacks_in_use", (long) meter.inUse());
        lastCounter = c;
    }

    private boolean off() {
        return truncated || finished;
    }

    /** Stops recording at the event limit, closing every open slice now. */
    private void check() {
        if (events.size() >= maxEvents && !truncated) {
            closeEverything();
            truncated = true;
        }
    }

    private Track currentTrack() {
        Tcb t = kernel.current();
        return t == null ? cpu : track(t);
    }

    private Track track(Tcb t) {
        Track tr = tracks.get(t.number());
        if (tr == null || threadsByTid.get(t.number()) != t) {
            if (tr != null) {
                closeAll(tr); // a deleted thread's number reused by a new thread
            }
            tr = new Track(t.number(), t.name() + " (" + t.number() + ")");
            tracks.put(t.number(), tr);
            threadsByTid.put(t.number(), t);
        }
        return tr;
    }

    // ------------------------------------------------------------------------------------------
    // Names

    /** The system call's name: the IPC form from its registers (read without simulating), or the call. */
    private static String syscallName(Tcb t) {
        try {
            return switch (UserCpu.syscallKind(t)) {
                case IPC -> ipcForm(t);
                case THREAD_SWITCH -> "ThreadSwitch";
                case EXCHANGE_REGISTERS -> "ExchangeRegisters";
                case THREAD_CONTROL -> "ThreadControl";
            };
        } catch (RuntimeException e) {
            return "syscall";
        }
    }

    private static String ipcForm(Tcb t) {
        ThreadId to = ThreadId.of(t.user().reg(0));
        ThreadId from = ThreadId.of(t.user().reg(1));
        if (to.isNil() && from.isNil()) {
            return "Ipc (nil, nil)";
        }
        if (from.isNil()) {
            return "Send";
        }
        if (to.isNil()) {
            return "Receive";
        }
        return to.raw() == from.raw() ? "Call" : "ReplyWait";
    }

    private static String frameName(String frame) {
        return switch (frame) {
            case "IPC_SEND" -> "send phase";
            case "IPC_RECEIVE" -> "receive phase";
            case "IPC_TRANSFER" -> "transfer";
            case "PAGE_FAULT" -> "page fault (frame)";
            default -> frame;
        };
    }

    private static String stateName(Tcb t, ThreadState from, ThreadState to) {
        return switch (to) {
            case POLLING -> "blocked: send";
            case WAITING -> Ipc.inXferFault(t) ? "blocked: pager" : "blocked: receive";
            case XFER -> "blocked: transfer locked";
            case RECV_PENDING -> "ready: receive pending";
            case READY -> from == ThreadState.RUNNING ? "ready (preempted)" : from == null ? "ready" : "ready (woken)";
            case STOPPED -> "stopped";
            default -> to.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
