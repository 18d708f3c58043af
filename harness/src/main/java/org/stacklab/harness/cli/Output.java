package org.stacklab.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.harness.UserError;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.run.RunResult;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.JsonResults;
import org.stacklab.reports.ResultTable;
import org.stacklab.reports.SideBySideTable;

/** Rendering and writing results, shared by the commands. */
final class Output {
    /** Output formats of {@code run}. */
    enum Format { table, csv, json }

    private Output() {}

    static ResultTable table(List<RunResult> results) {
        return ResultRow.table(results.stream().map(RunResult::row).toList());
    }

    /** The side-by-side table: one block per workload and machine, models as columns, every measured column as a line. */
    static String sideBySide(ResultTable table) {
        List<String> metrics = new ArrayList<>();
        for (String c : table.columns()) {
            Metric m = Metric.byColumn(c);
            if (m == null || !m.isKey() && m != Metric.PARAMS) {
                metrics.add(c);
            }
        }
        Map<String, String> captions = new LinkedHashMap<>();
        for (String w : table.distinct(Metric.WORKLOAD.column())) {
            String p = params(table, w);
            if (!p.isEmpty()) {
                captions.put(w, "(" + p + ")");
            }
        }
        return SideBySideTable.render(table, Metric.MODEL.column(), List.of(Metric.WORKLOAD.column(), Metric.MACHINE.column()),
                metrics, Metric.units(), captions);
    }

    /** The parameters of {@code workload}'s rows as {@code k=v, k=v}, or "" if none or if its rows differ. */
    static String params(ResultTable table, String workload) {
        if (!table.has(Metric.PARAMS.column())) {
            return "";
        }
        List<String> ps = table.where(Metric.WORKLOAD.column(), workload).distinct(Metric.PARAMS.column());
        return ps.size() == 1 ? ps.get(0).replace(";", ", ") : "";
    }

    static String render(List<RunResult> results, Format format) {
        ResultTable t = table(results);
        return switch (format) {
            case table -> sideBySide(t);
            case csv -> CsvResults.toCsv(t);
            case json -> JsonResults.toJson(t);
        };
    }

    /**
     * The configuration of every run, in run order, as one JSON document; each thread and each
     * program's code is one line (depth 6: document, runs, run, workload, threads, thread).
     */
    static String configJson(List<RunResult> results) {
        ObjectNode root = JsonResults.nodes().objectNode();
        ArrayNode runs = root.putArray("runs");
        for (RunResult r : results) {
            runs.add(r.config());
        }
        return JsonResults.pretty(root, 5);
    }

    /** Writes {@code text} to {@code file}, creating directories; failures are user errors naming the file. */
    static void write(Path file, String text) {
        io(file, () -> {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        });
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** Runs {@code action}, turning an I/O failure into one clear line about {@code file}. */
    static void io(Path file, IoAction action) {
        try {
            action.run();
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write " + file + ": permission denied (" + e.getFile() + ")");
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new UserError("cannot write " + file + ": " + e.getFile() + " is a file, not a directory");
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write " + file + ": no such directory (" + e.getFile() + ")");
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }
}
