package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User errors: one line on stderr, exit status 2, nothing on stdout, never a stack trace. */
class CliErrorsTest {

    static void assertUserError(Cli r, String... fragments) {
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(Main.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("stacklab: ").doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void unknownModelListsTheModels() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--model", "fluke"),
                "unknown model 'fluke'", "perthread, continuation, stateless");
    }

    @Test
    void paramWithoutValue() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--param", "rounds"), "bad --param 'rounds'", "KEY=VALUE");
    }

    @Test
    void unknownParamNamesTheWorkloadsParameters() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--param", "roundz=5"), "roundz", "rounds");
    }

    @Test
    void nonNumericParam() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--param", "rounds=many"), "rounds", "many");
    }

    @Test
    void unknownMachineListsTheProfiles() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--machine", "vax780"), "vax780", "ppro200");
    }

    @Test
    void badMachineFileNamesFileLineAndField(@TempDir Path dir) throws Exception {
        String good;
        try (var in = CliErrorsTest.class.getResourceAsStream("/config/machines/ppro200.yaml")) {
            good = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> lines = new java.util.ArrayList<>(good.lines().toList());
        int line = 0;
        while (!lines.get(line).startsWith("clockMhz:")) {
            line++;
        }
        lines.set(line, "clockMhz: fast");
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, String.join("\n", lines) + "\n");
        assertUserError(Cli.run("run", "--workload", "pingpong", "--machine", f.toString()), "bad.yaml:" + (line + 1), "clockMhz");
    }

    @Test
    void badExceptionHandlerNamesFileLineAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exh.yaml");
        Files.writeString(f, """
                threads:
                  - name: handler
                    space: h
                    code: halt
                  - name: faulter
                    space: f
                    exception_handler: handlr
                    code: |
                      ud
                      halt
                """);
        assertUserError(Cli.run("run", "--workload", f.toString()),
                "exh.yaml:7: field 'threads[1].exception_handler': no thread named 'handlr' (did you mean 'handler'?)");
    }

    @Test
    void demoWithAnUnknownOptionRunsNothing(@TempDir Path dir) {
        Cli r = Cli.run("demo", "--machine", "vax780", "--out", dir.toString());
        assertThat(r.status()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("unknown option '--machine'").doesNotContain("[1/");
    }

    @Test
    void unknownWorkload() {
        assertUserError(Cli.run("run", "--workload", "no-such-workload"), "no-such-workload", "pingpong");
    }

    @Test
    void badFormat() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--format", "xml"), "--format", "table, csv, json");
    }

    @Test
    void missingWorkload() {
        assertUserError(Cli.run("run"), "--workload");
    }

    @Test
    void unknownCommand() {
        assertUserError(Cli.run("frobnicate"), "frobnicate");
    }

    @Test
    void chartOfAMissingFile(@TempDir Path dir) {
        assertUserError(Cli.run("chart", "--in", dir.resolve("none.csv").toString(), "--out", dir.resolve("c.png").toString()),
                "none.csv", "no such file");
    }

    @Test
    void demoIntoAnUnwritablePlaceFailsBeforeRunning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Cli r = Cli.run("demo", "--out", file.resolve("sub").toString());
        assertUserError(r, "cannot write");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "chart", "models", "machines", "workloads"})
    void everyCommandHasHelp(String command) {
        Cli r = Cli.run(command, "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: stacklab " + command);
        if (command.equals("run")) {
            assertThat(r.out()).contains("Default: ppro200").contains("Default: 1");
        }
    }

    @Test
    void noArgumentsPrintsHelp() {
        Cli r = Cli.run();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: stacklab").contains("run").contains("demo");
    }
}
