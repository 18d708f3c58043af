package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.experiment.Merge;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacklab merge OUT SHARD_DIR...}: joins the run folders of a sharded sweep ({@link Merge}). */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Joins the run folders of 'stacklab sweep --shard i/n' into one run folder.",
                "",
                "Checks that every folder holds the same config.json and that together they hold every point exactly once "
                        + "(else exit 2 naming the missing or duplicated points and the folders), then writes OUT: config.json, "
                        + "cmdline.txt (the shards' command lines and this one), env.json (every shard's environment), "
                        + "results.csv and results.jsonl in point order (the same bytes as an unsharded sweep's) and every "
                        + "points/<index>/ folder of the shards. OUT must not exist or be empty; the shards are only read.",
                "",
                "The path of OUT/results.csv goes to stdout. A cluster job array that runs the shards: docs/cluster.md."},
        footer = {"", "Examples:",
                "  stacklab merge results/ipc results/ipc-1 results/ipc-2 results/ipc-3",
                "    (after, on three machines, i = 1, 2, 3:",
                "     stacklab sweep config/experiments/ipc-latency.yaml --shard i/3 \\",
                "         --out results/ipc-i)",
                "  stacklab merge results/ipc results/ipc-*",
                "  stacklab report results/ipc"})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "The run folder to write (must not exist, or be empty).")
    Path out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SHARD_DIR", description = "The shards' run folders, in any order.")
    List<Path> shards;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        OutFolders.check(out, "OUT");
        new Merge(out, shards, err).run("stacklab " + String.join(" ", args));
        PrintWriter o = spec.commandLine().getOut();
        o.println(out.resolve("results.csv"));
        o.flush();
        return 0;
    }
}
