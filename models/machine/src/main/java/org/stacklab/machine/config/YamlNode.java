package org.stacklab.machine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node and mapping key remembers its 1-based line, so a loader
 * can report {@code FILE:LINE: field 'F': problem} (DESIGN.md rule 5).
 *
 * <p>Invariant: mappings keep their keys in document order and never hold a key twice (a duplicate key
 * is a {@link ConfigException}, not a silent overwrite); lines are 1-based.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** The 1-based line where the node starts. */
    int line();

    /** Short description for messages: {@code 'fast'}, {@code 12}, {@code a mapping}, {@code a list}, {@code null}. */
    String describe();

    /** What a scalar is, as YAML typed it. */
    enum Kind {
        STRING,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        NULL
    }

    /**
     * A scalar value.
     *
     * @param kind   its YAML type
     * @param text   the text as written ({@code ""} for an empty value)
     * @param number the value for {@link Kind#INTEGER} ({@code Integer}, {@code Long} or {@code BigInteger})
     *               and {@link Kind#DECIMAL}, otherwise {@code null}
     * @param line   1-based line
     */
    record Scalar(Kind kind, String text, Number number, int line) implements YamlNode {
        public boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "'" + text + "'";
                case NULL -> "null";
                default -> text;
            };
        }
    }

    /** One {@code key: value} of a mapping; {@code keyLine} is where the key is written. */
    record Entry(String key, int keyLine, YamlNode value) {}

    /** A mapping, keys in document order. */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The entry for {@code key}, or {@code null}. */
        public Entry get(String key) {
            return entries.get(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * Parses one YAML document.
     *
     * @param file label used in error messages (the path as the user gave it, or a classpath name)
     * @param text the document
     * @return the root node; an empty document is a {@link Kind#NULL} scalar on line 1
     * @throws ConfigException on a syntax error, a duplicate key or more than one document
     */
    static YamlNode parse(String file, String text) {
        return YamlReader.parse(file, text);
    }
}
