package org.stacklab.harness.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.reports.JsonResults;

/**
 * Where a sweep ran, for the run folder's {@code env.json}: stacklab's version, the git commit of
 * stacklab's folder and whether it had uncommitted changes, the JDK, the operating system, the
 * processors and the number of workers. Never part of {@code results.csv} (which is the same on every
 * machine), and never a reason to fail: what cannot be found out is {@code "unknown"}.
 *
 * @param version    stacklab's version (the jar manifest, else the build's pom version)
 * @param gitCommit  {@code git rev-parse HEAD} in stacklab's folder ({@link #sourceDir()}), or {@code unknown}
 * @param gitDirty   {@code true}/{@code false} from {@code git status --porcelain}, or {@code unknown}
 *                   (in {@code env.json} a boolean, or {@code null} when unknown)
 * @param jdkVendor  {@code java.vendor}
 * @param jdkVersion {@code java.runtime.version}
 * @param os         {@code os.name os.version (os.arch)}
 * @param processors available processors
 * @param workers    worker threads of the sweep
 */
public record RunEnvironment(String version, String gitCommit, String gitDirty, String jdkVendor, String jdkVersion, String os,
                             int processors, int workers) {
    /** Unknown fields say so. */
    public static final String UNKNOWN = "unknown";

    /** The environment of this JVM, with git asked in {@code dir}. */
    public static RunEnvironment current(Path dir, int workers) {
        String commit = git(dir, "rev-parse", "HEAD");
        String dirty = UNKNOWN;
        if (!commit.equals(UNKNOWN)) {
            String status = git(dir, "status", "--porcelain");
            dirty = status.equals(UNKNOWN) ? UNKNOWN : Boolean.toString(!status.isEmpty());
        }
        return new RunEnvironment(stacklabVersion(), commit, dirty, System.getProperty("java.vendor", UNKNOWN),
                System.getProperty("java.runtime.version", System.getProperty("java.version", UNKNOWN)),
                System.getProperty("os.name", UNKNOWN) + " " + System.getProperty("os.version", "") + " (" + System.getProperty("os.arch", "") + ")",
                Runtime.getRuntime().availableProcessors(), workers);
    }

    /**
     * Where to ask git for the commit of the stacklab that runs: the stacklab folder the launcher passes
     * ({@code -Dstacklab.root}), else the folder of the jar (or classes) this class was loaded from, else
     * the working directory. Not the working directory first: a researcher's own repository there would
     * be recorded as stacklab's commit.
     */
    public static Path sourceDir() {
        String root = System.getProperty(Experiments.ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            return Path.of(root).toAbsolutePath();
        }
        try {
            var source = RunEnvironment.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path p = Path.of(source.getLocation().toURI());
                return java.nio.file.Files.isDirectory(p) ? p : p.getParent();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }

    /** stacklab's version: the jar manifest's Implementation-Version, else the version the build wrote, else unknown. */
    public static String stacklabVersion() {
        String v = RunEnvironment.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = RunEnvironment.class.getResourceAsStream("/org/stacklab/harness/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String pv = p.getProperty("version", "");
                if (!pv.isBlank() && !pv.contains("${")) {
                    return pv;
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return UNKNOWN;
    }

    /** The output of {@code git ARGS} in {@code dir}, stripped, or {@code unknown} (no git, not a checkout, a hang). */
    static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return UNKNOWN;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    /** As the text of {@code env.json}. */
    public String json() {
        ObjectNode o = JsonResults.nodes().objectNode();
        o.put("stacklab_version", version);
        o.put("git_commit", gitCommit);
        if (gitDirty.equals(UNKNOWN)) {
            o.putNull("git_dirty"); // a JSON boolean when known, so a script can test it
        } else {
            o.put("git_dirty", Boolean.parseBoolean(gitDirty));
        }
        o.put("jdk_vendor", jdkVendor);
        o.put("jdk_version", jdkVersion);
        o.put("os", os);
        o.put("available_processors", processors);
        o.put("workers", workers);
        return JsonResults.pretty(o);
    }
}
