package org.stacklab.machine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.stacklab.machine.config.YamlNode.DuplicateKey;
import org.stacklab.machine.config.YamlNode.Entry;
import org.stacklab.machine.config.YamlNode.Kind;
import org.stacklab.machine.config.YamlNode.Mapping;
import org.stacklab.machine.config.YamlNode.Scalar;
import org.stacklab.machine.config.YamlNode.Sequence;
import org.stacklab.machine.config.YamlNode.Style;

/**
 * Builds a {@link YamlNode} tree from Jackson's YAML token stream, keeping each token's line; a scalar's
 * {@link Style} is read from the source character at the token's start.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    /** The default report of a key given twice: no field, the key in the problem. */
    static final DuplicateKey DUPLICATE_KEY = (file, first, repeat) -> new ConfigException(file, repeat.keyLine(), null,
            "duplicate key '" + repeat.key() + "' (first given on line " + first.keyLine() + ")");

    private final String file;
    private final String[] lines;
    private final DuplicateKey duplicateKey;

    private YamlReader(String file, String text, DuplicateKey duplicateKey) {
        this.file = file;
        this.lines = text.split("\\R", -1);
        this.duplicateKey = duplicateKey;
    }

    static YamlNode parse(String file, String text, DuplicateKey duplicateKey) {
        return new YamlReader(file, text, Objects.requireNonNull(duplicateKey, "duplicateKey")).document(text);
    }

    private YamlNode document(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return new Scalar(Kind.NULL, "", null, Style.PLAIN, 1);
            }
            YamlNode root = read(p);
            if (p.nextToken() != null) {
                throw new ConfigException(file, line(p), null, "only one YAML document is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // snakeyaml knows the exact place; Jackson's location can be the previous token's
                String problem = oneLine(m.getProblem());
                if (m.getContext() != null && m.getContextMark() != null) {
                    problem += " (" + oneLine(m.getContext()) + " started on line " + (m.getContextMark().getLine() + 1) + ")";
                }
                throw new ConfigException(file, m.getProblemMark().getLine() + 1, null, "not valid YAML: " + problem);
            }
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new ConfigException(file, line, null, "not valid YAML: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private YamlNode read(JsonParser p) throws IOException {
        int line = line(p);
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new ConfigException(file, line, null, "YAML aliases (*" + p.getText() + ") are not supported; write the value out");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    Entry entry = new Entry(key, keyLine, read(p));
                    Entry previous = entries.putIfAbsent(key, entry);
                    if (previous != null) {
                        throw duplicateKey.report(file, previous, entry);
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new Sequence(items, line);
            }
            case VALUE_STRING -> {
                return new Scalar(Kind.STRING, p.getText(), null, style(p, line), line);
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(Kind.INTEGER, p.getText(), p.getNumberValue(), style(p, line), line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(Kind.DECIMAL, p.getText(), decimal(p), style(p, line), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(Kind.BOOLEAN, p.getText(), null, style(p, line), line);
            }
            case VALUE_NULL -> {
                return new Scalar(Kind.NULL, "", null, Style.PLAIN, line);
            }
            default -> throw new ConfigException(file, line, null, "unsupported YAML content (" + t + ")");
        }
    }

    /** A float's value; YAML's {@code .inf} and {@code .nan}, which Jackson types as floats but cannot convert, included. */
    private static double decimal(JsonParser p) throws IOException {
        return switch (p.getText()) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> p.getDoubleValue();
        };
    }

    /** The style of the scalar at the current token, from the source character where it starts. */
    private Style style(JsonParser p, int line) {
        int column = p.currentTokenLocation().getColumnNr();
        if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
            return Style.PLAIN;
        }
        return switch (lines[line - 1].charAt(column - 1)) {
            case '"', '\'' -> Style.QUOTED;
            case '|' -> Style.LITERAL;
            case '>' -> Style.FOLDED;
            default -> Style.PLAIN;
        };
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        StringBuilder b = new StringBuilder();
        for (String part : message.split("\\R")) {
            String s = part.strip();
            // snakeyaml's caret lines point at a column; the line number is already in the prefix
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
