package org.stacklab.harness.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment.Axes;
import org.stacklab.harness.experiment.Experiment.Point;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.run.RunFailedException;
import org.stacklab.harness.run.RunResult;
import org.stacklab.harness.run.RunSpec;
import org.stacklab.harness.run.Runner;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.JsonResults;
import org.stacklab.reports.ResultTable;
import org.stacklab.workloads.Workloads;

/**
 * Runs an experiment's points one after the other into a run folder: {@code config.json} (the resolved
 * experiment), {@code cmdline.txt}, and {@code results.csv} / {@code results.jsonl} appended and
 * flushed point by point (column {@code point} first, then every {@link Metric} column).
 *
 * <p>Invariants: a folder holding a different experiment's {@code config.json}, or other files, is
 * never written to; a folder with the same {@code config.json} is resumed: complete rows present in
 * both result files are kept (a partial last line is cut off) and only the remaining points run, so
 * an interrupted and resumed sweep leaves the same bytes as an uninterrupted one.
 */
public final class Sweep {
    /** The column naming a row's point (its 0-based index in the expansion). */
    public static final String POINT = "point";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Experiment experiment;
    private final Path out;
    private final PrintWriter err;

    public Sweep(Experiment experiment, Path out, PrintWriter err) {
        this.experiment = experiment;
        this.out = out;
        this.err = err;
    }

    /**
     * The resolved experiment as {@code config.json} text. Deterministic: no dates, and not the
     * experiment file's path (in {@code cmdline.txt}), so a resume may name the file differently.
     */
    public static String configJson(Experiment e) {
        ObjectNode root = JsonResults.nodes().objectNode();
        root.put("name", e.name());
        root.put("description", e.description());
        root.put("preempt_chunk", e.preemptChunk());
        ArrayNode groups = root.putArray("groups");
        ObjectNode defaults = root.putObject("workload_defaults");
        for (Axes g : e.groups()) {
            ObjectNode o = groups.addObject();
            g.workloads().forEach(o.putArray("workloads")::add);
            g.models().forEach(o.putArray("models")::add);
            g.machines().forEach(o.putArray("machines")::add);
            g.preempt().forEach(p -> o.withArray("preempt").add(p.cliName()));
            ObjectNode params = o.putObject("params");
            g.params().forEach((k, vs) -> vs.forEach(params.withArray(k)::add));
            g.seeds().forEach(o.putArray("seeds")::add);
            for (String w : g.workloads()) {
                ObjectNode d = defaults.putObject(w);
                new TreeMap<>(Workloads.load(w, Map.of()).parameters()).forEach(d::put);
            }
        }
        ArrayNode points = root.putArray("points");
        for (Point p : e.points()) {
            ObjectNode o = points.addObject();
            o.put("point", p.index());
            o.put("workload", p.workload());
            o.put("model", p.model());
            o.put("machine", p.machine());
            o.put("preempt", p.preempt().cliName());
            ObjectNode params = o.putObject("params");
            p.params().forEach(params::put);
            o.put("seed", p.seed());
        }
        return JsonResults.pretty(root, 3);
    }

