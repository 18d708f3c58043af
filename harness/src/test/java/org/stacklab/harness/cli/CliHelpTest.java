package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/**
 * Every command's {@code --help}, found by walking {@link Main}'s command tree (so commands added
 * later are covered): exit 0, the usage on stdout, an "Examples:" section with at least one
 * {@code stacklab ...} line, and the same exit status list; the top level lists every command on one line.
 */
class CliHelpTest {
    /** Every command path below the top level, e.g. [run], [list]. */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(Main.commandLine(), new ArrayList<>(), all);
        return all.stream();
    }

    private static void walk(CommandLine c, List<String> path, List<List<String>> all) {
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            all.add(p);
            walk(e.getValue(), p, all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpExitsZeroWithExamplesAndTheExitStatusList(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String out = r.out();
        assertThat(out).contains("Usage: stacklab " + String.join(" ", command) + " ");
        assertThat(out).contains("\nExamples:\n");
        String examples = out.substring(out.indexOf("\nExamples:\n"));
        assertThat(examples.lines().skip(2).findFirst().orElse("")).as("first example").startsWith("  stacklab ");
        assertThat(out).contains("\nExit status:\n  0   success", "\n  1   failure", "\n  2   bad input");
        assertThat(out.indexOf("Exit status:")).as("exit status after the examples").isGreaterThan(out.indexOf("Examples:"));
        for (String line : out.lines().toList()) {
            assertThat(line.length()).as("line fits 80 columns: %s", line).isLessThanOrEqualTo(80);
        }
    }

    @Test
    void topLevelHelpListsEveryCommandOnOneLineWithExamples() {
        Cli r = Cli.run("--help");
        assertThat(r.status()).isZero();
        String out = r.out();
        assertThat(out).contains("\nExamples:\n  stacklab demo\n", "\nExit status:\n");
        List<String> names = commands().filter(c -> c.size() == 1).map(c -> c.get(0)).toList();
        assertThat(names).contains("run", "sweep", "report", "chart", "demo", "list", "models", "machines", "workloads", "help");
        List<String> listed = out.substring(out.indexOf("Commands:\n"), out.indexOf("\n\n", out.indexOf("Commands:\n"))).lines().skip(1).toList();
        assertThat(listed).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            assertThat(listed.get(i)).startsWith("  " + names.get(i) + " ");
            assertThat(listed.get(i).length()).isLessThanOrEqualTo(80);
        }
        assertThat(Cli.run().out()).isEqualTo(out); // no arguments: the same help
    }
}
