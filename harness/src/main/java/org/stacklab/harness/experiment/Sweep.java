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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 * Runs an experiment's points (or one shard of them) on a pool of worker threads into a run folder:
 * {@code config.json} (the resolved experiment), {@code cmdline.txt}, {@code env.json} (where it ran),
 * {@code shard.json} (a shard's slice), and {@code results.csv} / {@code results.jsonl} appended and
 * synced point by point in point order (column {@code point} first, then every {@link Metric} column).
 *
 * <p>Invariants: a folder holding a different experiment's {@code config.json}, or other files, is
 * never written to; a folder with the same {@code config.json} (and shard) is resumed: complete rows
 * present in both result files are kept (a partial last line is cut off) and only the remaining points
 * run, so an interrupted and resumed sweep leaves the same bytes as an uninterrupted one, for any
 * number of workers. Points share no mutable state: each run loads its own profile and workload and
 * builds its own machine, model and kernel.
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
            if (!g.logScales().isEmpty()) {
                // the declaration as the file gave it: the report draws these parameters on log axes
                ObjectNode scales = o.putObject("scales");
                g.logScales().forEach((k, l) -> {
                    ObjectNode d = scales.putObject(k);
                    d.putArray("log").add(l.from()).add(l.to());
                    d.put("points", l.points());
                });
            }
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
     * How to run a sweep.
     *
     * @param workers  points run concurrently (at least 1); the result files do not depend on it
     * @param shard    the slice of the points to run ({@link Shard#ALL} for every point)
     * @param limit    a test hook: run at most this many points, then stop as if killed ({@code -1}: all)
     * @param progress shows the progress (on stderr)
     */
    public record Options(int workers, Shard shard, int limit, Progress progress) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers " + workers);
            }
        }
    }

    /**
     * Runs the points not yet in the folder one after the other, at most {@code limit} of them (a test
     * hook: {@code -1} for all), with one plain progress line per point.
     */
    public List<RunFailedException> run(String cmdline, int limit) {
        return run(cmdline, new Options(1, Shard.ALL, limit, Progress.lines(err)));
    }

    /**
     * Runs the points of the options' shard that are not yet in the folder, on {@code workers} threads.
     *
     * <p>Rows are written strictly in point order: a point that finishes early waits in memory until
     * every earlier point is written, so the result files are the same bytes for any number of
     * workers, and a kill loses at most the finished-but-unwritten points, which a resume runs again.
     * A failing point stops new points from starting; the running ones finish, the rows before the
     * failed point are written, and the failures are returned.
     *
     * @param cmdline the command line, recorded in {@code cmdline.txt}
     * @return the points that failed (their rows are not written; a later resume retries them)
     */
    public List<RunFailedException> run(String cmdline, Options options) {
        String config = configJson(experiment);
        Path configFile = out.resolve("config.json");
        Path csv = out.resolve("results.csv");
        Path jsonl = out.resolve("results.jsonl");
        Shard shard = options.shard();
        List<Point> mine = shard.of(experiment.points());
        String shardJson = shard.all() ? null : shardJson(shard, mine);
        int done;
        try {
            if (Files.isRegularFile(configFile)) {
                if (!Files.readString(configFile, StandardCharsets.UTF_8).equals(config)) {
                    throw new UserError("run folder " + out + " holds another experiment (its config.json differs); "
                            + "give a new --out, or leave --out out for a new results/" + experiment.name() + "-<timestamp>/");
                }
                checkShard(shard, shardJson);
                done = resume(csv, jsonl, mine);
                Files.writeString(out.resolve("cmdline.txt"), cmdline + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                        StandardOpenOption.CREATE);
                writeEnvironment(options.workers());
                err.println("resuming " + out + ": " + done + " of " + mine.size() + " points already done"
                        + (shard.all() ? "" : " (shard " + shard + ")"));
            } else {
                if (Files.exists(out) && (!Files.isDirectory(out) || hasFiles(out))) {
                    throw new UserError("cannot write run folder " + out + ": it exists and is not a run of this experiment "
                            + "(no config.json); a run folder is never overwritten");
                }
                Files.createDirectories(out);
                if (shardJson != null) {
                    Files.writeString(out.resolve(SHARD_JSON), shardJson, StandardCharsets.UTF_8);
                }
                // first, and whole or not at all: its presence marks a folder this experiment may resume
                Path tmp = out.resolve("config.json.tmp");
                Files.writeString(tmp, config, StandardCharsets.UTF_8);
                Files.move(tmp, configFile, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(out.resolve("cmdline.txt"), cmdline + "\n", StandardCharsets.UTF_8);
                writeEnvironment(options.workers());
                Files.writeString(csv, header() + "\n", StandardCharsets.UTF_8);
                Files.writeString(jsonl, "", StandardCharsets.UTF_8);
                done = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Point> todo = mine.subList(done, mine.size());
        if (options.limit() >= 0 && todo.size() > options.limit()) {
            todo = todo.subList(0, options.limit());
        }
        Progress progress = options.progress();
        progress.start(mine.size(), done);
        try {
            return runAll(todo, options.workers(), progress, csv, jsonl);
        } finally {
            progress.close();
            err.flush();
        }
    }

    /** What became of one point on a worker: its row and warnings, or its failure. */
    private record Outcome(Point point, ResultRow row, List<String> warnings, RuntimeException failure) {}

    private List<RunFailedException> runAll(List<Point> todo, int workers, Progress progress, Path csv, Path jsonl) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, todo.size())), r -> {
            Thread t = new Thread(r, "sweep-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<Outcome>> futures = new ArrayList<>(todo.size());
        for (Point p : todo) {
            futures.add(pool.submit(() -> stop.get() ? null : runPoint(p, stop, progress)));
        }
        pool.shutdown();
        List<RunFailedException> failed = new ArrayList<>();
        RuntimeException unexpected = null;
        boolean writing = true;
        try {
            for (Future<Outcome> f : futures) {
                Outcome o = await(f);
                if (o == null) {
                    continue; // not started: an earlier point failed
                }
                o.warnings().forEach(w -> err.println("warning: " + w));
                if (o.failure() == null) {
                    if (writing) {
                        append(csv, jsonl, o.point(), o.row());
                    }
                } else {
                    // later rows would be out of order: write none of them, so a resume retries from the first failure
                    writing = false;
                    if (o.failure() instanceof RunFailedException r) {
                        failed.add(r);
                    } else if (unexpected == null) {
                        unexpected = o.failure();
                    }
                }
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            awaitTermination(pool);
        }
        if (unexpected != null) {
            throw unexpected;
        }
        return failed;
    }

    /** Runs one point on a worker thread; a failure sets {@code stop} at once, so no new point starts. */
    private Outcome runPoint(Point p, AtomicBoolean stop, Progress progress) {
        List<String> warnings = new ArrayList<>();
        Runner runner = new Runner(w -> warnings.add(w.startsWith("warning: ") ? w.substring("warning: ".length()) : w));
        RunSpec spec = new RunSpec(p.machine(), p.model(), p.workload(), p.params(), p.seed(), p.preempt(), experiment.preemptChunk());
        try {
            RunResult r = runner.run(spec);
            PointStats.write(out, p.index(), p.id(), r); // before its row: a row present means its stats are complete
            progress.finished(p, true);
            return new Outcome(p, r.row(), warnings, null);
        } catch (RuntimeException e) {
            stop.set(true);
            progress.finished(p, false);
            return new Outcome(p, null, warnings, e);
        }
    }

    private static Outcome await(Future<Outcome> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file naming a shard's slice. */
    public static final String SHARD_JSON = "shard.json";
    /** The file describing where the sweep ran. */
    public static final String ENV_JSON = "env.json";

    /** {@code shard.json}: which slice of the points this folder holds. */
    static String shardJson(Shard shard, List<Point> mine) {
        ObjectNode o = JsonResults.nodes().objectNode();
        o.put("shard", shard.toString());
        o.put("index", shard.index());
        o.put("count", shard.count());
        ArrayNode points = o.putArray("points");
        mine.forEach(p -> points.add(p.index()));
        return JsonResults.pretty(o, 1);
    }

    /** A resume must run the same slice the folder holds. */
    private void checkShard(Shard shard, String shardJson) throws IOException {
        Path file = out.resolve(SHARD_JSON);
        String there = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (there == null && shardJson == null) {
            return;
        }
        if (there == null) {
            throw new UserError("cannot resume " + out + " as shard " + shard + ": it holds the whole sweep (no " + SHARD_JSON
                    + "); resume it without --shard, or give a new --out");
        }
        if (shardJson == null || !there.equals(shardJson)) {
            String was;
            try {
                was = JSON.readTree(there).path("shard").asText("?");
            } catch (JsonProcessingException e) {
                was = "?";
            }
            throw new UserError("cannot resume " + out + (shard.all() ? " as the whole sweep" : " as shard " + shard) + ": it holds shard " + was
                    + " (" + file + "); resume it with --shard " + was + ", or give a new --out");
        }
    }

    /** Writes {@code env.json} if the folder has none; a resume keeps the first and warns when the environment changed. */
    private void writeEnvironment(int workers) throws IOException {
        Path file = out.resolve(ENV_JSON);
        RunEnvironment now = RunEnvironment.current(RunEnvironment.sourceDir(), workers);
        if (!Files.isRegularFile(file)) {
            Path tmp = out.resolve(ENV_JSON + ".tmp");
            Files.writeString(tmp, now.json(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            var first = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            var current = JSON.readTree(now.json());
            List<String> changed = new ArrayList<>();
            for (String k : List.of("stacklab_version", "git_commit", "git_dirty", "jdk_version", "os")) {
                if (!first.path(k).asText().equals(current.path(k).asText())) {
                    changed.add(k + " " + first.path(k).asText() + " -> " + current.path(k).asText());
                }
            }
            if (!changed.isEmpty()) {
                err.println("warning: resuming in another environment than " + file + " records (kept as it was): " + String.join(", ", changed));
            }
        } catch (JsonProcessingException e) {
            err.println("warning: " + file + " is not JSON; kept as it is");
        }
    }

    private static String header() {
        return CsvResults.toCsv(new ResultTable(columns(), List.of())).strip();
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            // left by a kill before config.json was in place
            return s.anyMatch(f -> !List.of("config.json.tmp", SHARD_JSON).contains(f.getFileName().toString()));
        }
    }

    /** Keeps the complete rows present in both files (cutting a partial last line) and returns their number. */
    private int resume(Path csv, Path jsonl, List<Point> mine) throws IOException {
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
        done = Math.min(done, mine.size());
        for (int i = 0; i < done; i++) {
            String point = mine.get(i).index() + ",";
            if (!csvLines.get(i + 1).startsWith(point) || !jsonLines.get(i).startsWith("{\"" + POINT + "\":" + point)) {
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
    static List<String> completeLines(Path file) throws IOException {
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
