package org.stacklab.harness.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment.Axes;
import org.stacklab.harness.experiment.Experiment.LogScale;
import org.stacklab.harness.experiment.Experiment.Point;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.config.Suggestions;
import org.stacklab.machine.config.YamlNode;
import org.stacklab.machine.config.YamlNode.Entry;
import org.stacklab.machine.config.YamlNode.Kind;
import org.stacklab.machine.config.YamlNode.Mapping;
import org.stacklab.machine.config.YamlNode.Scalar;
import org.stacklab.machine.config.YamlNode.Sequence;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * Loads and validates an experiment file ({@code config/experiments/*.yaml}; schema in the README,
 * "Experiments and sweeps").
 *
 * <p>Invariant: everything is checked before anything runs; the first problem is one
 * {@link ConfigException} {@code FILE:LINE: field 'F': problem}. Expansion order: group, workload,
 * machine, preempt, model, parameters (the first parameter varies slowest), seed.
 */
public final class ExperimentLoader {
    private static final List<String> TOP_KEYS = List.of("name", "description", "workload", "workloads", "models", "machines",
            "preempt", "params", "seeds", "preempt_chunk", "points");
    private static final List<String> POINT_KEYS = List.of("workload", "workloads", "models", "machines", "preempt", "params", "seeds");
    private static final String DEFAULT_MACHINE = "ppro200";

    private final String file;
    private final Map<String, Workload> defaults = new LinkedHashMap<>();
    private final Set<String> machinesChecked = new LinkedHashSet<>();

    private ExperimentLoader(String file) {
        this.file = file;
    }

    /** Reads and validates {@code path}. */
    public static Experiment load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path.toString(), 0, null, "no such experiment file");
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    /** Parses and validates an experiment given as text; {@code file} labels the messages. */
    public static Experiment parse(String file, String text) {
        return new ExperimentLoader(file).experiment(YamlNode.parse(file, text));
    }

    private Experiment experiment(YamlNode root) {
        if (!(root instanceof Mapping m)) {
            throw error(root.line(), null, "an experiment file is a mapping (name:, workload:, models:, ...), not " + root.describe());
        }
        checkKeys(m, TOP_KEYS, "");
        String name = string(required(m, "name", ""), "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw error(m.get("name").value().line(), "name", "'" + name + "' is not a plain name (letters, digits, '.', '_', '-')");
        }
        String description = m.get("description") == null ? "" : string(m.get("description").value(), "description");
        int chunk = KernelOptions.DEFAULT_PREEMPT_CHUNK_BYTES;
        if (m.get("preempt_chunk") != null) {
            long c = integer(m.get("preempt_chunk").value(), "preempt_chunk");
            if (c <= 0 || c > Integer.MAX_VALUE) {
                throw error(m.get("preempt_chunk").value().line(), "preempt_chunk", c + " is not a positive number of bytes");
            }
            chunk = (int) c;
        }
        Axes top = axes(m, null, "");
        List<Axes> groups = new ArrayList<>();
        Entry points = m.get("points");
        if (points == null) {
            if (top.workloads().isEmpty()) {
                throw error(m.line(), "workload", "missing; name a shipped workload (" + String.join(", ", Workloads.names())
                        + ") or a workload file, or list several under 'workloads:'");
            }
            check(top, m, "");
            groups.add(top);
        } else {
            if (!(points.value() instanceof Sequence s) || s.items().isEmpty()) {
                throw error(points.value().line(), "points", "expected a non-empty list of mappings (each a group of axes), got "
                        + points.value().describe());
            }
            for (int i = 0; i < s.items().size(); i++) {
                YamlNode item = s.items().get(i);
                String prefix = "points[" + i + "].";
                if (!(item instanceof Mapping pm)) {
                    throw error(item.line(), "points[" + i + "]", "expected a mapping of axes (models:, preempt:, params:, ...), got "
                            + item.describe());
                }
                checkKeys(pm, POINT_KEYS, prefix);
                Axes g = axes(pm, top, prefix);
                if (g.workloads().isEmpty()) {
                    throw error(pm.line(), prefix + "workload", "missing (and no top-level 'workload:' to inherit)");
                }
                check(g, pm, prefix);
                groups.add(g);
            }
        }
        List<Point> expanded = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Axes g : groups) {
            expand(g, expanded);
        }
        for (Point p : expanded) {
            Integer before = seen.putIfAbsent(p.id(), p.index());
            if (before != null) {
                throw error(points == null ? m.line() : points.keyLine(), "points", "point " + p.id() + " is given twice (points "
                        + before + " and " + p.index() + "); each point runs once");
            }
        }
        return new Experiment(file, name, description, groups, chunk, expanded);
    }

    /** The axes of mapping {@code m}; a missing axis is inherited from {@code parent}, or its default at the top. */
    private Axes axes(Mapping m, Axes parent, String prefix) {
        if (m.get("workload") != null && m.get("workloads") != null) {
            throw error(m.get("workloads").keyLine(), prefix + "workloads", "give either 'workload:' or 'workloads:', not both");
        }
        List<String> workloads;
        if (m.get("workload") != null) {
            workloads = List.of(string(m.get("workload").value(), prefix + "workload"));
        } else if (m.get("workloads") != null) {
            workloads = strings(m.get("workloads").value(), prefix + "workloads");
        } else {
            workloads = parent == null ? List.of() : parent.workloads();
        }
        List<String> models;
        Entry me = m.get("models");
        if (me == null) {
            models = parent == null ? Models.names() : parent.models();
        } else if (me.value() instanceof Scalar s && s.kind() == Kind.STRING && s.text().equals(Models.ALL)) {
            models = Models.names();
        } else {
            models = strings(me.value(), prefix + "models");
            List<YamlNode> items = ((Sequence) me.value()).items();
            for (int i = 0; i < models.size(); i++) {
                String n = models.get(i);
                if (!Models.names().contains(n)) {
                    throw error(items.get(i).line(), prefix + "models", "unknown model '" + n + "'" + Suggestions.didYouMean(n, Models.names())
                            + "; valid: " + String.join(", ", Models.names()) + " (or models: all)");
                }
            }
            models = Models.select(models).stream().map(KernelModelProvider::name).toList();
        }
        List<String> machines;
        Entry ma = m.get("machines");
        if (ma == null) {
            machines = parent == null ? List.of(DEFAULT_MACHINE) : parent.machines();
        } else {
            machines = strings(ma.value(), prefix + "machines");
            List<YamlNode> items = ((Sequence) ma.value()).items();
            for (int i = 0; i < machines.size(); i++) {
                checkMachine(machines.get(i), items.get(i).line(), prefix + "machines");
            }
        }
        List<Preemptibility> preempt;
        Entry pe = m.get("preempt");
        if (pe == null) {
            preempt = parent == null ? List.of(Preemptibility.NP) : parent.preempt();
        } else {
            List<String> names = strings(pe.value(), prefix + "preempt");
            List<YamlNode> items = ((Sequence) pe.value()).items();
            preempt = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                try {
                    preempt.add(Preemptibility.parse(names.get(i)));
                } catch (IllegalArgumentException e) {
                    throw error(items.get(i).line(), prefix + "preempt", e.getMessage());
                }
            }
        }
        Map<String, List<String>> params;
        Map<String, LogScale> logScales = new LinkedHashMap<>();
        Entry pa = m.get("params");
        if (pa == null) {
            params = parent == null ? Map.of() : parent.params();
            logScales.putAll(parent == null ? Map.of() : parent.logScales());
        } else {
            params = params(pa.value(), prefix + "params", logScales);
        }
        List<Long> seeds;
        Entry se = m.get("seeds");
        if (se == null) {
            seeds = parent == null ? List.of(1L) : parent.seeds();
        } else {
            seeds = new ArrayList<>();
            for (YamlNode n : list(se.value(), prefix + "seeds")) {
                long seed = integer(n, prefix + "seeds");
                if (seeds.contains(seed)) {
                    throw error(n.line(), prefix + "seeds", seed + " is listed twice");
                }
                seeds.add(seed);
            }
        }
        return new Axes(workloads, models, machines, preempt, params, seeds, logScales);
    }

    /** Checks what depends on several axes: workloads exist, parameters are declared and accepted, models have the preemptibility. */
    private void check(Axes g, Mapping m, String prefix) {
        for (String w : g.workloads()) {
            Workload wl = workload(w, lineOf(m, "workload", "workloads"), prefix + (m.get("workloads") != null ? "workloads" : "workload"));
            Entry pa = m.get("params");
            for (Map.Entry<String, List<String>> p : g.params().entrySet()) {
                String field = prefix + "params." + p.getKey();
                int line = pa != null && pa.value() instanceof Mapping pm && pm.get(p.getKey()) != null ? pm.get(p.getKey()).keyLine()
                        : lineOf(m, "workload", "workloads");
                if (!wl.parameters().containsKey(p.getKey())) {
                    throw error(line, field, "workload '" + wl.name() + "' has no parameter '" + p.getKey() + "'"
                            + Suggestions.didYouMean(p.getKey(), wl.parameters().keySet())
                            + "; it declares: " + (wl.parameters().isEmpty() ? "none" : String.join(", ", wl.parameters().keySet())));
                }
                for (String v : p.getValue()) {
                    try {
                        Workloads.load(w, Map.of(p.getKey(), v));
                    } catch (ConfigException e) {
                        throw error(line, field, "value " + v + " is refused by workload '" + wl.name() + "': " + e.problem());
                    }
                }
            }
        }
        for (Preemptibility p : g.preempt()) {
            for (String model : g.models()) {
                String why = Models.unsupported(Models.byName(model), p);
                if (why != null) {
                    throw error(lineOf(m, "preempt", "models"), prefix + "preempt", why
                            + "; to run " + p.cliName() + " on some models only, list groups under 'points:' (see README, 'Experiments and sweeps')");
                }
            }
        }
    }

    private static int lineOf(Mapping m, String... keys) {
        for (String k : keys) {
            if (m.get(k) != null) {
                return m.get(k).keyLine();
            }
        }
        return m.line();
    }

    private Workload workload(String w, int line, String field) {
        Workload wl = defaults.get(w);
        if (wl == null) {
            try {
                wl = Workloads.load(w, Map.of());
            } catch (ConfigException e) {
                throw error(line, field, "workload '" + w + "': " + (e.file().endsWith(w) || e.line() == 0 ? e.problem() : e.getMessage()));
            }
            defaults.put(w, wl);
        }
        return wl;
    }

    private void checkMachine(String name, int line, String field) {
        if (machinesChecked.contains(name)) {
            return;
        }
        try {
            MachineProfiles.load(name);
        } catch (ConfigException | UserError e) {
            String problem = e instanceof ConfigException c && c.line() == 0 ? c.problem() : e.getMessage();
            throw error(line, field, "machine '" + name + "': " + problem);
        }
        machinesChecked.add(name);
    }

    /** The parameters' values; a parameter given as {@code {log: ...}} is also put in {@code logScales}. */
    private Map<String, List<String>> params(YamlNode node, String field, Map<String, LogScale> logScales) {
        if (!(node instanceof Mapping m)) {
            throw error(node.line(), field, "expected a mapping of parameter name to a list of values or {log: [from, to], points: N}, got "
                    + node.describe());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Entry e : m.entries().values()) {
            String f = field + "." + e.key();
            YamlNode v = e.value();
            List<String> values = new ArrayList<>();
            if (v instanceof Mapping log) {
                LogScale scale = logScale(log, f);
                logScales.put(e.key(), scale);
                values.addAll(scale.values());
            } else {
                for (YamlNode item : list(v, f)) {
                    if (!(item instanceof Scalar s) || s.isNull() || s.kind() == Kind.BOOLEAN || s.kind() == Kind.DECIMAL) {
                        throw error(item.line(), f, "expected a whole number, got " + item.describe());
                    }
                    values.add(s.text());
                }
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw error(e.keyLine(), f, "a value is listed twice: " + values);
            }
            out.put(e.key(), values);
        }
        return out;
    }

    /** {@code {log: [from, to], points: N}}: N whole numbers from {@code from} to {@code to}, evenly spaced on a log scale. */
    private LogScale logScale(Mapping m, String field) {
        checkKeys(m, List.of("log", "points"), field + ".");
        if (m.get("log") == null || m.get("points") == null) {
            throw error(m.line(), field, "a log scale is {log: [from, to], points: N}");
        }
        List<YamlNode> range = list(m.get("log").value(), field + ".log");
        if (range.size() != 2) {
            throw error(m.get("log").keyLine(), field + ".log", "expected [from, to], got " + range.size() + " values");
        }
        long from = integer(range.get(0), field + ".log");
        long to = integer(range.get(1), field + ".log");
        long n = integer(m.get("points").value(), field + ".points");
        if (from <= 0 || to <= from) {
            throw error(m.get("log").keyLine(), field + ".log", "expected 0 < from < to, got [" + from + ", " + to + "]");
        }
        if (n < 2 || n > 1000) {
            throw error(m.get("points").keyLine(), field + ".points", "expected 2 to 1000 points, got " + n);
        }
        List<String> out = new ArrayList<>();
        double ratio = (double) to / from;
        for (int i = 0; i < n; i++) {
            long v = i == n - 1 ? to : Math.round(from * StrictMath.pow(ratio, (double) i / (n - 1)));
            String s = Long.toString(v);
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return new LogScale(from, to, (int) n, out);
    }

    private void expand(Axes g, List<Point> out) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> p : g.params().entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : p.getValue()) {
                    Map<String, String> n = new LinkedHashMap<>(c);
                    n.put(p.getKey(), v);
                    next.add(n);
                }
            }
            combos = next;
        }
        for (String w : g.workloads()) {
            for (String machine : g.machines()) {
                for (Preemptibility p : g.preempt()) {
                    for (String model : g.models()) {
                        for (Map<String, String> c : combos) {
                            for (long seed : g.seeds()) {
                                out.add(new Point(out.size(), w, model, machine, p, c, seed));
                            }
                        }
                    }
                }
            }
        }
    }

    private void checkKeys(Mapping m, List<String> known, String prefix) {
        for (Entry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                throw error(e.keyLine(), prefix + e.key(), "unknown field" + Suggestions.didYouMean(e.key(), known)
                        + "; known: " + String.join(", ", known));
            }
        }
    }

    private YamlNode required(Mapping m, String key, String prefix) {
        Entry e = m.get(key);
        if (e == null) {
            throw error(m.line(), prefix + key, "missing");
        }
        return e.value();
    }

    private String string(YamlNode n, String field) {
        if (n instanceof Scalar s && (s.kind() == Kind.STRING || s.kind() == Kind.INTEGER) && !s.text().isBlank()) {
            return s.text();
        }
        throw error(n.line(), field, "expected a text, got " + n.describe());
    }

    private long integer(YamlNode n, String field) {
        if (n instanceof Scalar s && s.kind() == Kind.INTEGER && (s.number() instanceof Integer || s.number() instanceof Long)) {
            return s.number().longValue();
        }
        throw error(n.line(), field, "expected a whole number, got " + n.describe());
    }

    private List<YamlNode> list(YamlNode n, String field) {
        if (n instanceof Sequence s && !s.items().isEmpty()) {
            return s.items();
        }
        throw error(n.line(), field, "expected a non-empty list, e.g. [a, b], got " + n.describe());
    }

    private List<String> strings(YamlNode n, String field) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : list(n, field)) {
            String s = string(item, field);
            if (out.contains(s)) {
                throw error(item.line(), field, "'" + s + "' is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    private ConfigException error(int line, String field, String problem) {
        return new ConfigException(file, line, field, problem);
    }
}
