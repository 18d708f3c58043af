package org.stacklab.workloads.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stacklab.kernel.sched.Scheduler;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.kernel.user.Program;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.config.Suggestions;
import org.stacklab.machine.config.YamlNode;
import org.stacklab.machine.config.YamlNode.Entry;
import org.stacklab.machine.config.YamlNode.Mapping;
import org.stacklab.machine.config.YamlNode.Scalar;
import org.stacklab.machine.config.YamlNode.Sequence;
import org.stacklab.machine.config.YamlNode.Style;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.SpaceSpec;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.asm.ProgramText;
import org.stacklab.workloads.asm.Symbols;
import org.stacklab.workloads.asm.ThreadSymbol;

/**
 * Reads a workload file (YAML) into a {@link Workload}.
 *
 * <pre>
 * name: pingpong                   # optional, default: the file name without .yaml
 * description: "one line"          # optional
 * parameters:                      # optional; name: default (an integer), or name: {default, min, max}
 *   rounds: {default: 10000, min: 1}
 *   work: 10
 * threads:                         # required, created in this order
 *   - name: server                 # required: letters, digits, '_' and '-', not starting with a digit
 *     space: server                # required: threads naming the same space share it
 *     priority: 100                # optional, default 100; 0..255; may be ${param}
 *     program: pingpong-server.s   # a program file, relative to this file ...
 *   - name: client
 *     space: client
 *     count: ${clients}            # optional: replicas client0 .. client{N-1}; may be ${param}
 *     exception_handler: server    # optional, default nil: presets the UTCB ExceptionHandler TCR (a thread name)
 *     code: |                      # ... or the program inline, as a literal block
 *       ipc.call @server
 *       halt
 * interrupts:                      # optional: device interrupt sources, delivered as IPC
 *   - irq: 1                       # required: 1..63; the interrupt thread id is GlobalId(irq, 1)
 *     handler: server              # required: a thread name (a replica: client3)
 *     period_us: 1000              # required: µs between firings, >= 1
 *     first_us: 1000               # optional, default period_us: the first firing
 *     count: 100                   # optional, default 0 = without end
 * spaces:                          # optional: paged address spaces (the others are flat: all memory mapped)
 *   - name: client                 # required: a space some thread names
 *     pager: pager                 # required: a thread name; every thread of the space gets it as its pager
 *     premap_start: 0x100000       # optional: a region mapped before the run (to the space's own memory) ...
 *     premap_bytes: 0x4000         # ... and its size, default 0
 * </pre>
 *
 * <p>{@code ${param}} is replaced by the parameter's value in program text and in the numeric fields
 * ({@code priority}, {@code count} and the interrupt fields). Overrides (the CLI's {@code --param k=v}) replace defaults;
 * naming an unknown parameter, giving a non-integer, or leaving {@code min..max} is an error.
 *
 * <p>A thread with {@code count: N} becomes N threads {@code name0 .. name{N-1}}, created one after
 * the other in one space; programs name replica {@code i} as {@code @name<i>} (e.g.
 * {@code @client3}), and a bare {@code @client} is an error that says so. Each replica's
 * {@code @self} is itself.
 *
 * <p>Invariant: every problem is one {@link ConfigException} naming the file, the 1-based line and the
 * field: {@code threads[2].priority} for the workload file (list indices 0-based), {@code operand 2}
 * and the like for program text. Unknown fields are errors.
 */
public final class WorkloadReader {
    /** Default thread priority. */
    public static final int DEFAULT_PRIORITY = 100;
    /** The most threads a workload may create (user thread numbers the TCB table can hold). */
    public static final int MAX_THREADS = TcbTable.CAPACITY - TcbTable.FIRST_USER_NUMBER;

