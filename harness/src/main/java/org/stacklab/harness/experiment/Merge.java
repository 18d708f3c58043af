package org.stacklab.harness.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.UserError;
import org.stacklab.reports.JsonResults;

/**
 * Joins the run folders of a sharded sweep ({@code stacklab sweep --shard i/n}) into one run folder, as
 * if the sweep had run unsharded: the same {@code config.json}, {@code results.csv} and
 * {@code results.jsonl} with every point's row in point order (byte-identical to an unsharded sweep's),
 * every shard's {@code points/<index>/} folder, a {@code cmdline.txt} with the shards' command lines
 * and the merge's, and an {@code env.json} recording every shard's environment.
 *
 * <p>Invariant: nothing is written unless the shards are of one experiment (equal {@code config.json}
 * and result headers) and hold every point exactly once; otherwise a {@link UserError} names the
 * folders and the missing or duplicated points. {@code OUT} is never overwritten.
 */
public final class Merge {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LISTED = 10;

    private final Path out;
    private final List<Path> shards;
    private final PrintWriter err;

    /** One row of a shard: its point, its lines in both result files, and the folder it came from. */
    private record Row(int point, String csv, String jsonl, Path from) {}

    public Merge(Path out, List<Path> shards, PrintWriter err) {
        this.out = out;
        this.shards = List.copyOf(shards);
        this.err = err;
    }

