package org.stacklab.workloads.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stacklab.machine.config.ConfigException;

/**
 * A YAML document as a tree whose nodes remember their 1-based lines (from Jackson's token
 * locations), so the workload reader can say {@code FILE:LINE: field 'F': problem}.
 *
 * <p>Invariant: mapping keys are unique and in document order; a literal block scalar
 * ({@code key: |}) is marked so inline program code can be mapped back to its lines.
 */
final class Yaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private Yaml() {}

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();

        String describe();
    }

    /**
     * @param text         the scalar's text ({@code null} for a YAML null)
     * @param line         1-based line where it starts (for a block scalar: the line of {@code |})
     * @param literalBlock whether it is written as a literal block ({@code |}); its content then
     *                     starts on {@code line + 1}
     */
    record Scalar(String text, boolean quoted, int line, boolean literalBlock) implements Node {
        boolean isNull() {
            return text == null;
        }

        @Override
        public String describe() {
            return text == null ? "nothing (null)" : "'" + text + "'";
        }
    }

    record Entry(String key, int keyLine, Node value) {}

    record Mapping(Map<String, Entry> entries, int line) implements Node {
        Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        Entry get(String key) {
            return entries.get(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<Node> items, int line) implements Node {
        Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * Parses one document; an empty document is a null scalar on line 1.
     *
     * @throws ConfigException on a syntax error, a duplicate key or a second document
     */
    static Node parse(String file, String text) {
        String[] lines = text.split("\\R", -1);
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return new Scalar(null, false, 1, false);
            }
            Node root = read(file, lines, p);
            if (p.nextToken() != null) {
                throw new ConfigException(file, line(p), null, "only one YAML document is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new ConfigException(file, line, null, "not valid YAML: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private static Node read(String file, String[] lines, JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    Node value = read(file, lines, p);
                    Entry previous = entries.putIfAbsent(key, new Entry(key, keyLine, value));
                    if (previous != null) {
                        throw new ConfigException(file, keyLine, key, "duplicate key (first given on line " + previous.keyLine() + ")");
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(file, lines, p));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, line, false);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                char first = charAt(lines, line, p.currentTokenLocation().getColumnNr());
                return new Scalar(p.getText(), first == '"' || first == '\'', line, first == '|');
            }
            default -> throw new ConfigException(file, line, null, "unsupported YAML content (" + t + ")");
        }
    }

    /** The character at a 1-based line and column of the source, or 0. */
    private static char charAt(String[] lines, int line, int column) {
        if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
            return 0;
        }
        return lines[line - 1].charAt(column - 1);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        StringBuilder b = new StringBuilder();
        for (String part : message.split("\\R")) {
            String s = part.strip();
            if (s.isEmpty() || s.chars().allMatch(c -> c == '^')) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(s);
        }
        return b.toString();
    }
}