    private static final List<String> ROOT_FIELDS = List.of("name", "description", "parameters", "threads", "interrupts", "spaces");
    private static final List<String> SPACE_FIELDS = List.of("name", "pager", "premap_start", "premap_bytes");
    private static final List<String> INTERRUPT_FIELDS = List.of("irq", "handler", "period_us", "first_us", "count");
    private static final List<String> THREAD_FIELDS = List.of("name", "space", "priority", "program", "code", "count", "exception_handler");
    private static final List<String> PARAMETER_FIELDS = List.of("default", "min", "max");
    private static final Pattern PARAM = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern THREAD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern SPACE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    /** A key given twice names the key as the field: {@code FILE:LINE: field 'name': duplicate key (first given on line N)}. */
    private static final YamlNode.DuplicateKey DUPLICATE_KEY = (file, first, repeat) -> new ConfigException(file, repeat.keyLine(),
            repeat.key(), "duplicate key (first given on line " + first.keyLine() + ")");

    private final Source source;
    private final String file;

    private WorkloadReader(Source source) {
        this.source = source;
        this.file = source.label();
    }

    /**
     * Reads and resolves the workload in {@code source}.
     *
     * @param overrides parameter values replacing the defaults (may be empty)
     * @throws ConfigException if the file is missing or anything in it (or in a program it names) is wrong
     */
    public static Workload read(Source source, Map<String, String> overrides) {
        String text = source.read();
        if (text == null) {
            throw new ConfigException(source.label(), 0, null, "no such file");
        }
        return parse(source, text, overrides);
    }

    /** Like {@link #read}, with the text already in hand ({@code source} still resolves program files). */
    public static Workload parse(Source source, String text, Map<String, String> overrides) {
        return new WorkloadReader(source).workload(text, overrides == null ? Map.of() : overrides);
    }

    /** One declared parameter. */
    private record Param(String name, long value, Long min, Long max, int line) {}

    /** One {@code threads:} entry, before programs are assembled. */
    private record ThreadEntry(int index, String name, int nameLine, String space, int priority, int count, boolean replicated,
                               ProgramText program, String exceptionHandler, int exceptionHandlerLine) {}

    private Workload workload(String text, Map<String, String> overrides) {
        YamlNode root = YamlNode.parse(file, text, DUPLICATE_KEY);
        if (!(root instanceof Mapping map)) {
            throw new ConfigException(file, root.line(), null, (root instanceof Scalar s && s.isNull() ? "empty document" : "found "
                    + describe(root)) + "; expected a mapping with fields " + String.join(", ", ROOT_FIELDS));
        }
        checkFields(map, "", ROOT_FIELDS);
        String name = optionalText(map, "name", "");
        if (name.isEmpty()) {
            name = defaultName();
        }
        String description = optionalText(map, "description", "");
        Map<String, Param> params = parameters(map.get("parameters"));
        params = override(params, map.get("parameters"), overrides);
        Map<String, Long> values = new TreeMap<>();
        params.forEach((k, p) -> values.put(k, p.value()));

        List<ThreadEntry> entries = threads(map, values);
        List<ThreadSpec> specs = assemble(entries);
        List<InterruptSpec> irqs = interrupts(map, values, specs);
        List<SpaceSpec> spaces = spaces(map, values, specs);

        Map<String, String> resolved = new TreeMap<>();
        values.forEach((k, v) -> resolved.put(k, Long.toString(v)));
        return new Workload(name, description, resolved, specs, irqs, spaces);
    }

    private String defaultName() {
        String label = file.replace('\\', '/');
        String base = label.substring(label.lastIndexOf('/') + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml")) {
            return base.substring(0, base.length() - 5);
        }
        if (lower.endsWith(".yml")) {
            return base.substring(0, base.length() - 4);
        }
        return base;
    }

    // --- parameters ------------------------------------------------------------------------------

