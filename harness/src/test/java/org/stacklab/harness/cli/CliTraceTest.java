package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.harness.cli.CliErrorsTest.assertUserError;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code stacklab trace}: files, messages, exit codes. */
class CliTraceTest {

    @Test
    void tracesAllModelsIntoOneFileAndOneDinFilePerModel(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("pp.json");
        Path din = dir.resolve("pp.din");
        Cli r = Cli.run("trace", "--workload", "pingpong", "--param", "rounds=10", "--out", json.toString(), "--mem-trace", din.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("wrote " + json).contains("ui.perfetto.dev");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        long processes = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("M") && e.get("name").asText().equals("process_name")) {
                processes++;
            }
        }
        assertThat(processes).isEqualTo(3);
        for (String m : new String[] {"perthread", "continuation", "stateless"}) {
            Path f = dir.resolve("pp." + m + ".din");
            assertThat(f).exists();
            assertThat(Files.size(f)).isPositive();
            assertThat(r.out()).contains("wrote " + f);
        }
        assertThat(din).doesNotExist();
    }

    @Test
    void oneModelWritesTheDinFileItself(@TempDir Path dir) {
        Path din = dir.resolve("c.din");
        Cli r = Cli.run("trace", "-w", "pingpong", "-m", "continuation", "-p", "rounds=5", "-o", dir.resolve("c.json").toString(),
                "--mem-trace", din.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        assertThat(din).exists();
        assertThat(r.out()).startsWith("continuation: ");
    }

    @Test
    void saysOnStderrWhenTheTraceIsCut(@TempDir Path dir) {
        Cli r = Cli.run("trace", "-w", "pingpong", "-m", "stateless", "-o", dir.resolve("s.json").toString(), "--mem-trace",
                dir.resolve("s.din").toString(), "--max-events", "50");
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        assertThat(r.err()).contains("stopped at --max-events 50").contains("accesses left out");
    }

    @Test
    void badInputExitsWithTwo(@TempDir Path dir) {
        String out = dir.resolve("x.json").toString();
        assertUserError(Cli.run("trace", "-w", "pingpong", "-m", "nosuch", "-o", out), "nosuch");
        assertUserError(Cli.run("trace", "-w", "nosuch-workload", "-o", out), "nosuch-workload");
        assertUserError(Cli.run("trace", "-w", "pingpong", "-o", out, "--max-events", "0"), "--max-events 0");
        assertUserError(Cli.run("trace", "-w", "pingpong", "-m", "stateless", "--preempt", "fp", "-o", out), "fully preemptible");
        assertUserError(Cli.run("trace", "-w", "pingpong", "-o", dir.toString()), "is a directory");
        Cli missing = Cli.run("trace", "-w", "pingpong");
        assertThat(missing.status()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err()).contains("--out");
    }

    @Test
    void helpShowsExamples() {
        Cli r = Cli.run("trace", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Examples:").contains("stacklab trace --workload pingpong").contains("--mem-trace").contains("Dinero");
    }
}
