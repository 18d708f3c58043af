package org.stacklab.harness.cli;

/** One line of a listing: a name padded to a column, then its description. */
final class Listing {
    private Listing() {}

    static String line(int width, String name, String description) {
        return name + " ".repeat(Math.max(0, width - name.length())) + "  " + description;
    }
}
