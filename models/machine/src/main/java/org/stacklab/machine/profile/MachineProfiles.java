package org.stacklab.machine.profile;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.config.ShippedIndex;
import org.stacklab.machine.config.Suggestions;
import org.stacklab.machine.config.YamlNode;
import org.stacklab.machine.config.YamlNode.Entry;
import org.stacklab.machine.config.YamlNode.Kind;
import org.stacklab.machine.config.YamlNode.Mapping;
import org.stacklab.machine.config.YamlNode.Scalar;

/**
 * Reads machine profiles: the shipped ones from the classpath ({@code /config/machines/NAME.yaml},
 * listed in {@code /config/machines/index.txt}), or any YAML file by path.
 *
 * <p>The YAML keys are exactly the record component names of {@link MachineProfile}, with
 * {@link CacheSpec} mappings under {@code l1i}, {@code l1d}, {@code l2} and {@code tlb}, a
 * {@link CostModel} mapping under {@code cost} and its {@link KernelEntry} under {@code cost.entry}
 * (the entry mechanism in use and the cycles of each mechanism the machine has). Enumerations are written
 * as their {@code toString()} ({@code trap}, {@code virtual-array}). Every key is required except
 * {@code l2} (absent or {@code null}: no L2), a cache's {@code policy} (default {@code LRU}),
 * {@code tcbLookup} (default {@code table}), {@code fpuStateBytes} (default
 * {@link MachineProfile#DEFAULT_FPU_STATE_BYTES}), {@code cost.entry.fast} (absent or {@code null}: the machine
 * has no fast system-call instructions) and an entry's {@code instructions} label; unknown keys are errors.
 *
 * <p>Invariant: a file that cannot be used yields exactly one {@link ConfigException} naming the file,
 * the 1-based line and the dotted field ({@code l1d.ways}); the record constructors' own checks are
 * reported the same way. Nothing else escapes for bad input (DESIGN.md rule 5).
 */
public final class MachineProfiles {
    /** Classpath folder of the shipped profiles (also their folder in the repository). */
    public static final String RESOURCE_DIR = "config/machines/";

    private static final String INDEX = RESOURCE_DIR + "index.txt";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Components that may be absent or null: {@code Record.component}. */
    private static final Set<String> OPTIONAL = Set.of("MachineProfile.l2", "CacheSpec.policy", "MachineProfile.tcbLookup", "MachineProfile.fpuStateBytes",
            "KernelEntry.fast", "EntryCost.instructions");
    /** Keys of older profile formats, {@code Record.key}, with where their value lives now. */
    private static final Map<String, String> MOVED = Map.of(
            "CostModel.kernelEntry", "kernel entry costs moved to cost.entry (mechanism: trap, trap: {enter, exit})",
            "CostModel.kernelExit", "kernel exit costs moved to cost.entry (mechanism: trap, trap: {enter, exit})");

    private MachineProfiles() {}

