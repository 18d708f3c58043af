package org.stacklab.harness.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.StackMeter;
import org.stacklab.machine.Machine;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * Runs one workload on one model and machine and measures it.
 *
 * <p>A run: a fresh {@code Machine} from the profile, a fresh model instance, a {@code Kernel},
 * {@code workload.install(kernel)}, a {@link Sample} of every counter, {@code kernel.run()}, another
 * sample; the figures are the difference, plus the stack meter's and kernel memory's peaks. Then
 * the kernel's structural invariants are checked ({@link KernelInvariants}).
 *
 * <p>Invariant: a run depends only on its {@link RunSpec}: same spec, same row and config.
 */
public final class Runner {
    /**
     * Options of every kernel the runner builds: no observation logs (only digests), the default cycle
     * limit; each run sets the preemptibility of its {@link RunSpec}.
     */
    public static final KernelOptions OPTIONS = new KernelOptions(false, KernelOptions.DEFAULT.cycleLimit());

    private final KernelOptions options;
    private final Consumer<String> warnings;

    /**
     * @param options  kernel options for every run (the preemptibility and chunk come from each run's spec)
     * @param warnings receives one line per doubtful result (a run stopped by the cycle limit, a run with no operations)
     */
    public Runner(KernelOptions options, Consumer<String> warnings) {
        this.options = options;
        this.warnings = warnings;
    }

    public Runner(Consumer<String> warnings) {
        this(OPTIONS, warnings);
    }

    /**
     * Loads what {@code spec} names and runs it.
     *
     * @throws org.stacklab.machine.config.ConfigException if the machine profile or workload cannot be loaded
     * @throws org.stacklab.harness.UserError              if the model is unknown or lacks the spec's preemptibility
     * @throws RunFailedException                          if the model fails or leaves the kernel inconsistent
     */
    public RunResult run(RunSpec spec) {
        KernelModelProvider provider = Models.byName(spec.model());
        MachineProfile profile = MachineProfiles.load(spec.machine());
        return run(spec, profile, provider, load(spec));
    }

    /**
     * Runs every spec in order, after loading (and so checking) every profile, model and workload, so
     * a bad name is reported before any run starts.
     */
    public List<RunResult> runAll(List<RunSpec> specs) {
        return runAll(specs, null);
    }

    /**
     * Runs every spec like {@link #runAll(List)}, but a run that fails (a model error such as a kernel
     * stack overflow, or an inconsistent kernel) is handed to {@code failures} and the other runs go on:
     * a failure is a result of that model, and the finished runs are not lost (DESIGN.md rule 5).
     * With {@code failures == null} the first failure is thrown.
     */
    public List<RunResult> runAll(List<RunSpec> specs, Consumer<RunFailedException> failures) {
        record Loaded(RunSpec spec, MachineProfile profile, KernelModelProvider provider, Workload workload) {}
        Map<String, MachineProfile> profiles = new LinkedHashMap<>();
        List<Loaded> loaded = new ArrayList<>();
        for (RunSpec s : specs) {
            KernelModelProvider provider = Models.byName(s.model());
            Models.requireSupport(provider, s.preempt());
            MachineProfile profile = profiles.computeIfAbsent(s.machine(), MachineProfiles::load);
            loaded.add(new Loaded(s, profile, provider, load(s)));
        }
        List<RunResult> results = new ArrayList<>();
        for (Loaded l : loaded) {
            try {
                results.add(run(l.spec(), l.profile(), l.provider(), l.workload()));
            } catch (RunFailedException e) {
                if (failures == null) {
                    throw e;
                }
                failures.accept(e);
            }
        }
        return results;
    }

    /** The workload with the spec's overrides, and the seed as its {@code seed} parameter if it has one. */
    public static Workload load(RunSpec spec) {
        Workload w = Workloads.load(spec.workload(), spec.params());
        if (w.parameters().containsKey("seed") && !spec.params().containsKey("seed")) {
            Map<String, String> withSeed = new LinkedHashMap<>(spec.params());
            withSeed.put("seed", Long.toString(spec.seed()));
            w = Workloads.load(spec.workload(), withSeed);
        }
        return w;
    }

    /** Runs an already loaded workload. A fresh model instance and machine are made for the run. */
    public RunResult run(RunSpec spec, MachineProfile profile, KernelModelProvider provider, Workload workload) {
        return run(spec, profile, provider, workload, k -> {
        });
    }

