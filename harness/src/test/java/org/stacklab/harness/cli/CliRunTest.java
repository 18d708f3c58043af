package org.stacklab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.reports.CsvResults;
import org.stacklab.reports.ResultTable;

/** The run command and the listings end to end, on the real models and workloads (demo and chart: {@link CliDemoTest}). */
class CliRunTest {
    static final String CORE_HEADER = "model,workload,machine,ops,cycles_per_op,us_per_op,stack_bytes_reserved,stack_bytes_peak,"
            + "stacks_in_use_max,stacks_in_use_avg,kernel_bytes_per_thread,kernel_l1d_lines_per_op,kernel_l1i_lines_per_op,"
            + "l1d_misses_kernel,l1d_misses_user,l2_misses,restarts,stack_discards,handoffs,recognitions";

    static ResultTable csv(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        return CsvResults.parse("stdout", r.out());
    }

    @Test
    void csvHasTheHeaderAndOneRowPerModel() {
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=200", "--model", "all", "--format", "csv");
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith(CORE_HEADER + ",");
        ResultTable t = CsvResults.parse("stdout", r.out());
        assertThat(t.distinct("model")).containsExactly("perthread", "continuation", "stateless");
        assertThat(t.distinct("ops")).as("every model completes the same system calls").hasSize(1);
        assertThat(Long.parseLong(t.value(0, "ops"))).isEqualTo(400); // 200 round trips: a Call and a ReplyWait each
        assertThat(t.distinct("outcome")).containsExactly("QUIESCENT");
        assertThat(t.distinct("params")).containsExactly("rounds=200;work=10");
    }

    @Test
    void oneModelGivesOneRow() {
        ResultTable t = csv("run", "--workload", "null-syscall", "--param", "iterations=50", "--model", "stateless", "--format", "csv");
        assertThat(t.rows()).hasSize(1);
        assertThat(t.value(0, "model")).isEqualTo("stateless");
        assertThat(t.value(0, "ops")).isEqualTo("50");
    }

    @Test
    void sameInputsGiveIdenticalOutput() {
        String[] args = {"run", "--workload", "pingpong", "--param", "rounds=300", "--format", "csv", "--seed", "7"};
        Cli a = Cli.run(args);
        Cli b = Cli.run(args);
        assertThat(a.status()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(Cli.run("run", "--workload", "pingpong", "--param", "rounds=300", "--format", "json").out())
                .isEqualTo(Cli.run("run", "--workload", "pingpong", "--param", "rounds=300", "--format", "json").out());
    }

    @Test
    void idleThreadsPerThreadStacksDwarfTheOthers() {
        ResultTable t = csv("run", "--workload", "idle-threads", "--param", "clients=1000", "--format", "csv");
        long perthread = Long.parseLong(t.where("model", "perthread").value(0, "stack_bytes_reserved"));
        long continuation = Long.parseLong(t.where("model", "continuation").value(0, "stack_bytes_reserved"));
        long stateless = Long.parseLong(t.where("model", "stateless").value(0, "stack_bytes_reserved"));
        assertThat(continuation).isPositive();
        assertThat(stateless).isPositive();
        assertThat(perthread).isGreaterThanOrEqualTo(100 * continuation).isGreaterThanOrEqualTo(100 * stateless);
        assertThat(t.where("model", "perthread").value(0, "stacks_in_use_max")).isEqualTo("1001");
    }

    @Test
    void tableShowsModelsSideBySideWithUnits() {
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=100");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("pingpong | machine=ppro200 (rounds=100, work=10)\n");
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow())
                .matches("metric +unit +perthread +continuation +stateless");
        assertThat(r.out()).containsPattern("\ncycles_per_op +cycles/op +[0-9.]+ +[0-9.]+ +[0-9.]+\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void runOutWritesResultsAndConfig(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("run", "--workload", "pingpong", "--param", "rounds=100", "--model", "perthread", "--format", "csv",
                "--out", dir.toString());
        assertThat(r.status()).isZero();
        assertThat(Files.readString(dir.resolve("results.csv"))).isEqualTo(r.out());
        String config = Files.readString(dir.resolve("config.json"));
        assertThat(config).contains("\"model\" : \"perthread\"", "\"rounds\" : \"100\"", "\"kernelStackBytes\" : 4096", "\"seed\" : 1");
    }

    @Test
    void listsNameWhatExists() {
        Cli models = Cli.run("models");
        assertThat(models.status()).isZero();
        assertThat(models.out().lines().map(l -> l.split(" ")[0]).toList()).containsExactly("perthread", "continuation", "stateless");
        Cli machines = Cli.run("machines");
        assertThat(machines.status()).isZero();
        assertThat(machines.out()).contains("ds3100", "ppro200", "x86-64");
        Cli workloads = Cli.run("workloads");
        assertThat(workloads.status()).isZero();
        assertThat(workloads.out()).contains("null-syscall", "pingpong", "idle-threads", "clients=1000");
    }

    @Test
    void headerIsTheMetricList() {
        assertThat(String.join(",", Metric.header())).startsWith(CORE_HEADER + ",");
    }
}