    private Map<String, Param> parameters(Entry entry) {
        Map<String, Param> out = new LinkedHashMap<>();
        if (entry == null || entry.value() instanceof Scalar s && s.isNull()) {
            return out;
        }
        if (!(entry.value() instanceof Mapping m)) {
            throw new ConfigException(file, entry.value().line(), "parameters",
                    "expected a mapping of parameter name to default value, got " + describe(entry.value()));
        }
        for (Entry e : m.entries().values()) {
            String field = "parameters." + e.key();
            if (!PARAM_NAME.matcher(e.key()).matches()) {
                throw new ConfigException(file, e.keyLine(), field,
                        "a parameter name has letters, digits and '_', and does not start with a digit");
            }
            Long min = null;
            Long max = null;
            long value;
            if (e.value() instanceof Mapping decl) {
                checkFields(decl, field + ".", PARAMETER_FIELDS);
                Entry def = decl.get("default");
                if (def == null) {
                    throw new ConfigException(file, e.keyLine(), field + ".default", "missing (required)");
                }
                value = literalInteger(def.value(), field + ".default");
                min = decl.get("min") == null ? null : literalInteger(decl.get("min").value(), field + ".min");
                max = decl.get("max") == null ? null : literalInteger(decl.get("max").value(), field + ".max");
                if (min != null && max != null && min > max) {
                    throw new ConfigException(file, decl.get("max").value().line(), field + ".max", "max " + max + " is below min " + min);
                }
                if (min != null && value < min || max != null && value > max) {
                    throw new ConfigException(file, def.value().line(), field + ".default", "the default " + outside(value, min, max));
                }
            } else {
                value = literalInteger(e.value(), field);
            }
            out.put(e.key(), new Param(e.key(), value, min, max, e.keyLine()));
        }
        return out;
    }

    private Map<String, Param> override(Map<String, Param> params, Entry entry, Map<String, String> overrides) {
        Map<String, Param> out = new LinkedHashMap<>(params);
        for (Map.Entry<String, String> o : new TreeMap<>(overrides).entrySet()) {
            String key = o.getKey();
            String given = "--param " + key + "=" + o.getValue();
            Param p = out.get(key);
            if (p == null) {
                throw new ConfigException(file, 0, "parameters." + key, "unknown parameter (" + given + "); "
                        + (params.isEmpty() ? "this workload has no parameters" : "this workload's parameters: "
                        + String.join(", ", new TreeMap<>(params).keySet())));
            }
            long v;
            try {
                v = ProgramText.parseNumber(o.getValue() == null ? "" : o.getValue());
            } catch (NumberFormatException e) {
                throw new ConfigException(file, 0, "parameters." + key, "'" + o.getValue() + "' is not an integer (" + given + ")");
            }
            if (p.min() != null && v < p.min() || p.max() != null && v > p.max()) {
                throw new ConfigException(file, p.line(), "parameters." + key, outside(v, p.min(), p.max()) + " (" + given + ")");
            }
            out.put(key, new Param(key, v, p.min(), p.max(), p.line()));
        }
        return out;
    }

    private static String outside(long v, Long min, Long max) {
        return min != null && v < min ? v + " is below the minimum " + min : v + " is above the maximum " + max;
    }

