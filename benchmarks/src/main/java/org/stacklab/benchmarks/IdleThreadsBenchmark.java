package org.stacklab.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * One whole run of the shipped {@code idle-threads} workload with {@code clients} threads that end
 * blocked in the kernel, in a 4 GB heap ({@code -Xmx4g}): the time it takes, and, by completing,
 * that 100,000 blocked threads fit (issue 2). For {@code perthread} each blocked thread keeps its
 * Java call chain on a parked virtual thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Djdk.virtualThreadScheduler.parallelism=1"})
public class IdleThreadsBenchmark {

    @Param({"perthread", "continuation", "stateless"})
    public String model;

    @Param({"100000"})
    public int clients;

    private MachineProfile profile;
    private Workload workload;

    @Setup(Level.Trial)
    public void load() {
        profile = MachineProfiles.load("ppro200");
        workload = Workloads.load("idle-threads", Map.of("clients", Integer.toString(clients)));
    }

    @Benchmark
    public long idleThreads() {
        Kernel kernel = new Kernel(new Machine(profile), Models.byName(model).create(), new KernelOptions(false, 1L << 50));
        workload.install(kernel);
        kernel.run();
        long blocked = kernel.threads().stream().filter(t -> t.peekState() == ThreadState.WAITING).count();
        if (blocked != clients + 1L) {
            throw new IllegalStateException(model + ": expected " + (clients + 1) + " blocked threads, got " + blocked);
        }
        return kernel.stacks().reservedBytesPeak();
    }
}
