package org.stacklab.workloads.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.stacklab.machine.config.ConfigException;

/**
 * Where a workload file, and the program files it names, are read from: the file system or the
 * classpath (the shipped workloads).
 *
 * <p>Invariant: {@link #label()} is how messages name the file: the path as given (resolved against
 * the workload file's folder), or the classpath name ({@code workloads/pingpong.yaml}).
 */
public sealed interface Source permits Source.FileSource, Source.ResourceSource {

    /** The name messages use. */
    String label();

    /**
     * The text, or {@code null} if there is no such file.
     *
     * @throws ConfigException if it exists but cannot be read as UTF-8 text
     */
    String read();

    /** The file {@code relative} names, relative to this one's folder. */
    Source resolve(String relative);

    /** A file on disk. */
    static Source file(Path path) {
        return new FileSource(path);
    }

    /** A classpath resource ({@code workloads/pingpong.yaml}, no leading slash). */
    static Source resource(String path) {
        return new ResourceSource(path);
    }

    record FileSource(Path path) implements Source {
        @Override
        public String label() {
            return path.toString();
        }

        @Override
        public String read() {
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return null;
            } catch (CharacterCodingException e) {
                throw new ConfigException(label(), 0, null, "not UTF-8 text");
            } catch (IOException e) {
                if (Files.isDirectory(path)) {
                    throw new ConfigException(label(), 0, null, "is a directory, not a file");
                }
                throw new ConfigException(label(), 0, null, "cannot read: " + e.getMessage());
            }
        }

        @Override
        public Source resolve(String relative) {
            try {
                return new FileSource(path.resolveSibling(relative));
            } catch (InvalidPathException e) {
                return new FileSource(Path.of(".").resolve("?invalid?"));
            }
        }
    }

    record ResourceSource(String path) implements Source {
        @Override
        public String label() {
            return path;
        }

        @Override
        public String read() {
            if (path.isEmpty() || path.startsWith("..")) {
                return null;
            }
            try (InputStream in = Source.class.getResourceAsStream("/" + path)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(label(), 0, null, "cannot read: " + e.getMessage());
            }
        }

        @Override
        public Source resolve(String relative) {
            int slash = path.lastIndexOf('/');
            String joined = relative.startsWith("/") ? relative.substring(1) : (slash < 0 ? "" : path.substring(0, slash + 1)) + relative;
            Deque<String> parts = new ArrayDeque<>();
            for (String part : joined.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (parts.isEmpty()) {
                        return new ResourceSource("../" + relative);
                    }
                    parts.removeLast();
                } else {
                    parts.addLast(part);
                }
            }
            return new ResourceSource(String.join("/", parts));
        }
    }
}
