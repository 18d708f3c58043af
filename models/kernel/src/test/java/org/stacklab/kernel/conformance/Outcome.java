package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.StackMeter;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbLayout;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;

/**
 * What one run of a {@link Scenario} on one model produced: per thread the observation log, final
 * registers, PC and state; and the run's figures (cycles, counters, stack meter). Everything is copied
 * out of the kernel when the run ends; {@link #kernel()} stays available for ad-hoc inspection.
 *
 * @param scenario scenario name
 * @param model    model name
 * @param end      how the run ended
 * @param threads  per-thread results, in creation order
 * @param cycles   simulated cycles at the end
 * @param counters the kernel counters at the end
 * @param stacks   the stack meter's figures at the end
 * @param states   {@link KernelInvariants#snapshot} at the end, for failure messages
 * @param kernel   the kernel the run used
 */
public record Outcome(String scenario, String model, RunOutcome end, List<ThreadResult> threads, long cycles,
                      Counters counters, Stacks stacks, String states, Kernel kernel) {

    /** The device interrupt figures at the end ({@link org.stacklab.kernel.irq.Interrupts}). */
    public record Irqs(long raised, long delivered, long missed, long latencyCount, long latencySum, long latencyMax) {
    }

    /** The run's device interrupt figures. */
    public Irqs irqs() {
        var q = kernel.interrupts();
        return new Irqs(q.raised(), q.delivered(), q.missed(), q.latencyCount(), q.latencySum(), q.latencyMax());
    }

    /**
     * One thread at the end of a run.
     *
     * @param name      the scenario's name for it
     * @param globalId  its global id
     * @param space     its address space
     * @param state     its final scheduling state
     * @param partner   its {@code PARTNER} field (meaningful while POLLING, WAITING or RECV_PENDING)
     * @param log       the observations, in completion order
     * @param registers {@code r0..r15}
     * @param pc        its program counter
     */
    public record ThreadResult(String name, ThreadId globalId, String space, ThreadState state, long partner,
                               List<Observation> log, List<Long> registers, int pc) {
        public long reg(int r) {
            return registers.get(r);
        }
    }

    /** A copy of {@link KernelCounters}. */
    public record Counters(long ops, long messages, long kernelEntries, long blocks, long stackDiscards, long stackKeeps,
                           long handoffs, long recognitions, long contextSwitches, long restarts, long dispatches,
                           Blocks byKind) {
        static Counters of(KernelCounters c) {
            return new Counters(c.ops, c.messages, c.kernelEntries, c.blocks, c.stackDiscards, c.stackKeeps, c.handoffs,
                    c.recognitions, c.contextSwitches, c.restarts, c.dispatches, Blocks.of(c));
        }
    }

    /** The blocks by kind ({@code KernelCounters.blocksIpcSend} ... {@code blocksPreemption}). */
    public record Blocks(long ipcSend, long ipcReceive, long exception, long pageFault, long preemption) {
        static Blocks of(KernelCounters c) {
            return new Blocks(c.blocksIpcSend, c.blocksIpcReceive, c.blocksException, c.blocksPageFault, c.blocksPreemption);
        }

        /** The waits ({@code ipcSend + ipcReceive + exception + pageFault}): equals {@code KernelCounters.blocks}. */
        public long waits() {
            return ipcSend + ipcReceive + exception + pageFault;
        }
    }

    /** The {@link StackMeter}'s figures, plus the kernel's thread-block bytes. */
    public record Stacks(long bytesInUsePeak, long reservedBytesPeak, long bytesInUse, long reservedBytes, int inUseMax,
                         long stacksCreated, long threadBlockBytes) {
        static Stacks of(Kernel k) {
            StackMeter m = k.stacks();
            return new Stacks(m.bytesInUsePeak(), m.reservedBytesPeak(), m.bytesInUse(), m.reservedBytes(), m.inUseMax(),
                    m.stacksCreated(), k.threadBlockBytes());
        }
    }

    static Outcome of(String scenario, String model, RunOutcome end, Kernel k) {
        List<ThreadResult> threads = new ArrayList<>();
        for (Tcb t : k.threads()) {
            List<Long> regs = Arrays.stream(t.user().registers()).boxed().toList();
            threads.add(new ThreadResult(t.name(), t.globalId(), t.space().name(), t.peekState(),
                    t.peek(TcbLayout.Shared.PARTNER), t.user().log(), regs, t.user().pc()));
        }
        return new Outcome(scenario, model, end, List.copyOf(threads), k.machine().clock().now(), Counters.of(k.counters()),
                Stacks.of(k), KernelInvariants.snapshot(k), k);
    }

    /** The thread called {@code name}. */
    public ThreadResult thread(String name) {
        for (ThreadResult t : threads) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no thread named '" + name + "' in " + scenario);
    }

    public List<Observation> log(String name) {
        return thread(name).log();
    }

    /**
     * The cycle at which each of thread {@code name}'s observations was written (parallel to
     * {@link #log}); read from the kernel, since the cycles differ between models and are not part of
     * the observations the differential compares.
     */
    public List<Long> cyclesOf(String name) {
        for (Tcb t : kernel.threads()) {
            if (t.name().equals(name)) {
                return t.user().observationCycles();
            }
        }
        throw new IllegalArgumentException("no thread named '" + name + "' in " + scenario);
    }

    public ThreadState state(String name) {
        return thread(name).state();
    }

    public long reg(String name, int r) {
        return thread(name).reg(r);
    }

    /**
     * What must repeat exactly when the same scenario runs twice on the same model (DESIGN.md rule 4):
     * observations, registers, states, cycles, counters and stack figures.
     */
    public Object determinismKey() {
        return List.of(end, threads, cycles, counters, stacks);
    }

    /** A readable summary: how the run ended and, per thread, state and observations. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(": ").append(end).append(" after ").append(cycles).append(" cycles\n");
        for (ThreadResult t : threads) {
            sb.append("  ").append(t.name()).append(' ').append(t.state()).append(" pc=").append(t.pc()).append('\n');
            for (int i = 0; i < t.log().size(); i++) {
                sb.append("    #").append(i + 1).append(' ').append(t.log().get(i)).append('\n');
            }
        }
        return sb.toString();
    }
}
