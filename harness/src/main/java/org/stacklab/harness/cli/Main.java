package org.stacklab.harness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.stacklab.harness.UserError;
import org.stacklab.harness.run.RunFailedException;
import org.stacklab.kernel.stack.KernelStackOverflowException;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.reports.ResultFileException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code stacklab} command line.
 *
 * <p>Invariants: stdout carries only results (tables, CSV, JSON, the paths of files written); progress
 * and warnings go to stderr. A user error (bad option, unknown name, bad config or result file) is one
 * line on stderr and exit status 2, never a stack trace. A failing model is exit status 1. The same
 * arguments give byte-identical stdout and files.
 */
@Command(name = "stacklab",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Measures what a microkernel's kernel-stack model costs: one L4-style kernel implemented three ways "
                + "(perthread, continuation, stateless) on one simulated machine, reporting kernel stack memory, cache "
                + "footprint and latency, all measured in the simulation.",
        subcommands = {RunCommand.class, SweepCommand.class, MergeCommand.class, DemoCommand.class, ReportCommand.class, TraceCommand.class,
                ChartCommand.class, ListCommand.class, ModelsCommand.class, MachinesCommand.class, WorkloadsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with './stacklab demo'. './stacklab test' (launcher only) runs the test suite with Maven.",
                "Every command has --help with examples. Results go to stdout; progress, notes and errors to stderr.",
                "", "Examples:",
                "  stacklab demo",
                "  stacklab list",
                "  stacklab run --workload pingpong",
                "  stacklab sweep config/experiments/stack-memory.yaml --out results/sm",
                "  stacklab report results/sm",
                "  stacklab run --help"})
public final class Main implements Runnable {
    /** Exit status of bad input. */
    public static final int USER_ERROR = 2;
    /** Exit status of a failed run (a model bug). */
    public static final int RUN_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(execute(out, err, args));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            err.println("stacklab: " + Typos.message(e));
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            int status;
            if (e instanceof ConfigException || e instanceof UserError || e instanceof ResultFileException) {
                err.println("stacklab: " + e.getMessage());
                status = USER_ERROR;
            } else if (e instanceof UncheckedIOException io) {
                err.println("stacklab: " + io.getCause().getMessage());
                status = USER_ERROR;
            } else if (e instanceof RunFailedException f) {
                reportFailure(f, err);
                status = RUN_FAILED;
            } else {
                err.println("stacklab: internal error: " + e);
                e.printStackTrace(err);
                status = RUN_FAILED;
            }
            err.flush();
            return status;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The command tree with the help conventions of {@link Help} applied (streams and handlers not set). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Help.install(cl);
        return cl;
    }

    /** The version env.json records (the jar manifest, else the build's pom version), if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = org.stacklab.harness.experiment.RunEnvironment.stacklabVersion();
            return new String[] {"stacklab " + (v.equals(org.stacklab.harness.experiment.RunEnvironment.UNKNOWN) ? "(development build)" : v)};
        }
    }

    /**
     * Prints a failed run: its message (which names the run and, for a kernel stack overflow, the call
     * chain); the Java stack trace only for unexpected exceptions, where it helps a bug report.
     */
    static void reportFailure(RunFailedException f, PrintWriter err) {
        err.println("stacklab: " + f.getMessage());
        Throwable cause = f.getCause();
        if (cause != null && !(cause instanceof KernelStackOverflowException)) {
            cause.printStackTrace(err);
        }
    }
}
