package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.harness.cli.CliErrorsTest.assertUserError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mistakes a researcher makes walking through the README: each one clear line, exit 2, nothing lost. */
class CliWalkthroughTest {

    @Test
    void runOutNeverOverwritesASweepsRunFolder(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sm");
        Files.createDirectories(sweep.resolve("points/00000"));
        Files.writeString(sweep.resolve("config.json"), "{\n  \"name\" : \"stack-memory\"\n}\n");
        Files.writeString(sweep.resolve("results.csv"), "point,model\n0,perthread\n");
        Files.writeString(sweep.resolve("results.jsonl"), "{}\n");
        Files.writeString(sweep.resolve("env.json"), "{}\n");

        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--out", sweep.toString());

        assertUserError(r, "bad --out " + sweep, "env.json, results.jsonl", "never overwritten");
        assertThat(Files.readString(sweep.resolve("results.csv"))).isEqualTo("point,model\n0,perthread\n");
    }

    @Test
    void runOutRefusesAFolderWithAnotherConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\n  \"name\" : \"stack-memory\"\n}\n");

        assertUserError(Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--out", dir.toString()),
                "a config.json of another kind");
    }

    @Test
    void runOutReplacesAnEarlierRunWithoutLeavingItsExtraPoints(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pp");
        assertThat(Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--out", out.toString()).status()).isZero();
        assertThat(out.resolve("points/00002/stats.txt")).exists();

        Cli again = Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--model", "perthread", "--out", out.toString());

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(out.resolve("points/00000/stats.txt")).exists();
        assertThat(out.resolve("points/00001")).doesNotExist();
        assertThat(out.resolve("points/00002")).doesNotExist();
        assertThat(Files.readString(out.resolve("results.csv"), StandardCharsets.UTF_8).lines()).hasSize(2);
    }
}
