package org.stacklab.harness.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;

/**
 * Runs specs with tracing on ({@code stacklab trace}): each run gets a {@link TraceRecorder} (a process
 * in the Chrome trace, numbered 1, 2, ... in spec order) and, if asked, a {@link DinWriter} streaming its
 * memory accesses. The runs themselves are ordinary {@link Runner} runs: the tracers only observe, so the
 * result rows equal those of untraced runs.
 */
public final class Tracing {
    private Tracing() {
    }

    /** What a traced run produced. */
    public record Traced(RunResult result, TraceRecorder recorder, Path din, DinStats dinStats) {
    }

    /** Lines written to a din file, by label, and how many accesses were left out at the limit. */
    public record DinStats(long reads, long writes, long fetches, long dropped) {
        /** Lines written. */
        public long lines() {
            return reads + writes + fetches;
        }
    }

    /**
     * Runs every spec with a recorder (and a din file from {@code dinFor}, when it gives one for the
     * spec's model), and writes the Chrome trace of all of them to {@code json}.
     *
     * @param maxEvents at most this many events per model in the JSON, and lines per din file
     * @param dinFor    the din file of a model name, or {@code null} for none
     */
    public static List<Traced> run(Runner runner, List<RunSpec> specs, long maxEvents, Path json, Function<String, Path> dinFor) {
        List<Traced> out = new ArrayList<>();
        List<TraceRecorder> recorders = new ArrayList<>();
        int pid = 1;
        for (RunSpec spec : specs) {
            KernelModelProvider provider = Models.byName(spec.model());
            MachineProfile profile = MachineProfiles.load(spec.machine());
            Workload workload = Runner.load(spec);
            Path din = dinFor == null ? null : dinFor.apply(spec.model());
            int myPid = pid++;
            TraceRecorder[] rec = new TraceRecorder[1];
            DinWriter[] dw = new DinWriter[1];
            RunResult result;
            try {
                result = runner.run(spec, profile, provider, workload, k -> {
                    rec[0] = new TraceRecorder(myPid, provider.name(), k, maxEvents);
                    rec[0].attach();
                    if (din != null) {
                        dw[0] = new DinWriter(open(din), maxEvents);
                        k.machine().memory().trace(dw[0]);
                    }
                });
            } finally {
                if (rec[0] != null) {
                    rec[0].finish();
                }
                if (dw[0] != null) {
                    try {
                        dw[0].close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            DinStats stats = dw[0] == null ? null
                    : new DinStats(dw[0].lines(0), dw[0].lines(1), dw[0].lines(2), dw[0].dropped());
            recorders.add(rec[0]);
            out.add(new Traced(result, rec[0], din, stats));
        }
        Map<String, String> other = new LinkedHashMap<>();
        other.put("tool", "stacklab trace");
        if (!specs.isEmpty()) {
            RunSpec s = specs.get(0);
            other.put("workload", s.workload());
            other.put("machine", s.machine());
            other.put("params", s.params().toString());
            other.put("seed", Long.toString(s.seed()));
            other.put("preempt", s.preempt().cliName());
            other.put("clock_mhz", Double.toString(MachineProfiles.load(s.machine()).clockMhz()));
        }
        other.put("ts_unit", "microseconds of simulated time at the profile clock; args.cycle/args.cycles: integer cycles");
        try (BufferedWriter w = open(json)) {
            ChromeTraceWriter.write(recorders, other, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static BufferedWriter open(Path p) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write " + p + ": " + e.getMessage(), e));
        }
    }

    /** {@code base} with {@code model} before its extension: {@code mem.din} → {@code mem.perthread.din}. */
    public static Path perModel(Path base, String model) {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String n = dot > 0 ? name.substring(0, dot) + "." + model + name.substring(dot) : name + "." + model;
        return base.resolveSibling(n);
    }
}
