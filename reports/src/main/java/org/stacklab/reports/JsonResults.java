package org.stacklab.reports;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON output: result rows as an array of objects (keys in column order), and any JSON tree
 * pretty-printed the same way on every platform ({@code \n} line ends, two-space indent, a final
 * newline).
 *
 * <p>Invariant: a value that is a plain decimal number in the CSV is a JSON number with exactly the
 * same digits; everything else is a string.
 */
public final class JsonResults {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResults() {}

    /** A factory for building trees that {@link #pretty} prints. */
    public static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }

    /** The rows as a JSON array of objects. */
    public static ArrayNode toTree(ResultTable table) {
        ArrayNode array = nodes().arrayNode();
        for (List<String> row : table.rows()) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                if (NUMBER.matcher(v).matches()) {
                    o.put(table.columns().get(i), new BigDecimal(v));
                } else {
                    o.put(table.columns().get(i), v);
                }
            }
        }
        return array;
    }

    /** The rows as pretty JSON text. */
    public static String toJson(ResultTable table) {
        return pretty(toTree(table));
    }

    /** {@code tree} as pretty JSON text ending in a newline. */
    public static String pretty(JsonNode tree) {
        return pretty(tree, Integer.MAX_VALUE);
    }

    /**
     * {@code tree} as pretty JSON text ending in a newline, with objects and arrays nested deeper than
     * {@code expandedLevels} written on one line (so a list of a thousand small records stays a
     * thousand lines).
     */
    public static String pretty(JsonNode tree, int expandedLevels) {
        DepthIndenter indent = new DepthIndenter(expandedLevels);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(indent).withArrayIndenter(indent);
        try {
            return MAPPER.writer(pp).writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Two-space indentation with {@code \n}, or a single space inside containers deeper than {@code expanded}. */
    private record DepthIndenter(int expanded) implements DefaultPrettyPrinter.Indenter {
        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            int depth = 0;
            for (JsonStreamContext c = g.getOutputContext(); c != null && !c.inRoot(); c = c.getParent()) {
                depth++;
            }
            if (depth > expanded) {
                g.writeRaw(' ');
                return;
            }
            g.writeRaw('\n');
            for (int i = 0; i < level; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public boolean isInline() {
            return false;
        }
    }
}
