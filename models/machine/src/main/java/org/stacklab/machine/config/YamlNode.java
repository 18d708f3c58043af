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
 * is a {@link ConfigException}, not a silent overwrite); lines are 1-based. YAML aliases are refused.
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
     * How a scalar is written, from the character it starts with: a quote, {@code |}, {@code >}, or
     * anything else. A loader can so tell {@code "12"} from {@code 12}, and map the lines of a literal
     * block back to the file (its content starts on the line after the {@code |}).
     */
    enum Style {
        /** Plain (unquoted), also every null and anything preceded by a tag or anchor. */
        PLAIN,
        /** In single or double quotes. */
        QUOTED,
        /** A literal block ({@code key: |}); the scalar's line is that of the {@code |}. */
        LITERAL,
        /** A folded block ({@code key: >}). */
        FOLDED
    }

    /**
     * A scalar value.
     *
     * @param kind   its YAML type
     * @param text   the text as written ({@code ""} for an empty value)
     * @param number the value for {@link Kind#INTEGER} ({@code Integer}, {@code Long} or {@code BigInteger})
     *               and {@link Kind#DECIMAL} (a {@code Double}; {@code .inf} and {@code .nan} are infinite or
     *               NaN), otherwise {@code null}
     * @param style  how it is written
     * @param line   1-based line
     */
    record Scalar(Kind kind, String text, Number number, Style style, int line) implements YamlNode {
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
     * Makes the error for a key given twice in one mapping, so a loader can word it as its other
     * messages are. The default is {@code FILE:LINE: duplicate key 'K' (first given on line N)}.
     */
    @FunctionalInterface
    interface DuplicateKey {
        /**
         * @param file   the label given to {@code parse}
         * @param first  the entry as first given
         * @param repeat the second entry with that key
         */
        ConfigException report(String file, Entry first, Entry repeat);
    }

    /**
     * Parses one YAML document.
     *
     * @param file label used in error messages (the path as the user gave it, or a classpath name)
     * @param text the document
     * @return the root node; an empty document is a {@link Kind#NULL} scalar on line 1
     * @throws ConfigException on a syntax error, an alias, a duplicate key
     *                         ({@code FILE:LINE: duplicate key 'K' (first given on line N)}) or more than one document
     */
    static YamlNode parse(String file, String text) {
        return YamlReader.parse(file, text, YamlReader.DUPLICATE_KEY);
    }

    /**
     * Like {@link #parse(String, String)}, with duplicate keys reported by {@code duplicateKey}.
     *
     * @throws ConfigException on a syntax error, an alias, a duplicate key or more than one document
     */
    static YamlNode parse(String file, String text, DuplicateKey duplicateKey) {
        return YamlReader.parse(file, text, duplicateKey);
    }
}
