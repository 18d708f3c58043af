package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.experiment.Experiment;
import org.stacklab.harness.experiment.ExperimentLoader;
import org.stacklab.harness.experiment.Sweep;
import org.stacklab.harness.run.RunFailedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab sweep FILE}: validates an experiment file, then runs its points into a run folder
 * ({@link Sweep}); re-running with the same {@code --out} resumes.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment file's points into a run folder; resumable.",
                "",
                "The points run one after the other; the run folder holds config.json "
                + "(the resolved experiment), cmdline.txt, results.csv and results.jsonl (one row per point, appended and "
                + "flushed point by point). Schema of the file: README.md, 'Experiments and sweeps'; shipped: config/experiments/.",
                "",
                "The whole file is checked before anything runs; a problem is one line FILE:LINE: field 'F': problem, exit 2.",
                "",
                "Run again with the same --out to resume: finished points are skipped, and the result files end byte for byte "
                        + "as after an uninterrupted sweep. Progress ([done/total] point) goes to stderr, the path of results.csv "
                        + "to stdout."},
        footer = {"", "Examples:",
                "  stacklab sweep config/experiments/ipc-latency.yaml",
                "  stacklab sweep config/experiments/stack-memory.yaml --out results/sm-1",
                "  stacklab report results/sm-1",
                "  stacklab list experiments"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The experiment file.")
    Path file;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "The run folder (default: results/<name>-<UTC timestamp>/). An existing folder is resumed if it holds "
                    + "this experiment, and is otherwise refused (never overwritten).")
    Path out;

    /** Test hook: run at most this many points, then stop as if killed. */
    @Option(names = "--stop-after", hidden = true, defaultValue = "-1")
    int stopAfter;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Experiment e = ExperimentLoader.load(file);
        Path dir = out != null ? out
                : Path.of("results", e.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<RunFailedException> failed = new Sweep(e, dir, err).run("stacklab " + String.join(" ", args), stopAfter);
        for (RunFailedException f : failed) {
            Main.reportFailure(f, err);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(dir.resolve("results.csv"));
        o.flush();
        err.flush();
        return failed.isEmpty() ? 0 : Main.RUN_FAILED;
    }
}
