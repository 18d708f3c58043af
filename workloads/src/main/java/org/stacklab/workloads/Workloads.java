package org.stacklab.workloads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.config.ShippedIndex;
import org.stacklab.workloads.spec.Source;
import org.stacklab.workloads.spec.WorkloadReader;

/**
 * The workload library: the shipped workloads (classpath {@code /workloads/NAME.yaml}, listed in
 * {@code /workloads/index.txt}) and workload files given by path. The formats are described in
 * {@link WorkloadReader} (YAML) and {@link org.stacklab.workloads.asm.ProgramText} (programs).
 */
public final class Workloads {
    /** Classpath folder of the shipped workloads. */
    public static final String RESOURCE_DIR = "workloads/";

    private static final String INDEX = RESOURCE_DIR + "index.txt";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Workloads() {}

    /** Names of the shipped workloads, sorted. */
    public static List<String> names() {
        String index;
        try (InputStream in = Workloads.class.getResourceAsStream("/" + INDEX)) {
            if (in == null) {
                throw new IllegalStateException("/" + INDEX + " is not on the classpath");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /" + INDEX, e);
        }
        return ShippedIndex.names(index);
    }

    /**
     * Loads a workload: a file if {@code nameOrPath} names an existing file or ends in {@code .yaml} /
     * {@code .yml}, otherwise a shipped workload of that name.
     *
     * @param overrides parameter values replacing the defaults ({@code --param k=v}); may be empty
     * @throws ConfigException for a missing file or unknown name (listing {@link #names()}), an unknown
     *                         parameter or non-integer override, or any problem in the files
     */
    public static Workload load(String nameOrPath, Map<String, String> overrides) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ConfigException("workload", 0, null, "no workload given; shipped: " + String.join(", ", names()));
        }
        if (isFile(nameOrPath)) {
            return WorkloadReader.read(Source.file(Path.of(nameOrPath)), overrides);
        }
        String label = RESOURCE_DIR + nameOrPath + ".yaml";
        Source shipped = Source.resource(label);
        String text = NAME.matcher(nameOrPath).matches() ? shipped.read() : null;
        if (text == null) {
            throw new ConfigException(label, 0, null, "no shipped workload named '" + nameOrPath + "'; shipped: "
                    + String.join(", ", names()) + " (or give the path of a .yaml file)");
        }
        return WorkloadReader.parse(shipped, text, overrides);
    }

    private static boolean isFile(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(s));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
