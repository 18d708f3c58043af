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
        assertThat(again.err()).doesNotContain("note:");

        Files.createDirectories(out.resolve("report"));
        Cli third = Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--model", "perthread", "--out", out.toString());
        assertThat(third.err()).contains("note: " + out.resolve("report") + "/ shows the earlier run; 'stacklab report " + out + "' redraws it");
    }

    @Test
    void traceRefusesAMemTraceThatWouldOverwriteTheJson(@TempDir Path dir) {
        String json = dir.resolve("t.json").toString();

        assertUserError(Cli.run("trace", "--workload", "pingpong", "--param", "rounds=5", "--model", "perthread",
                "--out", json, "--mem-trace", json), "bad --mem-trace", "the --out file");
        assertThat(dir.resolve("t.json")).doesNotExist();
    }

    @Test
    void traceOutUnderAFileIsOneLineBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes"), "x");
        Path out = dir.resolve("notes/t.json");

        assertUserError(Cli.run("trace", "--workload", "pingpong", "--param", "rounds=5", "--out", out.toString()),
                "cannot write --out " + out, dir.resolve("notes") + " is a file, not a folder");
        assertUserError(Cli.run("trace", "--workload", "pingpong", "--param", "rounds=5", "--out", dir.resolve("t.json").toString(),
                "--mem-trace", out.toString().replace(".json", ".din")), "cannot write --mem-trace");
    }

    @Test
    void traceCreatesMissingFolders(@TempDir Path dir) {
        Path out = dir.resolve("a/b/t.json");

        Cli r = Cli.run("trace", "--workload", "pingpong", "--param", "rounds=5", "--model", "stateless", "--out", out.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out).isNotEmptyFile();
    }

    @Test
    void everyTraceHelpExampleIsValid() {
        String help = Cli.run("trace", "--help").out();
        // the examples' options and parameters exist (big-copy has bytes and rounds, no 'copies')
        assertThat(help).contains("--param rounds=2 --out copy.json").doesNotContain("copies=");
    }

    private static final Path TINY = Path.of("src/test/resources/experiments/good/tiny.yaml");

    @Test
    void reportOnAStoppedSweepSaysHowManyPointsItHas(@TempDir Path dir) {
        Path sm = dir.resolve("sm");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", sm.toString(), "--stop-after", "3", "--progress", "none").status()).isZero();

        Cli r = Cli.run("report", sm.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("note: " + sm.resolve("results.csv") + " holds 3 of the ")
                .contains("the sweep was stopped or is still running")
                .contains("'stacklab sweep FILE --out " + sm + "' again");

        assertThat(Cli.run("sweep", TINY.toString(), "--out", sm.toString(), "--progress", "none").status()).isZero();
        assertThat(Cli.run("report", sm.toString()).err()).doesNotContain("note:");
    }

    @Test
    void reportOnAStoppedShardNamesTheShard(@TempDir Path dir) {
        Path s1 = dir.resolve("s1");
        assertThat(Cli.run("sweep", TINY.toString(), "--shard", "1/2", "--out", s1.toString(), "--stop-after", "1", "--progress", "none")
                .status()).isZero();

        assertThat(Cli.run("report", s1.toString()).err()).contains("holds 1 of the ").contains("points of shard 1/2")
                .contains("--shard 1/2 --out " + s1);
    }

    @Test
    void aMistypedCommandIsNamedWithTheClosestOnes() {
        Cli r = Cli.run("swep", "config/experiments/stack-memory.yaml");

        assertUserError(r, "stacklab: unknown command 'swep' (did you mean 'sweep'", "; commands: run, sweep, merge");
        assertThat(r.err()).doesNotContain("Unmatched");
    }

    @Test
    void aMistypedOptionIsNamedWithTheClosestOne() {
        assertUserError(Cli.run("sweep", TINY.toString(), "--wokers", "2"),
                "stacklab: unknown option '--wokers' of 'stacklab sweep' (did you mean '--workers'", "Try 'stacklab sweep --help'");
    }

    @Test
    void anExtraArgumentIsNamed() {
        assertUserError(Cli.run("report", "a", "b"), "unexpected argument 'b' for 'stacklab report'");
    }

    @Test
    void envJsonAsksGitInStacklabsFolderNotTheWorkingDirectory(@TempDir Path dir) {
        String before = System.getProperty("stacklab.root");
        try {
            System.clearProperty("stacklab.root");
            // tests run from harness/ with the classes in harness/target/classes: inside the checkout
            assertThat(org.stacklab.harness.experiment.RunEnvironment.sourceDir().toString()).contains("target");
            System.setProperty("stacklab.root", dir.toString());
            assertThat(org.stacklab.harness.experiment.RunEnvironment.sourceDir()).isEqualTo(dir.toAbsolutePath());
        } finally {
            if (before == null) {
                System.clearProperty("stacklab.root");
            } else {
                System.setProperty("stacklab.root", before);
            }
        }
    }

    @Test
    void versionIsTheOneEnvJsonRecords() {
        Cli r = Cli.run("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("stacklab " + org.stacklab.harness.experiment.RunEnvironment.stacklabVersion());
    }

    @Test
    void reportOnARowCutByAKillSaysSo(@TempDir Path dir) throws Exception {
        Path sm = dir.resolve("sm");
        assertThat(Cli.run("sweep", TINY.toString(), "--out", sm.toString(), "--stop-after", "3", "--progress", "none").status()).isZero();
        Path csv = sm.resolve("results.csv");
        String text = Files.readString(csv);
        Files.writeString(csv, text + text.lines().skip(1).findFirst().orElseThrow().substring(0, 20));

        assertUserError(Cli.run("report", sm.toString()), csv + ":5: the last row is cut", "--out " + sm + "' again");
        assertThat(sm.resolve("report")).doesNotExist();
    }

    @Test
    void aShippedExperimentIsSweptByNameWhereItsFileIsNotThere(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pre");
        // as 'list experiments' shows it outside a checkout: built into the jar as config/experiments/preemption.yaml
        Cli byName = Cli.run("sweep", "preemption", "--out", out.toString(), "--stop-after", "1", "--progress", "none");

        assertThat(byName.status()).as(byName.err()).isZero();
        assertThat(byName.err()).contains("note: no file preemption here; sweeping the shipped experiment 'preemption' built into the jar");
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"name\" : \"preemption\"");
    }

    @Test
    void aMissingExperimentFileListsTheShippedOnes() {
        assertUserError(Cli.run("sweep", "nothere.yaml"), "nothere.yaml: no such experiment file", "stack-memory", "list experiments");
    }

    @Test
    void demoOutIntoASweepsRunFolderIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}\n");
        Files.writeString(dir.resolve("results.csv"), "point,model\n");

        assertUserError(Cli.run("demo", "--out", dir.toString()), "bad --out " + dir + ": it is a run folder");
        assertThat(dir.resolve("stack-memory")).doesNotExist();
    }

    @Test
    void aValueThatIsNotAWholeNumberIsSaidSoInWords() {
        assertUserError(Cli.run("run", "--workload", "pingpong", "--preempt-chunk", "4k"),
                "Invalid value for option '--preempt-chunk': '4k' is not a whole number");
        assertUserError(Cli.run("trace", "--workload", "pingpong", "--out", "t.json", "--max-events", "1e6"), "'1e6' is not a whole number");
    }

    @Test
    void reportOnADemosFolderNamesItsRunFolders(@TempDir Path dir) throws Exception {
        for (String run : new String[] {"ipc-latency", "stack-memory"}) {
            Files.createDirectories(dir.resolve(run));
            Files.writeString(dir.resolve(run).resolve("results.csv"), "model\n");
        }

        assertUserError(Cli.run("report", dir.toString()), dir.resolve("results.csv") + ": no such file, but " + dir + " holds run folders ("
                + dir.resolve("ipc-latency") + ", " + dir.resolve("stack-memory") + "): report one of them, e.g. 'stacklab report "
                + dir.resolve("ipc-latency") + "'");
    }

    @Test
    void sweepMergeAndDemoOutUnderAFileIsOneLineBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        Path sub = file.resolve("sub");

        assertUserError(Cli.run("sweep", TINY.toString(), "--out", file.toString()), "cannot write --out " + file + ": it is a file, not a folder");
        assertUserError(Cli.run("sweep", TINY.toString(), "--out", sub.toString()), "cannot write --out " + sub + ": " + file + " is a file, not a folder");
        assertUserError(Cli.run("merge", file.toString(), dir.toString()), "cannot write OUT " + file + ": it is a file, not a folder");
        assertUserError(Cli.run("demo", "--out", sub.toString()), "cannot write --out " + sub + ": " + file + " is a file");
    }

    @Test
    void aValueOutsideAFixedListNamesTheClosestOne() {
        assertUserError(Cli.run("list", "experiment"),
                "positional parameter at index 0 (KIND): 'experiment' is not one of models, machines, workloads, experiments "
                        + "(did you mean 'experiments'?)");
        assertUserError(Cli.run("run", "--workload", "pingpong", "--format", "CSV"),
                "option '--format': 'CSV' is not one of table, csv, json (did you mean 'csv'?)");
        assertThat(Cli.run("list", "--format", "xml").err()).contains("'xml' is not one of text, csv, json").doesNotContain("did you mean");
    }

    @Test
    void mergeRefusesARunOutFolderInsteadOfMergingNothing(@TempDir Path dir) {
        Path run = dir.resolve("pp");
        assertThat(Cli.run("run", "--workload", "pingpong", "--param", "rounds=5", "--model", "perthread", "--out", run.toString()).status())
                .isZero();
        Path out = dir.resolve("merged");

        assertUserError(Cli.run("merge", out.toString(), run.toString()),
                "merge: " + run.resolve("config.json") + ": field 'points': missing (a 'run --out' folder?); " + run + " is not a run folder");
        assertThat(out).doesNotExist();
    }
}
