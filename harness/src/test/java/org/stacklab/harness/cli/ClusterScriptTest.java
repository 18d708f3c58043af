package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/cluster.md}'s Slurm scripts, run locally without Slurm: the array script once per task
 * with the variables Slurm would set, then the merge script; the merged folder equals an unsharded
 * sweep byte for byte. {@code ./stacklab} is replaced by a script that runs this test's classpath (the
 * launcher would build with Maven). And the scripts in the document are the files.
 */
class ClusterScriptTest {
    private static final Path DOCS = Path.of("../docs");

    @Test
    void theDocumentShowsTheScriptsAsTheyAre() throws IOException {
        String md = Files.readString(DOCS.resolve("cluster.md"));
        for (String f : List.of("sweep-array.sbatch", "merge.sbatch", "submit.sh")) {
            assertThat(md).as(f).contains("```bash\n" + Files.readString(DOCS.resolve("cluster").resolve(f)) + "```");
        }
        String array = Files.readString(DOCS.resolve("cluster/sweep-array.sbatch"));
        assertThat(array).contains("#SBATCH --array=1-").contains("--shard ${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}")
                .contains("--out \"results/$NAME/shard-$SLURM_ARRAY_TASK_ID\"");
        assertThat(Files.readString(DOCS.resolve("cluster/submit.sh"))).contains("--dependency=afterok:");
    }

    @Test
    void arrayTasksThenMergeEqualAnUnshardedSweep(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("checkout");
        Files.createDirectories(work.resolve("config/experiments"));
        Files.writeString(work.resolve("config/experiments/small.yaml"), """
                name: small
                workloads: [pingpong, null-rpc]
                models: all
                params:
                  rounds: [5, 20]
                seeds: [1]
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path launcher = work.resolve("stacklab");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -Djdk.virtualThreadScheduler.parallelism=2 -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path docs = DOCS.toAbsolutePath().resolve("cluster");
        for (int i = 1; i <= 3; i++) {
            bash(work, docs.resolve("sweep-array.sbatch"), Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(i), "SLURM_ARRAY_TASK_COUNT", "3",
                    "SLURM_CPUS_PER_TASK", "2", "SLURM_SUBMIT_DIR", work.toString(), "EXPERIMENT", "config/experiments/small.yaml"));
            assertThat(work.resolve("results/small/shard-" + i + "/shard.json")).content().contains("\"" + i + "/3\"");
        }
        bash(work, docs.resolve("merge.sbatch"), Map.of("SLURM_SUBMIT_DIR", work.toString(), "EXPERIMENT", "config/experiments/small.yaml"));
        Path whole = tmp.resolve("whole");
        Cli r = Cli.run("sweep", work.resolve("config/experiments/small.yaml").toString(), "--out", whole.toString(), "--progress", "none");
        assertThat(r.status()).as(r.err()).isZero();
        for (String f : List.of("config.json", "results.csv", "results.jsonl")) {
            assertThat(work.resolve("results/small/all").resolve(f)).as(f).hasSameBinaryContentAs(whole.resolve(f));
        }
        assertThat(work.resolve("results/small/all/report/index.html")).isNotEmptyFile();
    }

    private static void bash(Path dir, Path script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(script + ":\n" + out).isZero();
    }
}
