package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.harness.cli.CliErrorsTest.assertUserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code --preempt np|pp|fp} and {@code --preempt-chunk}: validation, exit codes, the column and config.json. */
class CliPreemptTest {
    private static final String[] PINGPONG = {"run", "--workload", "pingpong", "--param", "rounds=50", "--format", "csv"};

    private static String[] args(String... more) {
        String[] a = new String[PINGPONG.length + more.length];
        System.arraycopy(PINGPONG, 0, a, 0, PINGPONG.length);
        System.arraycopy(more, 0, a, PINGPONG.length, more.length);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stateless", "continuation"})
    void aModelWithOneStackPerCpuHasNoFullyPreemptibleConfiguration(String model) {
        Cli r = Cli.run(args("--model", model, "--preempt", "fp"));
        assertUserError(r, "model '" + model + "' has no fully preemptible configuration (--preempt fp)", "one stack per CPU",
                "use --preempt pp or --preempt np");
        assertThat(r.err().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
    }

    @Test
    void namingAnUnsupportedModelAmongOthersIsAnErrorToo() {
        Cli r = Cli.run(args("--model", "perthread,stateless", "--preempt", "fp"));
        assertUserError(r, "model 'stateless' has no fully preemptible configuration");
    }

    @Test
    void allWithFpRunsPerthreadOnlyAndSaysWhichModelsItSkipped() {
        Cli r = Cli.run(args("--model", "all", "--preempt", "fp"));
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        ResultTable t = CsvResults.parse("stdout", r.out());
        assertThat(t.distinct("model")).containsExactly("perthread");
        assertThat(t.distinct("preempt")).containsExactly("fp");
        List<String> notes = r.err().lines().toList();
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).startsWith("note: --preempt fp: skipped continuation, it has no fully preemptible configuration (");
        assertThat(notes.get(1)).startsWith("note: --preempt fp: skipped stateless, it has no fully preemptible configuration (");
        // the default --model is all
        Cli byDefault = Cli.run(args("--preempt", "fp"));
        assertThat(byDefault.status()).isZero();
        assertThat(byDefault.out()).isEqualTo(r.out());
        assertThat(byDefault.err()).isEqualTo(r.err());
    }

    @Test
    void everyModelHasPreemptionPointsAndTheDefaultIsNp() {
        ResultTable pp = CliRunTest.csv(args("--preempt", "pp", "--preempt-chunk", "4096"));
        assertThat(pp.distinct("model")).containsExactly("perthread", "continuation", "stateless");
        assertThat(pp.distinct("preempt")).containsExactly("pp");
        ResultTable np = CliRunTest.csv(args());
        assertThat(np.distinct("preempt")).containsExactly("np");
        assertThat(CliRunTest.csv(args("--preempt", "NP")).distinct("preempt")).as("case-insensitive").containsExactly("np");
    }

    @Test
    void badValuesAreUserErrors() {
        assertUserError(Cli.run(args("--preempt", "full")), "--preempt", "'full'", "np, pp, fp");
        assertUserError(Cli.run(args("--preempt-chunk", "0")), "bad --preempt-chunk 0", "positive");
        assertUserError(Cli.run(args("--preempt-chunk", "-8")), "bad --preempt-chunk -8");
        assertUserError(Cli.run(args("--preempt-chunk", "8k")), "--preempt-chunk", "8k");
    }

    @Test
    void configJsonRecordsThePreemptibilityAndTheChunk(@TempDir Path dir) throws Exception {
        Cli r = Cli.run(args("--model", "stateless", "--preempt", "pp", "--preempt-chunk", "1024", "--out", dir.toString()));
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        JsonNode run = new ObjectMapper().readTree(Files.readString(dir.resolve("config.json"))).get("runs").get(0);
        assertThat(run.get("run").get("preempt").asText()).isEqualTo("pp");
        assertThat(run.get("kernel_options").get("preemptibility").asText()).isEqualTo("pp");
        assertThat(run.get("kernel_options").get("preemptChunkBytes").asInt()).isEqualTo(1024);
        assertThat(CsvResults.read(dir.resolve("results.csv")).distinct("preempt")).containsExactly("pp");

        Path np = dir.resolve("np");
        assertThat(Cli.run(args("--model", "perthread", "--out", np.toString())).status()).isZero();
        JsonNode def = new ObjectMapper().readTree(Files.readString(np.resolve("config.json"))).get("runs").get(0);
        assertThat(def.get("kernel_options").get("preemptibility").asText()).isEqualTo("np");
        assertThat(def.get("kernel_options").get("preemptChunkBytes").asInt()).isEqualTo(8192);
    }

    @Test
    void helpExplainsTheAxis() {
        Cli r = Cli.run("run", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--preempt=np|pp|fp", "--preempt-chunk=BYTES", "Default: np", "Default: 8192",
                "non-preemptible", "preemption points", "fully preemptible", "perthread only", "Fluke",
                "with --preempt fp it", "runs perthread only");
    }
}
