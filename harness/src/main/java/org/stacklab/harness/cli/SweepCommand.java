package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment;
import org.stacklab.harness.experiment.ExperimentLoader;
import org.stacklab.harness.experiment.Experiments;
import org.stacklab.harness.experiment.Progress;
import org.stacklab.harness.experiment.Shard;
import org.stacklab.harness.experiment.Sweep;
import org.stacklab.harness.run.RunFailedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab sweep FILE}: validates an experiment file, then runs its points (or one shard of
 * them) on worker threads into a run folder ({@link Sweep}); re-running with the same {@code --out}
 * resumes.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment file's points into a run folder, on all cores; resumable.",
                "",
                "The run folder holds config.json (the resolved experiment), cmdline.txt,",
                "env.json (stacklab version, git commit, JDK, OS, workers), results.csv and",
                "results.jsonl (one row per point, appended and synced in point order, so the",
                "files are the same bytes for any --workers). Schema of the file: README.md,",
                "'Experiments and sweeps'; shipped: config/experiments/ (or give a shipped",
                "experiment's name, read from the jar).",
                "",
                "The whole file is checked before anything runs; a problem is one line",
                "FILE:LINE: field 'F': problem, exit 2.",
                "",
                "Run again with the same --out (and --shard) to resume: finished points are",
                "skipped, and the result files end byte for byte as after an uninterrupted",
                "sweep. Progress (done/total, ETA, the last point) goes to stderr, the path of",
                "results.csv to stdout. A failing point stops new points from starting; the rows",
                "before it are written; exit 1.",
                "",
                "--shard i/n runs the points whose index %% n == i-1 into their own folder (with",
                "shard.json); 'stacklab merge' joins the n folders into one (docs/cluster.md: a",
                "Slurm job array)."},
        footer = {"", "Examples:",
                "  stacklab sweep config/experiments/ipc-latency.yaml",
                "  stacklab sweep config/experiments/stack-memory.yaml -o results/sm -w 2",
                "  stacklab sweep config/experiments/stack-memory.yaml -o results/sm  # resumes",
                "  stacklab sweep config/experiments/ipc-latency.yaml --shard 2/3 \\",
                "      --out results/ipc-2",
                "  stacklab merge results/ipc results/ipc-1 results/ipc-2 results/ipc-3",
                "  stacklab report results/sm",
                "  stacklab list experiments",
                "",
                "The ./stacklab launcher sizes the JVM's virtual-thread scheduler to --workers",
                "(README.md, 'Experiments and sweeps'; docs/cluster.md for Slurm)."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The experiment file; where there is no such file, a shipped experiment's name "
            + "(see 'stacklab list experiments'), read from the jar.")
    Path file;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "The run folder (default: results/<name>-<UTC timestamp>/). An existing folder is resumed if it holds "
                    + "this experiment, and is otherwise refused (never overwritten).")
    Path out;

    @Mixin
    SweepOptions run;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Run only the i-th of n deterministic slices of the points (index %% n == i-1, i from 1), e.g. "
                    + "one array task of a cluster job; join the folders with 'stacklab merge'.")
    String shard;

    /** Test hook: run at most this many points, then stop as if killed. */
    @Option(names = "--stop-after", hidden = true, defaultValue = "-1")
    int stopAfter;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        run.check();
        Shard slice = shard == null ? Shard.ALL : Shard.parse(shard);
        Progress shown = run.display(err);
        Experiment e = load(file, err);
        Path dir = out != null ? out
                : Path.of("results", e.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))
                + (slice.all() ? "" : "-shard-" + slice.index() + "-of-" + slice.count()));
        OutFolders.check(dir, "--out");
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<RunFailedException> failed = new Sweep(e, dir, err)
                .run("stacklab " + String.join(" ", args), new Sweep.Options(run.workers, slice, stopAfter, shown));
        for (RunFailedException f : failed) {
            Main.reportFailure(f, err);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(dir.resolve("results.csv"));
        o.flush();
        err.flush();
        return failed.isEmpty() ? 0 : Main.RUN_FAILED;
    }

    /**
     * The experiment file {@code file}; if there is no such file, the shipped experiment it names (its
     * name, or its path as {@code list experiments} shows it, {@code config/experiments/NAME.yaml}), read
     * from the jar, with a note: outside a checkout the shipped files exist only there.
     */
    static Experiment load(Path file, PrintWriter err) {
        if (!java.nio.file.Files.exists(file)) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().replaceFirst("\\.yaml$", "");
            boolean named = file.toString().equals(name) || file.toString().equals(Experiments.label(name));
            if (named && Experiments.names().contains(name)) {
                err.println("note: no file " + file + " here; sweeping the shipped experiment '" + name + "' built into the jar");
                return Experiments.loadShipped(name);
            }
            throw new UserError(file + ": no such experiment file; give a path, or the name of a shipped experiment ("
                    + String.join(", ", Experiments.names()) + "; 'stacklab list experiments')");
        }
        return ExperimentLoader.load(file);
    }
}
