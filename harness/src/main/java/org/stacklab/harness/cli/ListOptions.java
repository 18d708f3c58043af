package org.stacklab.harness.cli;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --format text|csv|json} of the listing commands ({@code list}, {@code models}, {@code machines}, {@code workloads}). */
final class ListOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (csv and json: columns kind, name, description, details). "
                    + "Default: ${DEFAULT-VALUE}.")
    Catalog.Format format;

    /** Prints the entries of {@code kinds} on the command's stdout and returns the exit status. */
    int print(CommandSpec spec, List<Catalog.Kind> kinds) {
        List<Catalog.Entry> entries = kinds.stream().flatMap(k -> Catalog.entries(k).stream()).toList();
        Catalog.print(entries, format, kinds.size() > 1, spec.commandLine().getOut());
        return Catalog.status(entries);
    }
}
