package org.stacklab.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Sweep;

/**
 * Whether a sweep's run folder holds every point it should: {@code report} on a sweep that was stopped
 * (or is still running) reports the rows there are, and says so on stderr, never silently.
 */
final class Completeness {
    private Completeness() {}

    /**
     * Refuses (exit 2) a folder without {@code results.csv} that holds run folders (a demo's {@code --out},
     * the parent of shard folders), naming them: {@code report} takes one run folder.
     */
    static void refuseFolderOfRunFolders(Path dir) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("results.csv"))) {
            return;
        }
        try (var s = Files.list(dir)) {
            List<Path> runs = s.filter(d -> Files.isRegularFile(d.resolve("results.csv"))).sorted().toList();
            if (!runs.isEmpty()) {
                throw new UserError(dir.resolve("results.csv") + ": no such file, but " + dir + " holds run folders ("
                        + String.join(", ", runs.stream().limit(4).map(Path::toString).toList()) + (runs.size() > 4 ? ", ..." : "")
                        + "): report one of them, e.g. 'stacklab report " + runs.get(0) + "'");
            }
        } catch (IOException e) {
            // left to the report's own checks
        }
    }

    /**
     * Refuses (exit 2) a {@code results.csv} whose last row has no end of line: a row being written, or
     * cut by a kill, which the report would otherwise call a row with the wrong number of values.
     */
    static void refuseCutRow(Path runDir) {
        Path csv = runDir.resolve("results.csv");
        try {
            if (!Files.isRegularFile(csv) || Files.size(csv) == 0) {
                return;
            }
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                return;
            }
            long line = text.chars().filter(c -> c == '\n').count() + 1;
            throw new UserError(csv + ":" + line + ": the last row is cut (no end of line): the sweep is still writing it or was stopped "
                    + "while writing it; run the same 'stacklab sweep FILE --out " + runDir + "' again to finish (a resume drops the cut row)");
        } catch (IOException e) {
            // left to the report's own checks
        }
    }

    /**
     * A note when {@code runDir} is a sweep's run folder whose {@code results.csv} holds fewer rows than
     * its {@code config.json} has points (those of its {@code shard.json} for a shard), else empty.
     * A folder it cannot read is left to the report's own checks.
     */
    static Optional<String> note(Path runDir) {
        try {
            Path config = runDir.resolve("config.json");
            Path csv = runDir.resolve("results.csv");
            if (!Files.isRegularFile(config) || !Files.isRegularFile(csv)) {
                return Optional.empty();
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode points = json.readTree(Files.readString(config, StandardCharsets.UTF_8)).path("points");
            if (!points.isArray()) {
                return Optional.empty(); // not a sweep's folder ('run --out')
            }
            int expected = points.size();
            String of = "the " + expected + " points of " + config;
            Path shard = runDir.resolve(Sweep.SHARD_JSON);
            String resume = "run the same 'stacklab sweep FILE --out " + runDir + "' again to finish it";
            if (Files.isRegularFile(shard)) {
                JsonNode s = json.readTree(Files.readString(shard, StandardCharsets.UTF_8));
                expected = s.path("points").size();
                of = "the " + expected + " points of shard " + s.path("shard").asText() + " (" + shard + ")";
                resume = "run the same 'stacklab sweep FILE --shard " + s.path("shard").asText() + " --out " + runDir + "' again to finish it";
            }
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            int rows = Math.max(0, (int) text.chars().filter(c -> c == '\n').count() - 1); // complete lines but the header
            if (rows >= expected) {
                return Optional.empty();
            }
            return Optional.of("note: " + csv + " holds " + rows + " of " + of + ": the sweep was stopped or is still running; "
                    + "this report shows the " + rows + " finished; " + resume);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
