package org.stacklab.machine.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code index.txt} that lists the shipped files of a classpath folder (machine profiles, workloads):
 * one name a line; surrounding blanks are ignored, and blank lines and lines starting with {@code #} are
 * skipped.
 */
public final class ShippedIndex {
    private ShippedIndex() {}

    /**
     * @param text the index file's content
     * @return the names it lists, sorted, unmodifiable
     */
    public static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }
}