    /**
     * Loads a profile by shipped name ({@code ds3100}) or by path ({@code my/machine.yaml}).
     *
     * <p>The argument is a path if it names an existing file, ends in {@code .yaml} or {@code .yml}, or
     * contains a path separator; otherwise it is the name of a shipped profile.
     *
     * @throws ConfigException if the file is missing or invalid, or no shipped profile has that name
     *                         (the message lists {@link #names()})
     */
    public static MachineProfile load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ConfigException("machine profile", 0, null, "no profile given; available: " + String.join(", ", names()));
        }
        if (looksLikePath(nameOrPath)) {
            return load(Path.of(nameOrPath));
        }
        return loadShipped(nameOrPath);
    }

    /**
     * Loads the profile in {@code file}; messages name the file as given.
     *
     * @throws ConfigException if the file is missing, unreadable or invalid
     */
    public static MachineProfile load(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(label, 0, null, "no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(label, 0, null, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(label, 0, null, "cannot read: " + e.getMessage());
        }
        return parse(label, text);
    }

    /**
     * Parses profile YAML.
     *
     * @param file label for messages (a path or classpath name)
     * @param yaml the document
     * @throws ConfigException on any problem, with the line and field
     */
    public static MachineProfile parse(String file, String yaml) {
        YamlNode root = YamlNode.parse(file, yaml);
        if (!(root instanceof Mapping map)) {
            throw new ConfigException(file, root.line(), null,
                    (root instanceof Scalar s && s.isNull() ? "empty document" : "found " + root.describe())
                            + "; expected a mapping with fields " + fieldList(MachineProfile.class));
        }
        return new Binder(file).bind(MachineProfile.class, map, "", map.line());
    }

    /** Names of the shipped profiles, sorted. */
    public static List<String> names() {
        String index = resource(INDEX);
        if (index == null) {
            throw new IllegalStateException("/" + INDEX + " is not on the classpath");
        }
        return ShippedIndex.names(index);
    }

    private static boolean looksLikePath(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(s));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static MachineProfile loadShipped(String name) {
        String label = RESOURCE_DIR + name + ".yaml";
        String text = NAME.matcher(name).matches() ? resource(label) : null;
        if (text == null) {
            throw new ConfigException(label, 0, null, "no machine profile named '" + name + "'; available: "
                    + String.join(", ", names()) + " (or give the path of a .yaml file)");
        }
        return parse(label, text);
    }

    private static String resource(String name) {
        try (InputStream in = MachineProfiles.class.getResourceAsStream("/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name, 0, null, "cannot read: " + e.getMessage());
        }
    }

    private static String fieldList(Class<?> record) {
        return String.join(", ", Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    /** Binds YAML mappings to the profile records, component by component. */
    private static final class Binder {
        private final String file;

        Binder(String file) {
            this.file = file;
        }

        /**
         * @param path       dotted path of {@code map} with a trailing dot, {@code ""} for the root
         * @param anchorLine where to point when a field is missing (the line of the mapping's key)
         */
        <R extends Record> R bind(Class<R> type, Mapping map, String path, int anchorLine) {
            RecordComponent[] components = type.getRecordComponents();
            List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
            for (Entry e : map.entries().values()) {
                if (!names.contains(e.key())) {
                    String moved = MOVED.get(type.getSimpleName() + "." + e.key());
                    throw new ConfigException(file, e.keyLine(), path + e.key(),
                            "unknown field" + (moved != null ? " (" + moved + ")" : Suggestions.didYouMean(e.key(), names))
                                    + "; expected one of: " + String.join(", ", names));
                }
            }
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                Entry e = map.get(c.getName());
                boolean absent = e == null || e.value() instanceof Scalar s && s.isNull();
                if (absent) {
                    if (OPTIONAL.contains(type.getSimpleName() + "." + c.getName())) {
                        if (c.getType() == int.class) {
                            args[i] = 0; // the record's default
                        }
                        continue;
                    }
                    throw new ConfigException(file, e == null ? anchorLine : e.value().line(), path + c.getName(),
                            e == null ? "missing (required)" : "must have a value (it is required)");
                }
                args[i] = value(c.getType(), e, path + c.getName());
            }
            try {
                Constructor<R> canonical = type.getDeclaredConstructor(types);
                return canonical.newInstance(args);
            } catch (InvocationTargetException ite) {
                Throwable cause = ite.getCause();
                if (cause instanceof InvalidFieldException bad) {
                    Entry e = map.get(bad.field());
                    throw new ConfigException(file, e == null ? anchorLine : e.value().line(), path + bad.field(), bad.problem());
                }
                if (cause instanceof IllegalArgumentException bad) {
                    throw new ConfigException(file, anchorLine, path.isEmpty() ? null : path.substring(0, path.length() - 1),
                            bad.getMessage());
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
            }
        }

        private Object value(Class<?> type, Entry e, String field) {
            YamlNode node = e.value();
            if (type == String.class) {
                if (node instanceof Scalar s && s.kind() == Kind.STRING) {
                    return s.text();
                }
                throw wrongType(node, field, "text");
            }
            if (type == int.class) {
                if (node instanceof Scalar s && s.kind() == Kind.INTEGER) {
                    Number n = s.number();
                    if (n instanceof Integer i) {
                        return i;
                    }
                    BigInteger big = n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
                    if (big.bitLength() < 32) {
                        return big.intValue();
                    }
                    throw new ConfigException(file, node.line(), field, "must fit in a 32-bit integer, got " + s.text());
                }
                throw wrongType(node, field, "a whole number");
            }
            if (type == double.class) {
                if (node instanceof Scalar s && (s.kind() == Kind.INTEGER || s.kind() == Kind.DECIMAL)) {
                    double d = s.number().doubleValue();
                    if (Double.isFinite(d)) {
                        return d;
                    }
                    throw wrongType(node, field, "a finite number");
                }
                throw wrongType(node, field, "a number");
            }
            if (type.isEnum()) {
                Object[] constants = type.getEnumConstants();
                List<String> spelled = Arrays.stream(constants).map(String::valueOf).toList();
                if (node instanceof Scalar s && s.kind() == Kind.STRING) {
                    int i = spelled.indexOf(s.text());
                    if (i >= 0) {
                        return constants[i];
                    }
                    throw new ConfigException(file, node.line(), field, "unknown value '" + s.text() + "'"
                            + Suggestions.didYouMean(s.text(), spelled) + "; expected one of: " + String.join(", ", spelled));
                }
                throw wrongType(node, field, "one of " + String.join(", ", spelled));
            }
            if (type.isRecord()) {
                if (node instanceof Mapping m) {
                    return bind(type.asSubclass(Record.class), m, field + ".", e.keyLine());
                }
                throw wrongType(node, field, "a mapping with fields " + fieldList(type));
            }
            throw new IllegalStateException("no YAML binding for " + type + " (" + field + ")");
        }

        private ConfigException wrongType(YamlNode node, String field, String expected) {
            return new ConfigException(file, node.line(), field, "expected " + expected + ", got " + node.describe());
        }
    }
}
