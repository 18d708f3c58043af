package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment;
import org.stacklab.harness.experiment.ExperimentLoader;
import org.stacklab.harness.experiment.Experiments;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.JsonResults;
import org.stacklab.reports.ResultTable;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * What stacklab knows by name, for {@code list} (and the {@code models}, {@code machines},
 * {@code workloads} commands): the models of the registry, the shipped machine profiles and workloads,
 * and the experiment files ({@link Experiments}).
 *
 * <p>Invariant: the order is fixed (models in registry order, the others by name); an entry that cannot
 * be loaded is still listed, with the reason, and marks the listing as failed (exit 2).
 */
final class Catalog {
    /** The sections, in listing order. */
    enum Kind { models, machines, workloads, experiments }

    /** Output formats of a listing. */
    enum Format { text, csv, json }

    /**
     * One line of a listing.
     *
     * @param kind        its section
     * @param name        the name to give on the command line (for an experiment: its {@code name:})
     * @param description one line
     * @param details     extra facts (parameters, stack size, points and file), or ""
     * @param ok          false if it could not be loaded (then {@code description} says why)
     */
    record Entry(Kind kind, String name, String description, String details, boolean ok) {}

    private Catalog() {}

    static List<Entry> entries(Kind kind) {
        return switch (kind) {
            case models -> models();
            case machines -> machines();
            case workloads -> workloads();
            case experiments -> experiments();
        };
    }

    static List<Entry> models() {
        List<Entry> e = new ArrayList<>();
        for (KernelModelProvider p : Models.all()) {
            e.add(new Entry(Kind.models, p.name(), p.description(), "", true));
        }
        return e;
    }

    static List<Entry> machines() {
        List<Entry> e = new ArrayList<>();
        for (String name : MachineProfiles.names()) {
            try {
                MachineProfile p = MachineProfiles.load(name);
                e.add(new Entry(Kind.machines, name, p.description(), p.kernelStackBytes() + "-byte kernel stacks", true));
            } catch (ConfigException x) {
                e.add(failed(Kind.machines, name, x));
            }
        }
        return e;
    }

    static List<Entry> workloads() {
        List<Entry> e = new ArrayList<>();
        for (String name : Workloads.names()) {
            try {
                Workload wl = Workloads.load(name, Map.of());
                StringBuilder params = new StringBuilder();
                new TreeMap<>(wl.parameters()).forEach((k, v) -> params.append(params.isEmpty() ? "" : ", ").append(k).append('=').append(v));
                e.add(new Entry(Kind.workloads, name, wl.description(), params.toString(), true));
            } catch (ConfigException x) {
                e.add(failed(Kind.workloads, name, x));
            }
        }
        return e;
    }

    /**
     * The experiment files in {@link Experiments#folders()}, then the shipped ones not found there
     * (read from the jar); the details give the number of points and the file.
     */
    static List<Entry> experiments() {
        List<Entry> e = new ArrayList<>();
        Set<String> fileNames = new HashSet<>();
        for (Path folder : Experiments.folders()) {
            for (Path file : Experiments.files(folder)) {
                String fileName = file.getFileName().toString();
                fileNames.add(fileName);
                String stem = fileName.replaceFirst("\\.ya?ml$", "");
                try {
                    e.add(experiment(ExperimentLoader.load(file), file.toString()));
                } catch (ConfigException | UserError x) {
                    e.add(new Entry(Kind.experiments, stem, "(cannot load: " + x.getMessage() + ")", file.toString(), false));
                }
            }
        }
        for (String name : Experiments.names()) {
            if (!fileNames.contains(name + ".yaml")) {
                e.add(experiment(Experiments.loadShipped(name), "built into the jar as " + Experiments.label(name)));
            }
        }
        return e;
    }

    private static Entry experiment(Experiment x, String where) {
        int n = x.points().size();
        String description = x.description().isBlank() ? "(no description)" : Experiments.firstSentence(x.description());
        return new Entry(Kind.experiments, x.name(), description, n + (n == 1 ? " point; " : " points; ") + where, true);
    }

    private static Entry failed(Kind kind, String name, ConfigException x) {
        return new Entry(kind, name, "(cannot load: " + x.getMessage() + ")", "", false);
    }

    /**
     * Prints {@code entries} in {@code format}. Text: one line per entry, {@code name  description [details]},
     * names padded to one column per section; with {@code headings}, each section starts with a line
     * {@code KIND:} and its entries are indented by two blanks. CSV and JSON: columns
     * {@code kind,name,description,details}.
     */
    static void print(List<Entry> entries, Format format, boolean headings, PrintWriter out) {
        switch (format) {
            case text -> {
                Kind current = null;
                for (int i = 0; i < entries.size(); i++) {
                    Entry en = entries.get(i);
                    if (headings && en.kind() != current) {
                        if (current != null) {
                            out.println();
                        }
                        current = en.kind();
                        out.println(current.name() + ":");
                    }
                    Kind k = en.kind();
                    int w = entries.stream().filter(x -> x.kind() == k).mapToInt(x -> x.name().length()).max().orElse(0);
                    String text = en.description() + (en.details().isEmpty() ? "" : " [" + en.details() + "]");
                    out.println((headings ? "  " : "") + Listing.line(w, en.name(), text));
                }
            }
            case csv -> out.print(CsvResults.toCsv(table(entries)));
            case json -> out.print(JsonResults.toJson(table(entries)));
        }
        out.flush();
    }

    private static ResultTable table(List<Entry> entries) {
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(List.of(e.kind().name(), e.name(), e.description(), e.details()));
        }
        return new ResultTable(List.of("kind", "name", "description", "details"), rows);
    }

    /** Exit status of a listing: 0, or {@link Main#USER_ERROR} if an entry could not be loaded. */
    static int status(List<Entry> entries) {
        return entries.stream().allMatch(Entry::ok) ? 0 : Main.USER_ERROR;
    }
}
