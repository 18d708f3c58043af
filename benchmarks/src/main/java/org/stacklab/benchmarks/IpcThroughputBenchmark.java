package org.stacklab.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * Simulated one-way IPCs per second of host time, per model, on the shipped {@code pingpong}
 * workload. One invocation simulates {@value #ROUNDS} Call/ReplyWait round trips
 * ({@code 2 * ROUNDS} one-way IPCs), so the reported throughput is one-way IPCs per second.
 * Targets (issue 2): 1,000,000/s for continuation and stateless, 500,000/s for perthread, one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Djdk.virtualThreadScheduler.parallelism=1"})
public class IpcThroughputBenchmark {
    static final int ROUNDS = 20_000;

    @Param({"perthread", "continuation", "stateless"})
    public String model;

    @Param({"ppro200"})
    public String machine;

    private MachineProfile profile;
    private Workload pingpong;

    @Setup(Level.Trial)
    public void load() {
        profile = MachineProfiles.load(machine);
        pingpong = Workloads.load("pingpong", Map.of("rounds", Integer.toString(ROUNDS)));
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public long pingpong() {
        Kernel kernel = new Kernel(new Machine(profile), Models.byName(model).create(), new KernelOptions(false, 1L << 50));
        pingpong.install(kernel);
        kernel.run();
        if (kernel.counters().messages != 2L * ROUNDS) {
            throw new IllegalStateException(model + ": expected " + 2 * ROUNDS + " messages, got " + kernel.counters().messages);
        }
        return kernel.machine().clock().now();
    }
}