    /**
     * Runs an already loaded workload like {@link #run(RunSpec, MachineProfile, KernelModelProvider, Workload)};
     * {@code beforeRun} sees the kernel after the workload is installed, just before the run starts (to
     * attach tracers: {@code stacklab trace}).
     */
    public RunResult run(RunSpec spec, MachineProfile profile, KernelModelProvider provider, Workload workload,
                         java.util.function.Consumer<Kernel> beforeRun) {
        Models.requireSupport(provider, spec.preempt());
        KernelOptions options = this.options.withPreemption(spec.preempt(), spec.preemptChunkBytes());
        String what = workload.name() + " on " + provider.name() + " (" + profile.name()
                + (spec.preempt() == Preemptibility.NP ? "" : ", --preempt " + spec.preempt().cliName()) + ")";
        Machine machine = new Machine(profile);
        Kernel kernel;
        Sample before;
        Sample after;
        RunOutcome outcome;
        try {
            kernel = new Kernel(machine, provider.create(), options);
            workload.install(kernel);
            machine.memory().endOperation(); // installing is not an operation of the run
            beforeRun.accept(kernel);
            before = Sample.of(kernel);
            outcome = kernel.run();
            after = Sample.of(kernel);
        } catch (RuntimeException e) {
            throw new RunFailedException("run " + what + " failed: " + e, e);
        }
        List<String> broken = KernelInvariants.violations(kernel);
        if (!broken.isEmpty()) {
            throw new RunFailedException("run " + what + " ended with the kernel inconsistent (" + outcome + "):\n  - "
                    + String.join("\n  - ", broken) + "\nthread states:\n" + KernelInvariants.snapshot(kernel), null);
        }
        Sample d = after.minus(before);
        Map<String, Distribution> distributions = Distribution.of(kernel, profile);
        ResultRow row = row(spec, profile, provider, workload, kernel, outcome, d, distributions);
        check(what, row);
        return new RunResult(spec, row, RunConfig.of(spec, profile, provider, workload, options), distributions);
    }

    private static ResultRow row(RunSpec spec, MachineProfile profile, KernelModelProvider provider, Workload workload,
                                 Kernel kernel, RunOutcome outcome, Sample d, Map<String, Distribution> distributions) {
        StackMeter stacks = kernel.stacks();
        KernelMemory mem = kernel.machine().kernelMemory();
        int threads = kernel.threads().size();
        StringBuilder params = new StringBuilder();
        new java.util.TreeMap<>(workload.parameters()).forEach((k, v) -> params.append(params.isEmpty() ? "" : ";").append(k).append('=').append(v));
        ResultRow.Builder b = ResultRow.builder()
                .set(Metric.MODEL, provider.name())
                .set(Metric.WORKLOAD, workload.name())
                .set(Metric.MACHINE, profile.name())
                .set(Metric.OPS, d.ops())
                .ratio(Metric.CYCLES_PER_OP, d.clock(), d.ops())
                .ratio(Metric.US_PER_OP, profile.micros(d.clock()), d.ops())
                .set(Metric.STACK_BYTES_RESERVED, stacks.reservedBytesPeak())
                .set(Metric.STACK_BYTES_PEAK, stacks.bytesInUsePeak())
                .set(Metric.STACKS_IN_USE_MAX, (long) stacks.inUseMax())
                .set(Metric.STACKS_IN_USE_AVG, stacks.inUseAverage())
                .ratio(Metric.KERNEL_BYTES_PER_THREAD, mem.reserved(Purpose.TCB) + mem.reserved(Purpose.STACK), threads)
                .ratio(Metric.KERNEL_L1D_LINES_PER_OP, d.kernelDataLines(), d.ops())
                .ratio(Metric.KERNEL_L1I_LINES_PER_OP, d.kernelCodeLines(), d.ops())
                .set(Metric.L1D_MISSES_KERNEL, d.l1dKernelMisses())
                .set(Metric.L1D_MISSES_USER, d.l1dUserMisses())
                .set(Metric.L2_MISSES, d.l2Misses())
                .set(Metric.RESTARTS, d.restarts())
                .set(Metric.STACK_DISCARDS, d.stackDiscards())
                .set(Metric.HANDOFFS, d.handoffs())
                .set(Metric.RECOGNITIONS, d.recognitions())
                .set(Metric.THREADS, threads)
                .set(Metric.MESSAGES, d.messages())
                .set(Metric.BLOCKS, d.blocks())
                .set(Metric.CONTEXT_SWITCHES, d.contextSwitches())
                .set(Metric.DISPATCHES, d.dispatches())
                .set(Metric.KERNEL_ENTRIES, d.kernelEntries())
                .set(Metric.CYCLES, d.clock())
                .set(Metric.USER_LINES_EVICTED_BY_KERNEL, d.userLinesEvictedByKernel())
                .ratio(Metric.IRQ_LATENCY_AVG_US, profile.micros(kernel.interrupts().latencySum()), kernel.interrupts().latencyCount())
                .ratio(Metric.IRQ_LATENCY_MAX_US, profile.micros(kernel.interrupts().latencyMax()), kernel.interrupts().latencyCount() == 0 ? 0 : 1)
                .set(Metric.IRQ_MISSED, kernel.interrupts().missed())
                .set(Metric.FPU_TRAPS, d.fpuTraps())
                .set(Metric.FPU_SAVES, d.fpuSaves())
                .set(Metric.FPU_RESTORES, d.fpuRestores())
                .set(Metric.EXCEPTIONS, d.exceptions())
                .set(Metric.BLOCKS_IPC_SEND, d.blocksIpcSend())
                .set(Metric.BLOCKS_IPC_RECEIVE, d.blocksIpcReceive())
                .set(Metric.BLOCKS_EXCEPTION, d.blocksException())
                .set(Metric.BLOCKS_PAGE_FAULT, d.blocksPageFault())
                .set(Metric.BLOCKS_PREEMPTION, d.blocksPreemption())
                .set(Metric.STACK_KEEPS, d.stackKeeps())
                .ratio(Metric.STACK_DISCARD_SHARE, d.stackDiscards(), d.blocks())
                .ratio(Metric.HANDOFF_SHARE, d.handoffs(), d.blocks())
                .set(Metric.ROLLBACK_CYCLES, d.rollbackCycles())
                .set(Metric.PAGE_FAULTS, d.pageFaults())
                .set(Metric.XFER_FAULTS, d.xferFaults())
                .set(Metric.BYTES_COPIED, d.bytesCopied())
                .set(Metric.PAGES_MAPPED, d.pagesMapped())
                .set(Metric.PROPAGATIONS, d.propagations())
                .set(Metric.OUTCOME, outcome.name())
                .set(Metric.PREEMPT, spec.preempt().cliName())
                .set(Metric.SEED, spec.seed())
                .set(Metric.PARAMS, params.toString());
        percentiles(b, distributions.get(Distribution.IRQ_LATENCY), Metric.IRQ_LATENCY_P50_US, Metric.IRQ_LATENCY_P90_US,
                Metric.IRQ_LATENCY_P99_US, null);
        percentiles(b, distributions.get(Distribution.CALL_LATENCY), Metric.CALL_LATENCY_P50_CYCLES, Metric.CALL_LATENCY_P90_CYCLES,
                Metric.CALL_LATENCY_P99_CYCLES, Metric.CALL_LATENCY_MAX_CYCLES);
        return b.build();
    }

