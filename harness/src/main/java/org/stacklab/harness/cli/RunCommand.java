package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunFailedException;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.reports.CsvResults;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacklab run}: one workload on one or all models; one result row per model. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a workload on one or more kernel-stack models and prints one result row per model.",
                "The table format shows the models side by side (one column per model, one line per metric, with units); "
                        + "csv and json print one row (object) per model. Column definitions: README.md, 'CSV columns'."},
        footer = {"", "Examples:",
                "  stacklab run --workload pingpong --model all",
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

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Output.Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Also write DIR/results.csv and DIR/config.json (the full resolved configuration of each run).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<RunSpec> specs = new ArrayList<>();
        for (KernelModelProvider p : Models.select(models)) {
            specs.add(new RunSpec(machine, p.name(), workload, Params.check(params), seed));
        }
        List<RunFailedException> failed = new ArrayList<>();
        List<RunResult> results = new Runner(w -> {
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
            err.println("wrote " + csv + " and " + config);
        }
        o.flush();
        for (RunFailedException f : failed) {
            Main.reportFailure(f, err);
        }
        err.flush();
        return failed.isEmpty() ? 0 : Main.RUN_FAILED;
    }
}
