package org.stacklab.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's "CSV columns" table documents exactly the columns the harness writes, in order, with their units. */
class ReadmeColumnsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

    @Test
    void readmeListsEveryColumnInOrderWithItsUnit() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String section = text.substring(text.indexOf("## CSV columns"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Matcher m = ROW.matcher(section);
        List<String> columns = new java.util.ArrayList<>();
        while (m.find()) {
            columns.add(m.group(1));
            Metric metric = Metric.byColumn(m.group(1));
            assertThat(metric).as(m.group(1)).isNotNull();
            assertThat(m.group(2).strip()).as("unit of " + m.group(1)).isEqualTo(metric.unit());
        }
        assertThat(columns).isEqualTo(Metric.header());
    }
}