    /** p50, p90, p99 (and max, if given) of {@code d} into their columns: µs as decimals, cycles as whole numbers; empty without samples. */
    private static void percentiles(ResultRow.Builder b, Distribution d, Metric p50, Metric p90, Metric p99, Metric max) {
        List<Metric> columns = new java.util.ArrayList<>(List.of(p50, p90, p99));
        if (max != null) {
            columns.add(max);
        }
        for (Metric m : columns) {
            if (d.count() == 0) {
                b.empty(m);
                continue;
            }
            double v = m == max ? d.max() : d.percentile(m == p50 ? 50 : m == p90 ? 90 : 99);
            if (m.kind() == Metric.Kind.COUNT) {
                b.set(m, Math.round(v));
            } else {
                b.set(m, v);
            }
        }
    }

    /** Sanity checks of a finished run's figures: impossible ones are bugs, doubtful ones warnings. */
    private void check(String what, ResultRow row) {
        long byKind = 0;
        for (Metric m : List.of(Metric.BLOCKS_IPC_SEND, Metric.BLOCKS_IPC_RECEIVE, Metric.BLOCKS_EXCEPTION, Metric.BLOCKS_PAGE_FAULT)) {
            byKind += (Long) row.get(m);
        }
        if (byKind != (Long) row.get(Metric.BLOCKS)) {
            throw new RunFailedException("run " + what + ": the blocks by kind add up to " + byKind + ", not to the "
                    + row.get(Metric.BLOCKS) + " blocks", null);
        }
        long reserved = (Long) row.get(Metric.STACK_BYTES_RESERVED);
        long peak = (Long) row.get(Metric.STACK_BYTES_PEAK);
        if (peak > reserved) {
            throw new RunFailedException("run " + what + ": stack bytes in use (" + peak + ") exceed the bytes reserved (" + reserved + ")", null);
        }
        if ((Double) row.get(Metric.STACKS_IN_USE_AVG) > (Long) row.get(Metric.STACKS_IN_USE_MAX) + 1e-9) {
            throw new RunFailedException("run " + what + ": average stacks in use exceed the maximum", null);
        }
        if (RunOutcome.CYCLE_LIMIT.name().equals(row.get(Metric.OUTCOME))) {
            warnings.accept("warning: " + what + " stopped at the cycle limit (" + options.cycleLimit() + " cycles); its figures cover a partial run");
        }
        if ((Long) row.get(Metric.OPS) == 0) {
            warnings.accept("warning: " + what + " completed no system calls; per-op figures are empty");
        }
    }
}