    /**
     * Checks the shards, then writes {@code OUT}.
     *
     * @param cmdline the merge's command line, the last line of {@code cmdline.txt}
     * @return the number of points merged
     * @throws UserError if the shards do not make one complete sweep, or {@code OUT} exists and is not empty
     */
    public int run(String cmdline) {
        if (shards.isEmpty()) {
            throw new UserError("merge: no shard folders given");
        }
        try {
            if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
                throw new UserError("merge: cannot write " + out + ": it exists and is not empty (a run folder is never overwritten)");
            }
            List<Path> seen = new ArrayList<>();
            for (Path s : shards) {
                Path real = Files.exists(s) ? s.toRealPath() : s.toAbsolutePath().normalize();
                if (seen.contains(real)) {
                    throw new UserError("merge: " + s + " is given twice; give each shard folder once");
                }
                seen.add(real);
            }
            Path first = shards.get(0);
            String config = readConfig(first);
            String header = null;
            Map<Integer, List<Row>> byPoint = new TreeMap<>();
            for (Path s : shards) {
                if (!config.equals(readConfig(s))) {
                    throw new UserError("merge: " + s.resolve("config.json") + " differs from " + first.resolve("config.json")
                            + ": the folders are not shards of one experiment (shard the same experiment file with the same stacklab)");
                }
                Path csv = s.resolve("results.csv");
                Path jsonl = s.resolve("results.jsonl");
                List<String> c = Sweep.completeLines(csv);
                List<String> j = Sweep.completeLines(jsonl);
                if (c.isEmpty()) {
                    throw new UserError("merge: " + csv + ": no such file or no header; is " + s + " a run folder of 'stacklab sweep'?");
                }
                if (header == null) {
                    header = c.get(0);
                } else if (!header.equals(c.get(0))) {
                    throw new UserError("merge: " + csv + ":1: the header differs from " + shards.get(0).resolve("results.csv")
                            + "'s (made by another stacklab version?)");
                }
                int rows = Math.min(c.size() - 1, j.size());
                for (int k = 0; k < rows; k++) {
                    String line = c.get(k + 1);
                    int comma = line.indexOf(',');
                    int point;
                    try {
                        point = Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
                    } catch (NumberFormatException e) {
                        throw new UserError("merge: " + csv + ":" + (k + 2) + ": field 'point': '" + (comma < 0 ? line : line.substring(0, comma))
                                + "' is not a point index");
                    }
                    if (!j.get(k).startsWith("{\"" + Sweep.POINT + "\":" + point + ",")) {
                        throw new UserError("merge: " + jsonl + ":" + (k + 1) + ": field 'point': not point " + point + " as in " + csv + ":" + (k + 2)
                                + " (the two result files disagree; resume that folder with 'stacklab sweep')");
                    }
                    byPoint.computeIfAbsent(point, x -> new ArrayList<>()).add(new Row(point, line, j.get(k), s));
                }
            }
            JsonNode points = JSON.readTree(config).path("points");
            check(points, byPoint);
            write(config, header, byPoint, cmdline);
            return byPoint.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every point of the experiment exactly once, and no other. */
    private void check(JsonNode points, Map<Integer, List<Row>> byPoint) throws IOException {
        int total = points.size();
        List<String> problems = new ArrayList<>();
        int listed = 0;
        int more = 0;
        for (Map.Entry<Integer, List<Row>> e : byPoint.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= total) {
                problems.add("point " + e.getKey() + " is not a point of the experiment (0 to " + (total - 1) + ") but is in "
                        + folders(e.getValue()));
            } else if (e.getValue().size() > 1) {
                if (listed++ < LISTED) {
                    problems.add("point " + e.getKey() + " (" + id(points.get(e.getKey())) + ") is duplicated: in " + folders(e.getValue()));
                } else {
                    more++;
                }
            }
        }
        Map<Integer, Path> claimed = claimedByShard();
        int count = shardCount();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (!byPoint.containsKey(i)) {
                missing.add(i);
            }
        }
        // one problem per reason (the shard folder that should hold the points, or the shard no folder is)
        Map<String, List<Integer>> byReason = new LinkedHashMap<>();
        for (int i : missing) {
            Path owner = claimed.get(i);
            String why = "";
            if (owner != null) {
                why = ": shard folder " + owner + " should hold {them} (resume it with the same 'stacklab sweep' command)";
            } else if (count > 1) {
                why = ": {they belong} to shard " + (i % count + 1) + "/" + count + ", and no folder given is that shard";
            }
            byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byReason.entrySet()) {
            List<Integer> ps = e.getValue();
            boolean one = ps.size() == 1;
            String which = one ? "point " + ps.get(0) + " (" + id(points.get(ps.get(0))) + ") is missing"
                    : ps.size() + " points are missing (" + indices(ps) + "; the first is " + id(points.get(ps.get(0))) + ")";
            problems.add(which + e.getKey().replace("{them}", one ? "it" : "them").replace("{they belong}", one ? "it belongs" : "they belong"));
        }
        if (!problems.isEmpty()) {
            throw new UserError("merge: the folders do not hold every point of the experiment exactly once (" + byPoint.size() + " distinct of "
                    + total + " points): " + String.join("; ", problems) + (more > 0 ? "; and " + more + " more" : ""));
        }
    }

    /** Point index to the shard folder whose {@code shard.json} lists it. */
    private Map<Integer, Path> claimedByShard() throws IOException {
        Map<Integer, Path> claimed = new LinkedHashMap<>();
        for (Path s : shards) {
            Path f = s.resolve(Sweep.SHARD_JSON);
            if (Files.isRegularFile(f)) {
                try {
                    for (JsonNode p : JSON.readTree(Files.readString(f, StandardCharsets.UTF_8)).path("points")) {
                        claimed.putIfAbsent(p.asInt(), s);
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // a broken shard.json only loses the hint
                }
            }
        }
        return claimed;
    }

    /** The shard count n every given folder's {@code shard.json} names, or 0 if they do not agree (or one has none). */
    private int shardCount() throws IOException {
        int count = 0;
        for (Path s : shards) {
            Path f = s.resolve(Sweep.SHARD_JSON);
            if (!Files.isRegularFile(f)) {
                return 0;
            }
            int n;
            try {
                n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8)).path("count").asInt(0);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return 0;
            }
            if (n < 1 || (count != 0 && n != count)) {
                return 0;
            }
            count = n;
        }
        return count;
    }

    /** Point indices, at most {@link #LISTED} of them: {@code 2, 5, 8, ... (24 in all)}. */
    private static String indices(List<Integer> ps) {
        List<String> shown = ps.stream().limit(LISTED).map(String::valueOf).toList();
        return String.join(", ", shown) + (ps.size() > LISTED ? ", ..." : "");
    }

    private static String folders(List<Row> rows) {
        return String.join(" and ", rows.stream().map(r -> r.from().toString()).toList());
    }

    private static String id(JsonNode p) {
        if (p == null || p.isMissingNode()) {
            return "?";
        }
        StringBuilder params = new StringBuilder();
        p.path("params").fields().forEachRemaining(e -> params.append(params.isEmpty() ? "" : ";").append(e.getKey()).append('=').append(e.getValue().asText()));
        return p.path("workload").asText() + "/" + p.path("model").asText() + "/" + p.path("machine").asText() + "/" + p.path("preempt").asText()
                + "/" + params + "/" + p.path("seed").asText();
    }

    private void write(String config, String header, Map<Integer, List<Row>> byPoint, String cmdline) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder(header).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (List<Row> rows : byPoint.values()) {
            csv.append(rows.get(0).csv()).append('\n');
            jsonl.append(rows.get(0).jsonl()).append('\n');
        }
        StringBuilder cmd = new StringBuilder();
        ObjectNode env = JsonResults.nodes().objectNode();
        env.set("merged_by", JSON.readTree(RunEnvironment.current(RunEnvironment.sourceDir(), 1).json()));
        ObjectNode from = env.putObject("shards");
        for (Path s : shards) {
            Path c = s.resolve("cmdline.txt");
            if (Files.isRegularFile(c)) {
                for (String l : Files.readAllLines(c, StandardCharsets.UTF_8)) {
                    cmd.append(l).append('\n');
                }
            }
            Path e = s.resolve(Sweep.ENV_JSON);
            JsonNode shardEnv;
            try {
                shardEnv = Files.isRegularFile(e) ? JSON.readTree(Files.readString(e, StandardCharsets.UTF_8)) : JsonResults.nodes().textNode(RunEnvironment.UNKNOWN);
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                shardEnv = JsonResults.nodes().textNode(RunEnvironment.UNKNOWN);
            }
            from.set(s.toString(), shardEnv);
        }
        cmd.append(cmdline).append('\n');
        Files.writeString(out.resolve("cmdline.txt"), cmd, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(Sweep.ENV_JSON), JsonResults.pretty(env), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.jsonl"), jsonl, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        int copied = 0;
        for (List<Row> rows : byPoint.values()) {
            Row r = rows.get(0);
            Path src = pointFolder(r.from(), r.point());
            if (src != null) {
                copyTree(src, out.resolve("points").resolve(src.getFileName().toString()));
                copied++;
            }
        }
        // last, as in a sweep: a folder with config.json is a complete run folder
        Path tmp = out.resolve("config.json.tmp");
        Files.writeString(tmp, config, StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE);
        err.println("merged " + shards.size() + " folder(s): " + byPoint.size() + " points" + (copied > 0 ? ", " + copied + " points/ folders" : ""));
        err.flush();
    }

    /** The folder {@code points/<index>} of {@code shard} (any zero padding of the index), or null. */
    private static Path pointFolder(Path shard, int point) throws IOException {
        Path dir = shard.resolve("points");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> {
                String n = p.getFileName().toString();
                return n.matches("\\d+") && Integer.parseInt(n.replaceFirst("^0+(?=\\d)", "")) == point;
            }).findFirst().orElse(null);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String readConfig(Path shard) throws IOException {
        Path f = shard.resolve("config.json");
        if (!Files.isDirectory(shard)) {
            throw new UserError("merge: " + shard + ": no such folder");
        }
        if (!Files.isRegularFile(f)) {
            throw new UserError("merge: " + f + ": no such file; " + shard + " is not a run folder of 'stacklab sweep'");
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        boolean sweep;
        try {
            sweep = JSON.readTree(text).path("points").isArray();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("merge: " + f + ": not valid JSON; " + shard + " is not a run folder of 'stacklab sweep'");
        }
        if (!sweep) {
            throw new UserError("merge: " + f + ": field 'points': missing (a 'run --out' folder?); " + shard
                    + " is not a run folder of 'stacklab sweep'");
        }
        return text;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
