package org.stacklab.harness.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.config.ShippedIndex;

/**
 * Where experiment files are found: the shipped ones (the repository's {@code config/experiments/},
 * also on the classpath as {@code /config/experiments/NAME.yaml}, listed in its {@code index.txt}),
 * and the folders a user keeps them in: {@code config/experiments/} under the working directory and
 * under the launcher's root (system property {@value #ROOT_PROPERTY}, set by {@code ./stacklab}).
 */
public final class Experiments {
    /** Classpath folder of the shipped experiment files. */
    public static final String RESOURCE_DIR = "config/experiments/";
    /** System property naming the stacklab folder (the launcher's root); may be unset. */
    public static final String ROOT_PROPERTY = "stacklab.root";

    private static final String INDEX = RESOURCE_DIR + "index.txt";

    private Experiments() {}

    /** Names of the shipped experiments (file names without {@code .yaml}), sorted. */
    public static List<String> names() {
        return ShippedIndex.names(resource(INDEX));
    }

    /** The label of a shipped experiment in messages: its path in the repository. */
    public static String label(String name) {
        return RESOURCE_DIR + name + ".yaml";
    }

    /**
     * Loads and validates the shipped experiment {@code name} from the classpath (so it is the same
     * file whatever the working directory).
     *
     * @throws ConfigException if there is no such experiment (listing the shipped ones) or it is invalid
     */
    public static Experiment loadShipped(String name) {
        if (!names().contains(name)) {
            throw new ConfigException(label(name), 0, null, "no such shipped experiment; shipped: " + String.join(", ", names()));
        }
        return ExperimentLoader.parse(label(name), resource(label(name)));
    }

    /**
     * The folders searched for experiment files, in order, each once, those that exist:
     * {@code config/experiments} under the working directory, then under {@value #ROOT_PROPERTY}.
     */
    public static List<Path> folders() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(RESOURCE_DIR));
        String root = System.getProperty(ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root).resolve(RESOURCE_DIR));
        }
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> folders = new ArrayList<>();
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                try {
                    if (seen.add(c.toRealPath())) {
                        folders.add(c);
                    }
                } catch (IOException e) {
                    // unreadable: not a place to list
                }
            }
        }
        return folders;
    }

    /** The {@code *.yaml} / {@code *.yml} files of {@code folder}, sorted by name. */
    public static List<Path> files(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(folder.toString(), 0, null, "cannot list: " + e.getMessage());
        }
    }

    /** The first sentence of {@code text} (up to a full stop followed by a blank, or all of it), on one line. */
    public static String firstSentence(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        int at = 0;
        while (true) {
            int dot = t.indexOf(". ", at);
            if (dot < 0) {
                return t;
            }
            // "e.g. x" and "i.e. x" are not the end of a sentence
            String before = t.substring(Math.max(0, dot - 3), dot + 1);
            if (!before.endsWith("e.g.") && !before.endsWith("i.e.") && !before.endsWith("etc.") && !before.endsWith("cf.")) {
                return t.substring(0, dot + 1);
            }
            at = dot + 2;
        }
    }

    private static String resource(String path) {
        try (InputStream in = Experiments.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("/" + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /" + path, e);
        }
    }
}
