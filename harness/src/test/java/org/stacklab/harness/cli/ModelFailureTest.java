package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that fails is a result of that model, not the end of the command: a kernel stack that
 * overflows is reported with the call chain that overflowed it, exit status 1, and the other models'
 * rows are still printed (DESIGN.md rule 5: nothing already finished is lost).
 */
class ModelFailureTest {

    /** The ppro200 profile with kernel stacks too small for the per-thread model's IPC path. */
    static Path tinyStacks(Path dir) throws Exception {
        String text;
        try (var in = ModelFailureTest.class.getResourceAsStream("/config/machines/ppro200.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String tiny = text.replaceFirst("(?m)^kernelStackBytes:.*$", "kernelStackBytes: 128").replaceFirst("(?m)^name:.*$", "name: tiny-stacks");
        assertThat(tiny).contains("kernelStackBytes: 128");
        Path file = dir.resolve("tiny-stacks.yaml");
        Files.writeString(file, tiny);
        return file;
    }

    @Test
    void aStackOverflowFailsThatModelWithItsCallChainAndTheOthersStillReport(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--machine", tinyStacks(dir).toString(), "--format", "csv");

        assertThat(r.status()).as("stderr: %s", r.err()).isEqualTo(Main.RUN_FAILED);
        assertThat(r.err()).contains("perthread").contains("overflows pushing").contains("call chain: SYSCALL_ENTRY > IPC")
                .doesNotContain("\tat ");
        assertThat(r.out().lines()).hasSize(3); // header + continuation + stateless
        assertThat(r.out()).contains("\ncontinuation,pingpong,tiny-stacks,").contains("\nstateless,pingpong,tiny-stacks,")
                .doesNotContain("perthread,");
    }
}
