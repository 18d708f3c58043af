package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.stacklab.harness.run.RunFailedException;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab run}: one workload on one or all models; one result row per model.
 *
 * <p>Preemptibility ({@code --preempt}, Fluke §5) is the second axis of every run. A model named
 * explicitly that lacks the asked configuration is a user error (exit 2, one line saying why); with
 * {@code --model all}, such models are skipped with one note per model on stderr, and the others run.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a workload on kernel-stack models; one result row per model.",
                "",
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
                "  stacklab run --workload idle-threads --param clients=1000 --format csv",
                "  stacklab run --workload null-syscall --model stateless --machine x86-64",
                "  stacklab run --workload my-workload.yaml --machine my-machine.yaml",
                "  stacklab run -w pingpong --out results/pp && stacklab report results/pp"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        output.checkOut();
        List<RunSpec> specs = run.specs(err);
        List<RunFailedException> failed = new ArrayList<>();
        List<RunResult> results = run.runner(w -> {
            err.println(w);
            err.flush();
        }).runAll(specs, failed::add);
        output.write(results, spec.commandLine().getOut(), err);
        for (RunFailedException f : failed) {
            Main.reportFailure(f, err);
        }
        err.flush();
        return failed.isEmpty() ? 0 : Main.RUN_FAILED;
    }
}
