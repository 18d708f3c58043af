package org.stacklab.harness.cli;

import java.io.PrintWriter;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Progress;

import picocli.CommandLine.Option;

/**
 * How a command that sweeps ({@code sweep}, {@code demo}) runs its points: {@code --workers N} and
 * {@code --progress MODE}. Use as {@code @Mixin SweepOptions sweep;} and call {@link #check()} before
 * anything runs.
 */
final class SweepOptions {
    @Option(names = {"-w", "--workers"}, paramLabel = "N",
            description = "Points run at once (default: the available processors, ${DEFAULT-VALUE} here). The result files do not "
                    + "depend on it.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, else one line per point), bar, lines or none.")
    String progress;

    /** Refuses a worker count below 1 and an unknown progress mode (exit 2), before anything runs. */
    void check() {
        if (workers < 1) {
            throw new UserError("option '--workers': " + workers + " is not a number of worker threads (1 or more)");
        }
        if (!java.util.List.of("auto", "bar", "lines", "none").contains(progress)) {
            throw new UserError("option '--progress': '" + progress + "' is not one of auto, bar, lines, none");
        }
    }

    /** A new progress display on {@code err}, as {@code --progress} names it (one per sweep). */
    Progress display(PrintWriter err) {
        return switch (progress) {
            case "auto" -> Terminal.stderr() ? Progress.bar(err, Terminal.columns()) : Progress.lines(err);
            case "bar" -> Progress.bar(err, Terminal.columns());
            case "lines" -> Progress.lines(err);
            case "none" -> Progress.none();
            default -> throw new UserError("option '--progress': '" + progress + "' is not one of auto, bar, lines, none");
        };
    }
}
