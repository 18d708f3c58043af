package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab demo}: the two experiments that show the tradeoff at a glance, on all three models:
 * {@code pingpong} (latency of IPC round trips) and {@code idle-threads} with 1000 blocked clients
 * (kernel stack memory).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs pingpong (default parameters) and idle-threads with clients=1000 on all three models, prints them "
                + "side by side, and writes results.csv, config.json (the full configuration of each run) and chart.png into the "
                + "output directory.")
final class DemoCommand implements Callable<Integer> {
    static final String PINGPONG = "pingpong";
    static final String IDLE = "idle-threads";
    static final Map<String, String> IDLE_PARAMS = Map.of("clients", "1000");

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "results/demo",
            description = "Directory for results.csv, config.json and chart.png. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--machine", paramLabel = "NAME|FILE", defaultValue = "ppro200",
            description = "Machine profile: a shipped name or a YAML file. Default: ${DEFAULT-VALUE}.")
    String machine;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the runs. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Output.io(out, () -> Files.createDirectories(out)); // fail before running, not after
        MachineProfiles.load(machine);
        List<RunSpec> specs = new ArrayList<>();
        for (KernelModelProvider p : Models.all()) {
            specs.add(new RunSpec(machine, p.name(), PINGPONG, Map.of(), seed));
        }
        for (KernelModelProvider p : Models.all()) {
            specs.add(new RunSpec(machine, p.name(), IDLE, IDLE_PARAMS, seed));
        }
        Runner runner = new Runner(w -> {
            err.println(w);
            err.flush();
        });
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RunSpec s = specs.get(i);
            err.printf(Locale.ROOT, "[%d/%d] %s on %s%n", i + 1, specs.size(), s.workload(), s.model());
            err.flush();
            results.addAll(runner.runAll(List.of(s)));
        }
        ResultTable table = Output.table(results);
        String profile = table.value(0, Metric.MACHINE.column());

        o.printf(Locale.ROOT, "stacklab demo: %d models x 2 workloads on %s, seed %d%n%n", Models.all().size(), profile, seed);
        o.print(Output.sideBySide(table));
        o.println();
        o.print(highlights(table));

        Path csv = out.resolve("results.csv");
        Path config = out.resolve("config.json");
        Path png = out.resolve("chart.png");
        Output.write(csv, CsvResults.toCsv(table));
        Output.write(config, Output.configJson(results));
        Charts.demo(table, "stacklab demo on " + profile + " (seed " + seed + ")", png);
        o.println();
        o.println("results: " + csv);
        o.println("config:  " + config);
        o.println("chart:   " + png);
        o.flush();
        return 0;
    }

    /** Two measured comparisons in words: stack memory on idle-threads and latency on pingpong. */
    static String highlights(ResultTable t) {
        StringBuilder b = new StringBuilder();
        ResultTable idle = t.where(Metric.WORKLOAD.column(), IDLE);
        ResultTable ping = t.where(Metric.WORKLOAD.column(), PINGPONG);
        b.append(compare(idle, Metric.STACK_BYTES_RESERVED, "kernel stack reserved on " + IDLE));
        b.append(compare(ping, Metric.CYCLES_PER_OP, "cycles per system call on " + PINGPONG));
        return b.toString();
    }

    private static String compare(ResultTable rows, Metric m, String what) {
        List<String> models = rows.distinct(Metric.MODEL.column());
        if (models.isEmpty()) {
            return "";
        }
        String base = models.get(0);
        double baseValue = value(rows, base, m);
        StringBuilder b = new StringBuilder(what).append(": ").append(base).append(' ')
                .append(rows.where(Metric.MODEL.column(), base).value(0, m.column())).append(' ').append(m.unit());
        for (String other : models.subList(1, models.size())) {
            double v = value(rows, other, m);
            b.append("; ").append(other).append(' ').append(rows.where(Metric.MODEL.column(), other).value(0, m.column()));
            if (v > 0 && Double.isFinite(baseValue)) {
                double r = baseValue / v;
                b.append(String.format(Locale.ROOT, r >= 100 ? " (%s/%s = %.0fx)" : r >= 10 ? " (%s/%s = %.1fx)" : " (%s/%s = %.2fx)",
                        base, other, r));
            }
        }
        return b.append('\n').toString();
    }

    private static double value(ResultTable rows, String model, Metric m) {
        String v = rows.where(Metric.MODEL.column(), model).value(0, m.column());
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
