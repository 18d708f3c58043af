package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.PointStats;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunFailedException;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.reports.CsvResults;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab run}: one workload on one or all models; one result row per model.
 *
 * <p>Preemptibility ({@code --preempt}, Fluke §5) is the second axis of every run. A model named
 * explicitly that lacks the asked configuration is a user error (exit 2, one line saying why); with
 * {@code --model all}, such models are skipped with one note per model on stderr, and the others run.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a workload on one or more kernel-stack models and prints one result row per model.",
                "The table format shows the models side by side (one column per model, one line per metric, with units); "
                        + "csv and json print one row (object) per model. Column definitions: README.md, 'CSV columns'.",
                "",
                "Preemptibility (--preempt; Fluke, OSDI'99 section 5) is the second axis of a",
                "run: where a pending interrupt may take the CPU away from a kernel path.",
                "  np  non-preemptible (default): only in user mode and at kernel exit.",
                "  pp  also at preemption points inside long kernel operations: the string",
                "      copy of an IPC every --preempt-chunk bytes. All models.",
                "  fp  fully preemptible: at any kernel step outside short critical sections.",
                "      perthread only: a kernel path preempted anywhere needs a kernel stack",
                "      of its own; continuation and stateless have one stack per CPU.",
                "A model named with --model that lacks the configuration is an error (exit 2);",
                "--model all skips such models with a note on stderr (with --preempt fp it",
                "runs perthread only). The 'preempt' column and config.json record it."},
        footer = {"", "Examples:",
                "  stacklab run --workload pingpong --model all",
                "  stacklab run --workload pingpong --model perthread --preempt fp",
                "  stacklab run --workload pingpong --preempt pp --preempt-chunk 4096",
                "  stacklab run --workload idle-threads --param clients=1000 --model all --format csv",
                "  stacklab run --workload null-syscall --model stateless --machine x86-64 --param iterations=500",
                "  stacklab run --workload my-workload.yaml --machine my-machine.yaml --out results/mine"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-w", "--workload"}, required = true, paramLabel = "NAME|FILE",
            description = "Workload: a shipped name (see 'stacklab workloads') or a workload file.")
    String workload;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", split = ",", defaultValue = "all",
            description = "perthread, continuation, stateless, or all; repeat or separate with commas. Default: ${DEFAULT-VALUE}.")
    List<String> models = new ArrayList<>();

    @Option(names = "--machine", paramLabel = "NAME|FILE", defaultValue = "ppro200",
            description = "Machine profile: a shipped name (see 'stacklab machines') or a YAML file. Default: ${DEFAULT-VALUE}.")
    String machine;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Overrides a workload parameter (repeatable), e.g. --param rounds=1000.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the run, recorded with the results and given to workloads that take a 'seed' parameter. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--preempt", paramLabel = "np|pp|fp", defaultValue = "np", converter = PreemptConverter.class,
            description = "Preemptibility of the kernel: np (non-preemptible), pp (preemption points), fp (fully preemptible, "
                    + "perthread only); see above. Default: ${DEFAULT-VALUE}.")
    Preemptibility preempt;

    @Option(names = "--preempt-chunk", paramLabel = "BYTES", defaultValue = "" + KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES,
            description = "With --preempt pp: bytes of a string copy between two preemption points (a positive whole number). "
                    + "Default: ${DEFAULT-VALUE}.")
    int preemptChunk;

    @Option(names = "--timeslice-us", paramLabel = "MICROS", defaultValue = "" + KernelOptions.DEFAULT_TIMESLICE_MICROS,
            description = "Time slice of round-robin scheduling among threads of equal priority, in microseconds of simulated time "
                    + "(0: no time slicing, a thread runs until it blocks or a higher priority is ready). Default: ${DEFAULT-VALUE} (L4's).")
    long timesliceMicros;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Output.Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Also write DIR/results.csv, DIR/config.json (the full resolved configuration of each run) and, per row, "
                    + "DIR/points/NNNNN/stats.txt and stats.json (every metric with its description and unit, latency percentiles and CDFs).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (preemptChunk <= 0) {
            throw new UserError("bad --preempt-chunk " + preemptChunk + ": expected a positive number of bytes, e.g. --preempt-chunk "
                    + KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES);
        }
        if (timesliceMicros < 0) {
            throw new UserError("bad --timeslice-us " + timesliceMicros + ": expected microseconds >= 0 (0 turns time slicing off)");
        }
        List<RunSpec> specs = new ArrayList<>();
        for (KernelModelProvider p : models(err)) {
            specs.add(new RunSpec(machine, p.name(), workload, Params.check(params), seed, preempt, preemptChunk));
        }
        List<RunFailedException> failed = new ArrayList<>();
        List<RunResult> results = new Runner(Runner.OPTIONS.withTimeslice(timesliceMicros), w -> {
            err.println(w);
            err.flush();
        }).runAll(specs, failed::add);
        PrintWriter o = spec.commandLine().getOut();
        o.print(Output.render(results, format));
        if (out != null) {
            Path csv = out.resolve("results.csv");
            Path config = out.resolve("config.json");
            Output.write(csv, CsvResults.toCsv(Output.table(results)));
            Output.write(config, Output.configJson(results));
            for (int i = 0; i < results.size(); i++) {
                PointStats.write(out, i, PointStats.id(results.get(i).spec()), results.get(i));
            }
            err.println("wrote " + csv + ", " + config + " and " + out.resolve(PointStats.POINTS) + "/NNNNN/stats.txt|json");
        }
        o.flush();
        for (RunFailedException f : failed) {
            Main.reportFailure(f, err);
        }
        err.flush();
        return failed.isEmpty() ? 0 : Main.RUN_FAILED;
    }

    /**
     * The selected models that can run with {@link #preempt}: a model named explicitly that cannot is a
     * user error; with {@code all}, each one that cannot is skipped with a note on {@code err}.
     */
    private List<KernelModelProvider> models(PrintWriter err) {
        List<KernelModelProvider> chosen = Models.select(models);
        boolean all = Models.selectsAll(models);
        List<KernelModelProvider> runnable = new ArrayList<>();
        for (KernelModelProvider p : chosen) {
            String why = Models.unsupported(p, preempt);
            if (why == null) {
                runnable.add(p);
            } else if (all) {
                err.println("note: --preempt " + preempt.cliName() + ": skipped " + p.name() + ", it has no " + Models.configuration(preempt)
                        + " (" + p.whyUnsupported(preempt) + ")");
            } else {
                throw new UserError(why);
            }
        }
        if (runnable.isEmpty()) {
            throw new UserError("no model has a --preempt " + preempt.cliName() + " configuration");
        }
        err.flush();
        return runnable;
    }

    /** Parses {@code --preempt} ({@link Preemptibility#parse}); a bad value is a parameter error (exit 2). */
    static final class PreemptConverter implements CommandLine.ITypeConverter<Preemptibility> {
        @Override
        public Preemptibility convert(String value) {
            try {
                return Preemptibility.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
