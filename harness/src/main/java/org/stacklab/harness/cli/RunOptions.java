package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.stacklab.harness.UserError;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say what to run, shared by the commands that run a workload ({@code run}, and any
 * command that runs one the same way, e.g. {@code trace}): {@code --workload}, {@code --model},
 * {@code --machine}, {@code --param}, {@code --seed}, {@code --preempt}, {@code --preempt-chunk},
 * {@code --timeslice-us}. Use as {@code @Mixin RunOptions run;} then {@link #specs(PrintWriter)} and
 * {@link #runner(Consumer)}; the help text and the checks are written only here.
 *
 * <p>Invariant: {@link #specs(PrintWriter)} returns one spec per selected model that has the asked
 * preemptibility, in the fixed model order; bad values are {@link UserError}s (exit 2) raised before
 * anything runs.
 */
final class RunOptions {
    @Option(names = {"-w", "--workload"}, required = true, paramLabel = "NAME|FILE",
            description = "Workload: a shipped name (see 'stacklab workloads') or a workload file.")
    String workload;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", split = ",", defaultValue = Models.ALL,
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

    /** Checks the numbers picocli cannot check alone ({@code --param} is checked by {@link #specs(PrintWriter)}). */
    void validate() {
        if (preemptChunk <= 0) {
            throw new UserError("bad --preempt-chunk " + preemptChunk + ": expected a positive number of bytes, e.g. --preempt-chunk "
                    + KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES);
        }
        if (timesliceMicros < 0) {
            throw new UserError("bad --timeslice-us " + timesliceMicros + ": expected microseconds >= 0 (0 turns time slicing off)");
        }
    }

    /**
     * Validates the options and returns one run per selected model that has {@link #preempt}: a model
     * named explicitly that lacks it is a user error; with {@code all}, each one that lacks it is skipped
     * with a note on {@code err}.
     */
    List<RunSpec> specs(PrintWriter err) {
        validate();
        List<RunSpec> specs = new ArrayList<>();
        for (KernelModelProvider p : models(err)) {
            Params.check(params);
            specs.add(new RunSpec(machine, p.name(), workload, params, seed, preempt, preemptChunk));
        }
        return specs;
    }

    /** A runner with these options' time slice; {@code warnings} gets one line per doubtful result. */
    Runner runner(Consumer<String> warnings) {
        return new Runner(Runner.OPTIONS.withTimeslice(timesliceMicros), warnings);
    }

    /** The selected models that can run with {@link #preempt} (see {@link #specs(PrintWriter)}). */
    List<KernelModelProvider> models(PrintWriter err) {
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
