package org.stacklab.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment;
import org.stacklab.harness.experiment.ExperimentLoader;
import org.stacklab.harness.experiment.Experiments;
import org.stacklab.harness.experiment.Shard;
import org.stacklab.harness.experiment.Sweep;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.model.Models;
import org.stacklab.harness.run.RunFailedException;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;
import org.stacklab.reports.stats.Fit;
import org.stacklab.reports.RunReport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab demo}: a small complete experiment. Two shipped experiment files at a reduced size,
 * {@code demo-stack-memory} (idle-threads, 10 to 10,000 blocked clients, all models) and
 * {@code demo-ipc-latency} (null-rpc and pingpong on every machine, all models), each swept by
 * {@link Sweep} into a run folder under {@code --out}, then reported as {@code stacklab report} does;
 * stdout gets a short summary table read back from the run folders and the paths of the two reports'
 * {@code index.html} and of the demo's own {@code OUT/index.html} (the summary and every chart).
 *
 * <p>Invariants: the experiments are read from the jar (the same files as the repository's
 * {@code config/experiments/}), so the demo is the same whatever the working directory; a run folder is
 * never overwritten: the default {@code --out} is new ({@code results/demo-<UTC timestamp>/}), and a
 * given one that holds this demo is resumed (finished points are not re-run), one that holds other runs
 * is refused before anything runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the demo: two small sweeps, their reports, a summary table.",
                "",
                "A small complete experiment on all three models:",
                "1. demo-stack-memory: idle-threads with 10 to 10,000 blocked clients (7 points on a log scale) on every "
                        + "model, on ppro200: kernel stack memory against the number of threads.",
                "2. demo-ipc-latency: null-rpc and pingpong (1000 round trips) on every machine profile and every model: "
                        + "cycles per IPC operation.",
                "",
                "The two files are config/experiments/demo-stack-memory.yaml and demo-ipc-latency.yaml (the demo reads the "
                        + "copies inside the jar, so it runs from any folder); rerun either with 'stacklab sweep FILE'. Each is "
                        + "swept into a run folder (OUT/stack-memory/, OUT/ipc-latency/: config.json, cmdline.txt, "
                        + "results.csv, results.jsonl) and reported as 'stacklab report' does (OUT/*/report/: tables, "
                        + "PNG, SVG and PDF charts, index.html).",
                "",
                "stdout: a summary read back from results.csv (stack bytes reserved and kernel bytes per thread per model at "
                        + "the largest number of clients, and the least-squares slope of stack bytes against clients over every point, with R2; cycles per "
                        + "null-rpc operation per model on each machine), the paths of the two reports' index.html and of OUT/index.html "
                        + "(the summary and every chart of both reports on one page). stderr: progress.",
                "",
                "A run folder is never overwritten: without --out the demo makes a new results/demo-<UTC timestamp>/; "
                        + "with the --out of an earlier demo it resumes (finished points are kept, the reports redone). "
                        + "Takes about 15 s on two cores."},
        footer = {"", "Examples:",
                "  stacklab demo",
                "  stacklab demo --out results/demo-1",
                "  stacklab sweep config/experiments/demo-stack-memory.yaml --out results/sm"})