    /** An integer written in the file (no parameters). */
    private long literalInteger(YamlNode node, String field) {
        if (node instanceof Scalar s && !s.isNull() && s.style() != Style.QUOTED) {
            try {
                return ProgramText.parseNumber(s.text());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new ConfigException(file, node.line(), field, "expected an integer, got " + describe(node));
    }

    /** An integer field that may use {@code ${param}}. */
    private long integer(YamlNode node, String field, Map<String, Long> params) {
        if (node instanceof Scalar s && !s.isNull()) {
            String text = substitute(s.text(), node.line(), field, params);
            try {
                return ProgramText.parseNumber(text);
            } catch (NumberFormatException e) {
                throw new ConfigException(file, node.line(), field, "expected an integer or ${param}, got '" + s.text() + "'"
                        + (text.equals(s.text()) ? "" : " (= '" + text + "')"));
            }
        }
        throw new ConfigException(file, node.line(), field, "expected an integer or ${param}, got " + describe(node));
    }

    private String substitute(String text, int line, String field, Map<String, Long> params) {
        Matcher m = PARAM.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Long v = params.get(m.group(1));
            if (v == null) {
                throw new ConfigException(file, line, field, "undefined parameter '${" + m.group(1) + "}'" + (params.isEmpty()
                        ? " (the workload defines no parameters)" : " (parameters: " + String.join(", ", params.keySet()) + ")"));
            }
            m.appendReplacement(b, Long.toString(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    // --- threads ---------------------------------------------------------------------------------

    private List<ThreadEntry> threads(Mapping root, Map<String, Long> params) {
        Entry entry = root.get("threads");
        if (entry == null) {
            throw new ConfigException(file, root.line(), "threads", "missing (required): the list of threads");
        }
        if (!(entry.value() instanceof Sequence seq) || seq.items().isEmpty()) {
            throw new ConfigException(file, entry.value().line(), "threads", "expected a non-empty list of threads, got "
                    + (entry.value() instanceof Sequence ? "an empty list" : describe(entry.value())));
        }
        Map<String, ProgramText> programFiles = new HashMap<>();
        List<ThreadEntry> out = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < seq.items().size(); i++) {
            String path = "threads[" + i + "]";
            YamlNode item = seq.items().get(i);
            if (!(item instanceof Mapping m)) {
                throw new ConfigException(file, item.line(), path, "expected a mapping with fields " + String.join(", ", THREAD_FIELDS)
                        + ", got " + describe(item));
            }
            checkFields(m, path + ".", THREAD_FIELDS);
            Entry nameEntry = required(m, "name", path);
            String name = text(nameEntry, path + ".name");
            if (!THREAD_NAME.matcher(name).matches()) {
                throw new ConfigException(file, nameEntry.value().line(), path + ".name",
                        "'" + name + "': a thread name has letters, digits, '_' and '-', and does not start with a digit or '-'");
            }
            if (name.equals("self")) {
                throw new ConfigException(file, nameEntry.value().line(), path + ".name", "'self' is reserved (@self is the running thread)");
            }
            Entry spaceEntry = required(m, "space", path);
            String space = text(spaceEntry, path + ".space");
            if (!SPACE_NAME.matcher(space).matches()) {
                throw new ConfigException(file, spaceEntry.value().line(), path + ".space",
                        "'" + space + "': a space name has letters, digits, '_', '.' and '-'");
            }
            int priority = DEFAULT_PRIORITY;
            Entry prio = m.get("priority");
            if (prio != null) {
                long p = integer(prio.value(), path + ".priority", params);
                if (p < 0 || p >= Scheduler.PRIORITIES) {
                    throw new ConfigException(file, prio.value().line(), path + ".priority",
                            "must be 0.." + (Scheduler.PRIORITIES - 1) + ", got " + p);
                }
                priority = (int) p;
            }
            int count = 1;
            Entry countEntry = m.get("count");
            if (countEntry != null) {
                long c = integer(countEntry.value(), path + ".count", params);
                if (c < 0 || total + c > MAX_THREADS) {
                    throw new ConfigException(file, countEntry.value().line(), path + ".count", c < 0 ? "must be >= 0, got " + c
                            : "too many threads: " + (total + c) + " in all, at most " + MAX_THREADS);
                }
                count = (int) c;
            }
            total += count;
            if (total > MAX_THREADS) {
                throw new ConfigException(file, nameEntry.keyLine(), path, "too many threads, at most " + MAX_THREADS);
            }
            ProgramText program = program(m, path, params, programFiles);
            String handler = null;
            int handlerLine = 0;
            Entry handlerEntry = m.get("exception_handler");
            if (handlerEntry != null && !(handlerEntry.value() instanceof Scalar hs && hs.isNull())) {
                handlerLine = handlerEntry.value().line();
                handler = text(handlerEntry, path + ".exception_handler");
                if (handler.startsWith("@")) {
                    handler = handler.substring(1);
                }
                if (handler.equals("nil")) {
                    handler = null;
                }
            }
            out.add(new ThreadEntry(i, name, nameEntry.value().line(), space, priority, count, countEntry != null, program,
                    handler, handlerLine));
        }
        return out;
    }

    private ProgramText program(Mapping m, String path, Map<String, Long> params, Map<String, ProgramText> cache) {
        Entry program = m.get("program");
        Entry code = m.get("code");
        if (program != null && code != null) {
            throw new ConfigException(file, code.keyLine(), path + ".code", "give either program (a file) or code (inline), not both");
        }
        if (program == null && code == null) {
            throw new ConfigException(file, m.line(), path + ".program", "missing (required): a program file, or inline code: |");
        }
        if (program != null) {
            String relative = text(program, path + ".program");
            Source src = source.resolve(relative);
            ProgramText cached = cache.get(src.label());
            if (cached != null) {
                return cached;
            }
            String text = src.read();
            if (text == null) {
                throw new ConfigException(file, program.value().line(), path + ".program",
                        "no such program file '" + relative + "' (looked for " + src.label() + ")");
            }
            ProgramText parsed = ProgramText.parse(src.label(), 1, text, params);
            cache.put(src.label(), parsed);
            return parsed;
        }
        if (!(code.value() instanceof Scalar s) || s.isNull()) {
            throw new ConfigException(file, code.value().line(), path + ".code", "expected program text (code: | and the program "
                    + "indented below), got " + describe(code.value()));
        }
        int firstLine = s.line();
        if (s.style() == Style.LITERAL) {
            firstLine++;
        } else if (s.text().contains("\n")) {
            throw new ConfigException(file, s.line(), path + ".code",
                    "write inline code as a literal block (code: | and the program indented below), so lines can be reported");
        }
        return ProgramText.parse(file, firstLine, s.text(), params);
    }

    private List<ThreadSpec> assemble(List<ThreadEntry> entries) {
        List<ThreadSymbol> symbols = new ArrayList<>();
        Map<String, Integer> groups = new LinkedHashMap<>();
        Map<String, Integer> slots = new HashMap<>();
        Map<String, ThreadEntry> owner = new HashMap<>();
        for (ThreadEntry e : entries) {
            if (e.replicated()) {
                ThreadEntry before = owner.get(e.name());
                if (before != null || groups.containsKey(e.name())) {
                    throw duplicate(e, e.name(), before);
                }
                groups.put(e.name(), e.count());
            }
            for (int i = 0; i < e.count(); i++) {
                String name = e.replicated() ? e.name() + i : e.name();
                ThreadEntry before = owner.putIfAbsent(name, e);
                if (before != null || !e.replicated() && groups.containsKey(name)) {
                    throw duplicate(e, name, before);
                }
                int slot = slots.merge(e.space(), 1, Integer::sum) - 1;
                symbols.add(new ThreadSymbol(name, e.space(), symbols.size(), slot));
            }
        }
        Symbols all = new Symbols(symbols, groups, null);
        List<String> names = symbols.stream().map(ThreadSymbol::name).toList();
        List<ThreadSpec> out = new ArrayList<>(symbols.size());
        int next = 0;
        for (ThreadEntry e : entries) {
            String handler = e.exceptionHandler();
            if (handler != null && !names.contains(handler)) {
                String hint = groups.containsKey(handler) ? " ('" + handler + "' has replicas: name one, e.g. " + handler + "0)"
                        : Suggestions.didYouMean(handler, names);
                throw new ConfigException(file, e.exceptionHandlerLine(), "threads[" + e.index() + "].exception_handler",
                        "no thread named '" + handler + "'" + hint + "; expected a thread name or nil; threads: " + String.join(", ", names));
            }
            for (int i = 0; i < e.count(); i++) {
                ThreadSymbol self = symbols.get(next++);
                Program p = e.program().assemble(self.name(), all.withSelf(self));
                out.add(new ThreadSpec(self.name(), self.space(), e.priority(), p, handler));
            }
        }
        return out;
    }

    private ConfigException duplicate(ThreadEntry e, String name, ThreadEntry before) {
        String what = e.replicated() && !name.equals(e.name()) ? "replica '" + name + "' of '" + e.name() + "' (count " + e.count() + ")"
                : "thread name '" + name + "'";
        String where = before == null ? "a replicated thread of that name" : "threads[" + before.index() + "] (line " + before.nameLine() + ")"
                + (before.replicated() ? ", replicated as " + before.name() + "0.." : "");
        return new ConfigException(file, e.nameLine(), "threads[" + e.index() + "].name", what + " is already used by " + where);
    }

    // --- interrupts ------------------------------------------------------------------------------

    private List<InterruptSpec> interrupts(Mapping root, Map<String, Long> params, List<ThreadSpec> threads) {
        Entry entry = root.get("interrupts");
        List<InterruptSpec> out = new ArrayList<>();
        if (entry == null || entry.value() instanceof Scalar s && s.isNull()) {
            return out;
        }
        if (!(entry.value() instanceof Sequence seq)) {
            throw new ConfigException(file, entry.value().line(), "interrupts", "expected a list of interrupt sources ({irq, handler, "
                    + "period_us, first_us, count}), got " + describe(entry.value()));
        }
        List<String> names = threads.stream().map(ThreadSpec::name).toList();
        Map<Long, Integer> irqLines = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String path = "interrupts[" + i + "]";
            YamlNode item = seq.items().get(i);
            if (!(item instanceof Mapping m)) {
                throw new ConfigException(file, item.line(), path, "expected a mapping with fields " + String.join(", ", INTERRUPT_FIELDS)
                        + ", got " + describe(item));
            }
            checkFields(m, path + ".", INTERRUPT_FIELDS);
            Entry irqEntry = required(m, "irq", path);
            long irq = integer(irqEntry.value(), path + ".irq", params);
            if (irq < 1 || irq >= TcbTable.FIRST_USER_NUMBER) {
                throw new ConfigException(file, irqEntry.value().line(), path + ".irq", "must be 1.." + (TcbTable.FIRST_USER_NUMBER - 1)
                        + " (interrupt thread ids are in the system range), got " + irq);
            }
            Integer before = irqLines.putIfAbsent(irq, irqEntry.value().line());
            if (before != null) {
                throw new ConfigException(file, irqEntry.value().line(), path + ".irq", "irq " + irq + " already has a source (line "
                        + before + ")");
            }
            Entry handlerEntry = required(m, "handler", path);
            String handler = text(handlerEntry, path + ".handler");
            if (handler.startsWith("@")) {
                handler = handler.substring(1);
            }
            if (!names.contains(handler)) {
                throw new ConfigException(file, handlerEntry.value().line(), path + ".handler", "no thread named '" + handler + "'"
                        + Suggestions.didYouMean(handler, names) + "; threads: " + String.join(", ", names));
            }
            Entry periodEntry = required(m, "period_us", path);
            long period = integer(periodEntry.value(), path + ".period_us", params);
            if (period < 1) {
                throw new ConfigException(file, periodEntry.value().line(), path + ".period_us", "must be at least 1 µs, got " + period);
            }
            long first = period;
            Entry firstEntry = m.get("first_us");
            if (firstEntry != null) {
                first = integer(firstEntry.value(), path + ".first_us", params);
                if (first < 0) {
                    throw new ConfigException(file, firstEntry.value().line(), path + ".first_us", "must be >= 0, got " + first);
                }
            }
            long count = 0;
            Entry countEntry = m.get("count");
            if (countEntry != null) {
                count = integer(countEntry.value(), path + ".count", params);
                if (count < 0) {
                    throw new ConfigException(file, countEntry.value().line(), path + ".count", "must be >= 0 (0: without end), got " + count);
                }
            }
            out.add(new InterruptSpec((int) irq, handler, period, first, count));
        }
        return out;
    }

    // --- spaces ----------------------------------------------------------------------------------

    private List<SpaceSpec> spaces(Mapping root, Map<String, Long> params, List<ThreadSpec> threads) {
        Entry entry = root.get("spaces");
        List<SpaceSpec> out = new ArrayList<>();
        if (entry == null || entry.value() instanceof Scalar s && s.isNull()) {
            return out;
        }
        if (!(entry.value() instanceof Sequence seq)) {
            throw new ConfigException(file, entry.value().line(), "spaces", "expected a list of paged spaces ({name, pager, premap_start, "
                    + "premap_bytes}), got " + describe(entry.value()));
        }
        List<String> names = threads.stream().map(ThreadSpec::name).toList();
        List<String> spaceNames = threads.stream().map(ThreadSpec::space).distinct().toList();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String path = "spaces[" + i + "]";
            YamlNode item = seq.items().get(i);
            if (!(item instanceof Mapping m)) {
                throw new ConfigException(file, item.line(), path, "expected a mapping with fields " + String.join(", ", SPACE_FIELDS)
                        + ", got " + describe(item));
            }
            checkFields(m, path + ".", SPACE_FIELDS);
            Entry nameEntry = required(m, "name", path);
            String name = text(nameEntry, path + ".name");
            if (!spaceNames.contains(name)) {
                throw new ConfigException(file, nameEntry.value().line(), path + ".name", "no thread runs in a space named '" + name + "'"
                        + Suggestions.didYouMean(name, spaceNames) + "; spaces: " + String.join(", ", spaceNames));
            }
            Integer before = seen.putIfAbsent(name, nameEntry.value().line());
            if (before != null) {
                throw new ConfigException(file, nameEntry.value().line(), path + ".name", "space " + name + " is already listed (line " + before + ")");
            }
            Entry pagerEntry = required(m, "pager", path);
            String pager = text(pagerEntry, path + ".pager");
            if (pager.startsWith("@")) {
                pager = pager.substring(1);
            }
            if (!names.contains(pager)) {
                throw new ConfigException(file, pagerEntry.value().line(), path + ".pager", "no thread named '" + pager + "'"
                        + Suggestions.didYouMean(pager, names) + "; threads: " + String.join(", ", names));
            }
            long start = 0;
            long bytes = 0;
            Entry startEntry = m.get("premap_start");
            if (startEntry != null) {
                start = integer(startEntry.value(), path + ".premap_start", params);
            }
            Entry bytesEntry = m.get("premap_bytes");
            if (bytesEntry != null) {
                bytes = integer(bytesEntry.value(), path + ".premap_bytes", params);
            }
            if (start < 0 || bytes < 0 || start + bytes > (1L << 32)) {
                Entry bad = bytesEntry != null ? bytesEntry : startEntry;
                throw new ConfigException(file, bad.value().line(), path + (bad == bytesEntry ? ".premap_bytes" : ".premap_start"),
                        "the premapped region [" + start + ", +" + bytes + ") must lie in the 32-bit user address space");
            }
            out.add(new SpaceSpec(name, pager, start, bytes));
        }
        return out;
    }

    // --- fields ----------------------------------------------------------------------------------

    private void checkFields(Mapping m, String prefix, List<String> known) {
        for (Entry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                throw new ConfigException(file, e.keyLine(), prefix + e.key(),
                        "unknown field" + Suggestions.didYouMean(e.key(), known) + "; expected one of: " + String.join(", ", known));
            }
        }
    }

    private Entry required(Mapping m, String key, String path) {
        Entry e = m.get(key);
        if (e == null) {
            throw new ConfigException(file, m.line(), path + "." + key, "missing (required)");
        }
        return e;
    }

    private String text(Entry e, String field) {
        if (e.value() instanceof Scalar s && !s.isNull() && !s.text().isBlank()) {
            return s.text().strip();
        }
        throw new ConfigException(file, e.value().line(), field, "expected text, got " + describe(e.value()));
    }

    private String optionalText(Mapping m, String key, String fallback) {
        Entry e = m.get(key);
        if (e == null || e.value() instanceof Scalar s && s.isNull()) {
            return fallback;
        }
        if (e.value() instanceof Scalar s) {
            return s.text().strip();
        }
        throw new ConfigException(file, e.value().line(), key, "expected text, got " + describe(e.value()));
    }

    /**
     * A node as messages show it: a scalar quoted as written ({@code 'lots'}, {@code '12'}), a YAML null
     * as {@code nothing (null)}, a mapping or list as such.
     */
    private static String describe(YamlNode node) {
        if (node instanceof Scalar s) {
            return s.isNull() ? "nothing (null)" : "'" + s.text() + "'";
        }
        return node.describe();
    }
}
