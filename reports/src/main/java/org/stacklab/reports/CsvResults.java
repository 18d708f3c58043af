package org.stacklab.reports;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and writes result CSV: RFC 4180 with a header row, {@code \n} line ends, UTF-8.
 *
 * <p>Invariant: {@code read(write(t))} equals {@code t}, and writing the same table gives the same bytes.
 */
public final class CsvResults {
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).build();

    private CsvResults() {}

    /** The table as CSV text. */
    public static String toCsv(ResultTable table) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, WRITE)) {
            p.printRecord(table.columns());
            for (List<String> row : table.rows()) {
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the table to {@code file}, creating parent directories. */
    public static void write(ResultTable table, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toCsv(table), StandardCharsets.UTF_8);
    }

    /**
     * Reads a result file.
     *
     * @throws ResultFileException if it is missing, not UTF-8, has no header, or a row has the wrong
     *                             number of values
     */
    public static ResultTable read(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ResultFileException(label, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new ResultFileException(label, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ResultFileException(label, 0, "cannot read: " + e.getMessage());
        }
        return parse(label, text);
    }

    /**
     * The line number (1-based, the header being line 1) on which each row of {@code text} ends, in
     * row order, counting blank lines and line breaks inside quoted values; for messages about a value.
     * Call it only on text that {@link #parse} accepts.
     */
    public static List<Long> rowLines(String text) {
        List<Long> lines = new ArrayList<>();
        try (Reader in = new java.io.StringReader(text); CSVParser parser = READ.parse(in)) {
            for (CSVRecord r : parser) {
                lines.add(r.getParser().getCurrentLineNumber());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Parses CSV text; {@code label} names it in messages. */
    public static ResultTable parse(String label, String text) {
        try (Reader in = new java.io.StringReader(text); CSVParser parser = READ.parse(in)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new ResultFileException(label, 1, "no header row: expected column names such as model,workload,...");
            }
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                if (r.size() != header.size()) {
                    throw new ResultFileException(label, r.getParser().getCurrentLineNumber(),
                            "row has " + r.size() + " values; the header has " + header.size() + " columns");
                }
                rows.add(r.toList());
            }
            return new ResultTable(header, rows);
        } catch (IllegalArgumentException e) { // e.g. a duplicate column name
            throw new ResultFileException(label, 1, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new ResultFileException(label, 0, "malformed CSV: " + e.getMessage());
        }
    }
}
