package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.harness.experiment.Experiments;
import org.stacklab.harness.model.Models;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;
import org.stacklab.workloads.Workloads;

/** {@code stacklab list} and its old forms {@code models}, {@code machines}, {@code workloads}. */
class CliListTest {
    @Test
    void listWithoutKindHasTheFourSectionsInOrder() {
        Cli r = Cli.run("list");
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        List<String> headings = r.out().lines().filter(l -> !l.isEmpty() && !l.startsWith("  ")).toList();
        assertThat(headings).containsExactly("models:", "machines:", "workloads:", "experiments:");
        int entries = Models.names().size() + MachineProfiles.names().size() + Workloads.names().size() + Experiments.names().size();
        assertThat(r.out().lines().filter(l -> l.startsWith("  "))).hasSize(entries);
        assertThat(r.out()).contains("  perthread ", "  ppro200 ", "  idle-threads ", "  demo-stack-memory ");
    }

    @Test
    void oneKindIsTheOldCommandsOutput() {
        for (String kind : List.of("models", "machines", "workloads")) {
            Cli list = Cli.run("list", kind);
            Cli old = Cli.run(kind);
            assertThat(list.status()).isZero();
            assertThat(old.status()).isZero();
            assertThat(list.out()).as(kind).isEqualTo(old.out()).doesNotContain(kind + ":");
        }
        assertThat(Cli.run("list", "models").out().lines().map(l -> l.split(" ")[0]).toList()).containsExactlyElementsOf(Models.names());
        assertThat(Cli.run("machines").out()).contains("ppro200", "-byte kernel stacks]");
    }

    @Test
    void experimentsShowNamePointsFileAndTheFirstSentence() {
        Cli r = Cli.run("list", "experiments");
        assertThat(r.status()).isZero();
        String line = r.out().lines().filter(l -> l.startsWith("stack-memory ")).findFirst().orElseThrow();
        assertThat(line).contains("  Kernel memory (TCBs and kernel stacks) as the number of blocked client threads grows from 10 to "
                + "100,000 on a log scale, on every kernel-stack model. [15 points; built into the jar as config/experiments/stack-memory.yaml]");
        assertThat(r.out().lines().map(l -> l.split(" ")[0]).toList()).containsExactlyElementsOf(Experiments.names());
    }

    @Test
    void csvAndJsonHaveKindNameDescriptionDetails() throws IOException {
        Cli csv = Cli.run("list", "workloads", "--format", "csv");
        assertThat(csv.status()).isZero();
        ResultTable t = CsvResults.parse("stdout", csv.out());
        assertThat(t.columns()).containsExactly("kind", "name", "description", "details");
        assertThat(t.distinct("name")).containsExactlyElementsOf(Workloads.names());
        assertThat(t.distinct("kind")).containsExactly("workloads");
        assertThat(t.where("name", "idle-threads").value(0, "details")).contains("clients=1000");

        Cli json = Cli.run("list", "--format", "json");
        assertThat(json.status()).isZero();
        JsonNode all = new ObjectMapper().readTree(json.out());
        assertThat(all.isArray()).isTrue();
        assertThat(all.get(0).get("kind").asText()).isEqualTo("models");
        assertThat(all.get(0).get("name").asText()).isEqualTo("perthread");
        assertThat(all.get(all.size() - 1).get("kind").asText()).isEqualTo("experiments");
    }

    @Test
    void experimentFilesUnderTheLauncherRootAreListedAndABrokenOneIsExit2(@TempDir Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("config/experiments"));
        Files.writeString(folder.resolve("mine.yaml"), "name: my-sweep\ndescription: Mine. Not yours.\nworkload: pingpong\nmodels: [stateless]\n");
        Files.copy(Path.of("src/test/resources/experiments/demo/broken.yaml"), folder.resolve("broken.yaml"));
        String before = System.getProperty(Experiments.ROOT_PROPERTY);
        System.setProperty(Experiments.ROOT_PROPERTY, root.toString());
        try {
            Cli r = Cli.run("list", "experiments");
            assertThat(r.status()).isEqualTo(Main.USER_ERROR);
            assertThat(r.out()).containsPattern("(?m)^my-sweep +Mine\\. \\[1 point; " + java.util.regex.Pattern.quote(folder.resolve("mine.yaml") + "]") + "$");
            assertThat(r.out()).containsPattern("(?m)^broken +\\(cannot load: " + java.util.regex.Pattern.quote(folder.resolve("broken.yaml")
                    + ":3: field 'models': unknown model"));
            assertThat(r.out()).contains("stack-memory ", "built into the jar"); // the shipped ones are still listed
        } finally {
            if (before == null) {
                System.clearProperty(Experiments.ROOT_PROPERTY);
            } else {
                System.setProperty(Experiments.ROOT_PROPERTY, before);
            }
        }
    }

    @Test
    void anUnknownKindIsExit2() {
        Cli r = Cli.run("list", "models2");
        assertThat(r.status()).isEqualTo(Main.USER_ERROR);
        assertThat(r.err()).contains("models2", "models, machines, workloads, experiments");
    }
}
