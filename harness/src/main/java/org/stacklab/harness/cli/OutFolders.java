package org.stacklab.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.stacklab.harness.UserError;

/**
 * Checks of an output folder before anything runs ({@code sweep}, {@code merge}, {@code demo}): a file
 * where the folder or one of its parents should be, or no permission to create or write it, is one line
 * naming the option and the culprit (exit 2), not {@code "afile/sub: Not a directory"} after the fact.
 */
final class OutFolders {
    private OutFolders() {}

    /** Refuses {@code dir} if it, or the nearest of its parents that exists, is not a writable folder. */
    static void check(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + option + " " + dir + ": it is a file, not a folder");
        }
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        if (!Files.isDirectory(p)) {
            throw new UserError("cannot write " + option + " " + dir + ": " + p + " is a file, not a folder");
        }
        if (!Files.isWritable(p)) {
            throw new UserError("cannot write " + option + " " + dir + ": permission denied (" + p + ")");
        }
    }
}