final class DemoCommand implements Callable<Integer> {
    /** The workloads the demo (and {@code chart}'s default panels) know by name. */
    static final String PINGPONG = "pingpong";
    static final String IDLE = "idle-threads";
    static final String NULL_RPC = "null-rpc";
    /** The swept parameter of the stack-memory experiment. */
    static final String CLIENTS = "clients";
    /** The shipped experiments the demo runs, and their run folders under {@code --out}. */
    static final String STACK_MEMORY = "demo-stack-memory";
    static final String IPC_LATENCY = "demo-ipc-latency";
    static final String STACK_MEMORY_DIR = "stack-memory";
    static final String IPC_LATENCY_DIR = "ipc-latency";
    /** The demo's own page in {@code --out}: the summary and every chart of both reports. */
    static final String INDEX = "index.html";

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder of the two run folders (default: results/demo-<UTC timestamp>/, new). "
                    + "The folder of an earlier demo is resumed, never overwritten.")
    Path out;

    @Mixin
    SweepOptions sweeping;

    /** Test hook: another stack-memory experiment file (must sweep idle-threads over 'clients'). */
    @Option(names = "--stack-memory", hidden = true, paramLabel = "FILE")
    Path stackMemoryFile;

    /** Test hook: another IPC latency experiment file (null-rpc rows give the summary). */
    @Option(names = "--ipc-latency", hidden = true, paramLabel = "FILE")
    Path ipcLatencyFile;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        sweeping.check();
        Experiment sm = stackMemoryFile != null ? ExperimentLoader.load(stackMemoryFile) : Experiments.loadShipped(STACK_MEMORY);
        Experiment ipc = ipcLatencyFile != null ? ExperimentLoader.load(ipcLatencyFile) : Experiments.loadShipped(IPC_LATENCY);
        Path dir = out != null ? out
                : Path.of("results", "demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        Path smDir = dir.resolve(STACK_MEMORY_DIR);
        Path ipcDir = dir.resolve(IPC_LATENCY_DIR);
        // fail before running anything: an unwritable place, a run folder, or a folder holding other runs
        OutFolders.check(dir, "--out");
        if (Files.isRegularFile(dir.resolve(RunReport.CONFIG)) || Files.isRegularFile(dir.resolve(RunReport.RESULTS))) {
            throw new UserError("bad --out " + dir + ": it is a run folder (of 'sweep' or 'run --out'), not a demo's; the demo writes "
                    + "two run folders inside its --out: give a new --out, or leave --out out");
        }
        Output.io(dir, () -> Files.createDirectories(dir));
        refuseOther(sm, smDir);
        refuseOther(ipc, ipcDir);

        String cmdline = "stacklab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        for (var run : List.of(Map.entry(sm, smDir), Map.entry(ipc, ipcDir))) {
            err.println("demo: " + run.getKey().name() + " (" + run.getKey().points().size() + " points) -> " + run.getValue());
            err.flush();
            List<RunFailedException> failed = new Sweep(run.getKey(), run.getValue(), err)
                    .run(cmdline, new Sweep.Options(sweeping.workers, Shard.ALL, -1, sweeping.display(err)));
            if (!failed.isEmpty()) {
                for (RunFailedException f : failed) {
                    Main.reportFailure(f, err);
                }
                err.println("demo: stopped; run the same command again to retry from the failed point");
                err.flush();
                return Main.RUN_FAILED;
            }
        }
        List<Path> pages = new ArrayList<>();
        for (Path d : List.of(smDir, ipcDir)) {
            err.println("demo: report " + d.resolve(RunReport.REPORT));
            err.flush();
            pages.add(report(d, err));
        }

        String summary = summary(sm, CsvResults.read(smDir.resolve(RunReport.RESULTS)), ipc, CsvResults.read(ipcDir.resolve(RunReport.RESULTS)));
        Path index = dir.resolve(INDEX);
        Output.write(index, indexHtml(dir, summary, List.of(sm, ipc), List.of(smDir, ipcDir)));
        o.print(summary);
        o.println();
        o.println("run folders: " + smDir + ", " + ipcDir);
        for (Path p : pages) {
            o.println("report: " + p);
        }
        o.println("index: " + index);
        o.flush();
        err.printf(Locale.ROOT, "demo: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        err.flush();
        return 0;
    }

    /** Refuses a run folder that holds another experiment, before the demo runs anything ({@link Sweep} checks it again). */
    private static void refuseOther(Experiment e, Path runDir) {
        Path config = runDir.resolve(RunReport.CONFIG);
        Output.io(runDir, () -> {
            if (Files.isRegularFile(config) && !Files.readString(config, StandardCharsets.UTF_8).equals(Sweep.configJson(e))) {
                throw new UserError("run folder " + runDir + " holds another experiment than " + e.name()
                        + " (its config.json differs); give the demo a new --out, or leave --out out");
            }
        });
    }

    /**
     * Writes {@code runDir/report/} exactly as {@code stacklab report runDir} does (the report command
     * itself; the list of files it writes is not printed) and returns the path of its {@code index.html}.
     */
    static Path report(Path runDir, PrintWriter err) {
        ReportCommand report = new ReportCommand();
        CommandLine cl = new CommandLine(report);
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(err);
        cl.parseArgs(runDir.toString());
        int status;
        try {
            status = report.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (status != 0) {
            throw new UserError("the report of " + runDir + " failed (exit status " + status + ")");
        }
        return runDir.resolve(RunReport.REPORT).resolve("index.html");
    }

    /**
     * The demo's page: the summary, then per run folder the experiment's description, a link to its
     * report and every chart of {@code report/charts/} (PNG shown, with links to PNG, SVG and PDF).
     * Offline, no scripts; the same bytes for the same folders.
     */
    static String indexHtml(Path dir, String summary, List<Experiment> experiments, List<Path> runDirs) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>stacklab demo</title>\n");
        b.append("<style>\nbody{font-family:sans-serif;margin:2em;max-width:80em}\nfigure{display:inline-block;margin:0 1em 1em 0}\n"
                + "img{width:3.5in;border:1px solid #eee}\npre{background:#f6f6f6;padding:1em;overflow:auto}\n</style>\n");
        b.append("</head>\n<body>\n<h1>stacklab demo</h1>\n<h2>Summary</h2>\n<pre>").append(escape(summary)).append("</pre>\n");
        for (int i = 0; i < runDirs.size(); i++) {
            Experiment e = experiments.get(i);
            String rel = dir.relativize(runDirs.get(i)).toString().replace('\\', '/');
            String report = rel + "/" + RunReport.REPORT + "/";
            b.append("<h2>").append(escape(e.name())).append("</h2>\n<p>").append(escape(e.description().strip())).append("</p>\n");
            b.append("<p><a href=\"").append(escape(report)).append("index.html\">Full report</a> (tables, configuration); run folder <code>")
                    .append(escape(rel)).append("/</code>; rerun with <code>stacklab sweep ").append(escape(e.file())).append("</code>.</p>\n");
            Path chartDir = runDirs.get(i).resolve(RunReport.REPORT).resolve("charts");
            for (String chart : charts(chartDir)) {
                String base = report + "charts/" + chart;
                b.append("<figure><img src=\"").append(escape(base)).append(".png\" alt=\"").append(escape(chart))
                        .append("\"><figcaption>").append(escape(chart)).append(" (<a href=\"").append(escape(base))
                        .append(".png\">PNG</a>, <a href=\"").append(escape(base)).append(".svg\">SVG</a>, <a href=\"")
                        .append(escape(base)).append(".pdf\">PDF</a>");
                if (Files.isRegularFile(chartDir.resolve(chart + PAGE + ".png"))) {
                    String page = base + PAGE;
                    b.append("; page width: <a href=\"").append(escape(page)).append(".png\">PNG</a>, <a href=\"").append(escape(page))
                            .append(".svg\">SVG</a>, <a href=\"").append(escape(page)).append(".pdf\">PDF</a>");
                }
                b.append(")</figcaption></figure>\n");
            }
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** Suffix of a chart's full-page-width variant (the report writes {@code NAME.png} and {@code NAME-page.png}). */
    static final String PAGE = "-page";

    /**
     * The column-width charts under {@code folder} and its sub-folders ({@code lines/}, {@code cdf/}) that
     * have a PNG, as paths relative to it without extension, sorted.
     */
    private static List<String> charts(Path folder) {
        List<String> names = new ArrayList<>();
        Output.io(folder, () -> {
            if (Files.isDirectory(folder)) {
                try (var s = Files.walk(folder)) {
                    s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                            .filter(n -> n.endsWith(".png") && !n.endsWith(PAGE + ".png")).sorted()
                            .forEach(n -> names.add(n.substring(0, n.length() - 4)));
                }
            }
        });
        return names;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The summary table, from the run folders' result files: per model the stack memory at the largest
     * number of clients, and per machine and model the cycles of a null-rpc operation.
     */
    static String summary(Experiment sm, ResultTable smRows, Experiment ipc, ResultTable ipcRows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "stacklab demo: %s (%d points) and %s (%d points), %d models%n%n",
                sm.name(), sm.points().size(), ipc.name(), ipc.points().size(), Models.all().size()));
        b.append(stackMemory(smRows)).append('\n').append(ipcCost(ipcRows));
        return b.toString();
    }

    private static String stackMemory(ResultTable rows) {
        ResultTable idle = rows.where(Metric.WORKLOAD.column(), IDLE);
        long max = -1;
        long min = Long.MAX_VALUE;
        for (int r = 0; r < idle.size(); r++) {
            String v = param(idle.value(r, Metric.PARAMS.column()), CLIENTS);
            if (v != null) {
                max = Math.max(max, Long.parseLong(v));
                min = Math.min(min, Long.parseLong(v));
            }
        }
        if (max < 0) {
            return "Kernel stack memory: no " + IDLE + " rows with '" + CLIENTS + "' in the results\n";
        }
        String machines = String.join(", ", idle.distinct(Metric.MACHINE.column()));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Kernel stack memory: %s on %s, %s to %s blocked clients (bytes)%n",
                IDLE, machines, group(Long.toString(min)), group(Long.toString(max))));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("model", "stack reserved at " + group(Long.toString(max)), "kernel per thread", "stack per client (slope)", "R2"));
        for (String model : models(idle)) {
            Integer atMax = null;
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            ResultTable mine = idle.where(Metric.MODEL.column(), model);
            for (int r = 0; r < mine.size(); r++) {
                String v = param(mine.value(r, Metric.PARAMS.column()), CLIENTS);
                String y = mine.value(r, Metric.STACK_BYTES_RESERVED.column());
                if (v != null && !y.isEmpty()) {
                    xs.add(Double.parseDouble(v));
                    ys.add(Double.parseDouble(y));
                    if (atMax == null && Long.parseLong(v) == max) {
                        atMax = r; // the first seed's row
                    }
                }
            }
            String reserved = atMax == null ? "-" : mine.value(atMax, Metric.STACK_BYTES_RESERVED.column());
            String perThread = atMax == null ? "-" : mine.value(atMax, Metric.KERNEL_BYTES_PER_THREAD.column());
            String s = "-";
            String r2 = "-";
            if (max > min && xs.size() >= 2) {
                Fit f = Fit.of(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
                s = String.format(Locale.ROOT, "%.2f", f.slope() == 0 ? 0.0 : f.slope());
                r2 = Double.isNaN(f.r2()) ? "(flat)" : String.format(Locale.ROOT, "%.4f", f.r2());
            }
            table.add(List.of(model, group(reserved), group(perThread), group(s), r2));
        }
        return b.append(render(table)).toString();
    }

    private static String ipcCost(ResultTable rows) {
        ResultTable rpc = rows.where(Metric.WORKLOAD.column(), NULL_RPC);
        if (rpc.size() == 0) {
            return "IPC cost: no " + NULL_RPC + " rows in the results\n";
        }
        String params = String.join(" | ", rpc.distinct(Metric.PARAMS.column())).replace(";", ", ");
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "IPC cost: %s (%s), cycles per operation%n", NULL_RPC, params));
        List<String> models = models(rpc);
        List<List<String>> table = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("machine"));
        head.addAll(models);
        table.add(head);
        for (String machine : rpc.distinct(Metric.MACHINE.column())) {
            List<String> row = new ArrayList<>(List.of(machine));
            ResultTable m = rpc.where(Metric.MACHINE.column(), machine);
            for (String model : models) {
                ResultTable c = m.where(Metric.MODEL.column(), model);
                row.add(c.size() == 0 ? "-" : group(c.value(0, Metric.CYCLES_PER_OP.column())));
            }
            table.add(row);
        }
        return b.append(render(table)).toString();
    }

    /** The models present in {@code rows}, in the registry's order. */
    private static List<String> models(ResultTable rows) {
        List<String> present = rows.distinct(Metric.MODEL.column());
        return Models.names().stream().filter(present::contains).toList();
    }

    /** The value of {@code key} in a {@code params} cell ({@code k=v;k=v}), or null. */
    static String param(String params, String key) {
        for (String kv : params.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(key)) {
                return kv.substring(eq + 1);
            }
        }
        return null;
    }

    /** A number with thousands separators in its whole part ({@code 40400036} to {@code 40,400,036}); other text unchanged. */
    static String group(String v) {
        if (!v.matches("-?\\d+(\\.\\d+)?")) {
            return v;
        }
        int dot = v.indexOf('.');
        String whole = dot < 0 ? v : v.substring(0, dot);
        return String.format(Locale.ROOT, "%,d", Long.parseLong(whole)) + (dot < 0 ? "" : v.substring(dot));
    }

    /** A text table: two blanks between columns, the first column left-aligned, the others right-aligned. */
    static String render(List<List<String>> rows) {
        int cols = rows.get(0).size();
        int[] w = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                String c = r.get(i);
                String pad = " ".repeat(w[i] - c.length());
                line.append(i == 0 ? c + pad : "  " + pad + c);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
