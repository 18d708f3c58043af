package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.harness.cli.CliErrorsTest.assertUserError;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

/**
 * {@code --timeslice-us}: round robin among equal priorities. Two threads of equal priority compute in
 * long stretches and report to a third after each: with slices they take turns, without they do not.
 */
class CliTimesliceTest {

    private static Path workload(Path dir) throws Exception {
        Path f = dir.resolve("rr.yaml");
        Files.writeString(f, """
                name: rr
                threads:
                  - name: a
                    space: a
                    code: |
                      mov r5, 6
                      l:
                      compute 1000000
                      loop r5, l
                      ipc.send @c
                      halt
                  - name: b
                    space: b
                    code: |
                      mov r5, 6
                      l:
                      compute 1000000
                      loop r5, l
                      ipc.send @c
                      halt
                  - name: c
                    space: c
                    priority: 200
                    code: |
                      ipc.wait
                      ipc.wait
                      halt
                """);
        return f;
    }

    @Test
    void equalPrioritiesTakeTurnsEveryTimeSlice(@TempDir Path dir) throws Exception {
        Path f = workload(dir);
        Cli sliced = Cli.run("run", "--workload", f.toString(), "--format", "csv", "--timeslice-us", "1000");
        Cli none = Cli.run("run", "--workload", f.toString(), "--format", "csv", "--timeslice-us", "0");
        assertThat(sliced.status()).as(sliced.err()).isZero();
        assertThat(none.status()).as(none.err()).isZero();
        ResultTable s = CsvResults.parse("sliced", sliced.out());
        ResultTable n = CsvResults.parse("none", none.out());
        for (int i = 0; i < 3; i++) {
            // 6 ms of computing each, 1 ms slices: about a dozen round-robin switches; without slices only c preempts
            assertThat(Long.parseLong(s.value(i, "blocks_preemption"))).as(s.value(i, "model")).isGreaterThanOrEqualTo(8);
            assertThat(Long.parseLong(n.value(i, "blocks_preemption"))).as("only c waking up, twice").isLessThanOrEqualTo(2);
        }
        assertThat(s.distinct("blocks_preemption")).as("the same in every model").hasSize(1);
    }

    @Test
    void aNegativeSliceIsAUserError() {
        Cli r = Cli.run("run", "--workload", "pingpong", "--timeslice-us", "-1");
        assertUserError(r, "bad --timeslice-us -1");
    }

    @Test
    void theSliceIsRecordedInConfigJson(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=10", "--model", "perthread", "--timeslice-us", "2500",
                "--out", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"timesliceMicros\" : 2500");
    }
}