    /** The header line of {@code results.csv}. */
    static List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add(POINT);
        c.addAll(Metric.header());
        return c;
    }

    /**
     * Runs the points not yet in the folder, at most {@code limit} of them (a test hook: {@code -1} for all).
     *
     * @param cmdline the command line, recorded in {@code cmdline.txt}
     * @return the points that failed (their rows are not written; a later resume retries them)
     */
    public List<RunFailedException> run(String cmdline, int limit) {
        String config = configJson(experiment);
        Path configFile = out.resolve("config.json");
        Path csv = out.resolve("results.csv");
        Path jsonl = out.resolve("results.jsonl");
        int done;
        try {
            if (Files.isRegularFile(configFile)) {
                if (!Files.readString(configFile, StandardCharsets.UTF_8).equals(config)) {
                    throw new UserError("run folder " + out + " holds another experiment (its config.json differs); "
                            + "give a new --out, or leave --out out for a new results/" + experiment.name() + "-<timestamp>/");
                }
                done = resume(csv, jsonl);
                Files.writeString(out.resolve("cmdline.txt"), cmdline + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                        StandardOpenOption.CREATE);
                err.println("resuming " + out + ": " + done + " of " + experiment.points().size() + " points already done");
            } else {
                if (Files.exists(out) && (!Files.isDirectory(out) || hasFiles(out))) {
                    throw new UserError("cannot write run folder " + out + ": it exists and is not a run of this experiment "
                            + "(no config.json); a run folder is never overwritten");
                }
                Files.createDirectories(out);
                // first, and whole or not at all: its presence marks a folder this experiment may resume
                Path tmp = out.resolve("config.json.tmp");
                Files.writeString(tmp, config, StandardCharsets.UTF_8);
                Files.move(tmp, configFile, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(out.resolve("cmdline.txt"), cmdline + "\n", StandardCharsets.UTF_8);
                Files.writeString(csv, header() + "\n", StandardCharsets.UTF_8);
                Files.writeString(jsonl, "", StandardCharsets.UTF_8);
                done = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<RunFailedException> failed = new ArrayList<>();
        Runner runner = new Runner(w -> err.println("warning: " + w));
        int total = experiment.points().size();
        int ran = 0;
        for (Point p : experiment.points().subList(done, total)) {
            if (limit >= 0 && ran >= limit) {
                break;
            }
            ran++;
            RunSpec spec = new RunSpec(p.machine(), p.model(), p.workload(), p.params(), p.seed(), p.preempt(), experiment.preemptChunk());
            try {
                RunResult r = runner.run(spec);
                PointStats.write(out, p.index(), p.id(), r); // before its row: a row present means its stats are complete
                append(csv, jsonl, p, r.row());
                err.println("[" + (p.index() + 1) + "/" + total + "] " + p.id());
            } catch (RunFailedException e) {
                failed.add(e);
                err.println("[" + (p.index() + 1) + "/" + total + "] " + p.id() + " FAILED");
                // later points would shift; stop here so a resume retries from this point
                break;
            }
            err.flush();
        }
        err.flush();
        return failed;
    }

    private static String header() {
        return CsvResults.toCsv(new ResultTable(columns(), List.of())).strip();
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> !f.getFileName().toString().equals("config.json.tmp")); // left by a kill mid-start
        }
    }

    /** Keeps the complete rows present in both files (cutting a partial last line) and returns their number. */
    private int resume(Path csv, Path jsonl) throws IOException {
        List<String> csvLines = completeLines(csv);
        List<String> jsonLines = completeLines(jsonl);
        String header = header();
        if (csvLines.isEmpty()) {
            csvLines = List.of(header); // killed before the header was written
        }
        if (!csvLines.get(0).equals(header)) {
            throw new UserError("cannot resume " + out + ": " + csv + " has no stacklab header; remove the folder or give a new --out");
        }
        int done = Math.min(csvLines.size() - 1, jsonLines.size());
        done = Math.min(done, experiment.points().size());
        for (int i = 0; i < done; i++) {
            if (!csvLines.get(i + 1).startsWith(i + ",")) {
                done = i;
                break;
            }
        }
        StringBuilder c = new StringBuilder();
        for (String l : csvLines.subList(0, done + 1)) {
            c.append(l).append('\n');
        }
        StringBuilder j = new StringBuilder();
        for (String l : jsonLines.subList(0, done)) {
            j.append(l).append('\n');
        }
        Files.writeString(csv, c, StandardCharsets.UTF_8);
        Files.writeString(jsonl, j, StandardCharsets.UTF_8);
        return done;
    }

    /** The lines of {@code file} that end in a newline (a partial last line, from a kill mid-write, is dropped). */
    private static List<String> completeLines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return List.of(text.substring(0, end).split("\n", -1));
    }

    private static void append(Path csv, Path jsonl, Point p, ResultRow row) throws UncheckedIOException {
        List<String> values = new ArrayList<>();
        values.add(Integer.toString(p.index()));
        values.addAll(row.texts());
        ResultTable t = new ResultTable(columns(), List.of(values));
        String text = CsvResults.toCsv(t);
        String line = text.substring(text.indexOf('\n') + 1);
        try {
            String json = JSON.writeValueAsString(JsonResults.toTree(t).get(0)) + "\n";
            Files.writeString(jsonl, json, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
