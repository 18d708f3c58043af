package org.stacklab.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.UserError;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.harness.trace.Tracing;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab trace}: runs a workload like {@code stacklab run} with tracing on and writes a Chrome
 * Trace Event JSON file (open it in Perfetto), and optionally the memory accesses in Dinero IV's
 * {@code din} format. Tracing only observes: the runs give the same figures as untraced ones.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a workload with tracing on and writes a Chrome Trace Event JSON file (open it in "
                + "https://ui.perfetto.dev or chrome://tracing): one process per model; a track per simulated thread (system calls, "
                + "the kernel stack frames pushed for them - send phase, receive phase, page fault... -, string transfers, time "
                + "blocked or ready) and one for the CPU (which thread runs, user time); a counter of live kernel stack bytes; flow "
                + "arrows from each message's transfer to the receiver's result. ts is simulated time in microseconds at the "
                + "profile's clock; args carry the integer cycles, L1D/L2 misses and kernel stack bytes.",
                "",
                "--mem-trace writes every simulated kernel and user memory access as Dinero IV din lines ('label address': "
                + "0 read, 1 write, 2 instruction fetch); with several models one file per model, FILE.MODEL.din.",
                "",
                "Missing folders of --out and --mem-trace are created. Tracing only observes: the result rows are those of "
                + "'stacklab run'."},
        footer = {"", "Examples:",
                "  stacklab trace --workload pingpong --param rounds=20 --out pingpong.json",
                "  stacklab trace --workload pingpong --model continuation --out cont.json \\",
                "      --mem-trace cont.din",
                "  stacklab trace --workload big-copy --model stateless --preempt pp \\",
                "      --param rounds=2 --out copy.json",
                "  stacklab trace --workload mix --model perthread --max-events 200000 \\",
                "      --out mix.json"})
final class TraceCommand implements Callable<Integer> {
    /** Default of {@code --max-events}. */
    static final long DEFAULT_MAX_EVENTS = 1_000_000;

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.json", description = "The Chrome Trace Event JSON file to write.")
    Path out;

    @Option(names = "--mem-trace", paramLabel = "FILE.din",
            description = "Also write the memory accesses in Dinero IV din format (with several models: FILE.MODEL.din).")
    Path memTrace;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_EVENTS,
            description = "At most N events per model in the JSON and N lines per din file; the rest is left out, with a "
                    + "note on stderr. Default: ${DEFAULT-VALUE}.")
    long maxEvents;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        if (maxEvents <= 0) {
            throw new UserError("bad --max-events " + maxEvents + ": expected a positive number, e.g. --max-events " + DEFAULT_MAX_EVENTS);
        }
        if (Files.isDirectory(out)) {
            throw new UserError("bad --out " + out + ": it is a directory; expected a file name such as trace.json");
        }
        if (memTrace != null && Files.isDirectory(memTrace)) {
            throw new UserError("bad --mem-trace " + memTrace + ": it is a directory; expected a file name such as trace.din");
        }
        List<RunSpec> specs = run.specs(err);
        boolean several = specs.size() > 1;
        checkWritable(out, "--out");
        if (memTrace != null) {
            for (RunSpec r : specs) {
                Path din = several ? Tracing.perModel(memTrace, r.model()) : memTrace;
                if (din.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new UserError("bad --mem-trace " + memTrace + ": the din file would be " + din
                            + ", the --out file; give another name such as trace.din");
                }
                checkWritable(din, "--mem-trace");
            }
        }
        Runner runner = run.runner(w -> {
            err.println(w);
            err.flush();
        });
        List<Tracing.Traced> traced = Tracing.run(runner, specs, maxEvents, out,
                memTrace == null ? null : m -> several ? Tracing.perModel(memTrace, m) : memTrace);
        for (Tracing.Traced t : traced) {
            String model = t.recorder().processName();
            o.println(model + ": " + t.recorder().events().size() + " events, " + t.result().row().get(org.stacklab.harness.metrics.Metric.CYCLES)
                    + " cycles");
            if (t.recorder().truncated()) {
                err.println("note: " + model + ": the trace stopped at --max-events " + maxEvents + " (the run went on untraced)");
            }
            if (t.dinStats() != null) {
                o.println("wrote " + t.din() + " (" + t.dinStats().lines() + " accesses, " + size(t.din()) + " bytes)");
                if (t.dinStats().dropped() > 0) {
                    err.println("note: " + model + ": " + t.din() + " stopped at --max-events " + maxEvents + "; "
                            + t.dinStats().dropped() + " accesses left out");
                }
            }
        }
        o.println("wrote " + out + " (" + size(out) + " bytes); open it in https://ui.perfetto.dev");
        o.flush();
        err.flush();
        return 0;
    }

    /**
     * Refuses, before anything runs, a file that cannot be written: a file in its path where a folder
     * should be, or a folder without write permission (missing folders are created later).
     */
    static void checkWritable(Path file, String option) {
        Path p = file.toAbsolutePath().normalize().getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        if (!Files.isDirectory(p)) {
            throw new UserError("cannot write " + option + " " + file + ": " + p + " is a file, not a folder");
        }
        if (!Files.isWritable(p) || Files.exists(file) && !Files.isWritable(file)) {
            throw new UserError("cannot write " + option + " " + file + ": permission denied (" + (Files.exists(file) ? file : p) + ")");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
