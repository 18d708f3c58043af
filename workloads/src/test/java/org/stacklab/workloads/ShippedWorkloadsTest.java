package org.stacklab.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.machine.config.ConfigException;

/** The shipped workloads: each loads with its defaults and with overrides, and does what its header says. */
class ShippedWorkloadsTest {
    static final Insn IPC = new Insn.Syscall(SyscallKind.IPC);
    static final long NIL = ThreadId.NIL.raw();
    static final long ANY = ThreadId.ANY.raw();
    static final long SEND_ZERO = 0x0400_0000L;

    static Stream<String> names() {
        return Workloads.names().stream();
    }

    static long id(int index) {
        return Kernel.globalIdOf(index).raw();
    }

    static String resource(String path) throws IOException {
        try (InputStream in = Workloads.class.getResourceAsStream("/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theLibrary() {
        assertThat(Workloads.names()).containsExactly("big-copy", "exception", "flukeperf", "forward", "fpu-pingpong", "idle-threads", "latency", "memtest", "mix", "null-rpc", "null-syscall", "pingpong");
    }

    @Test
    void theIndexListsEveryWorkloadFileInTheResourceFolder() throws IOException {
        Path folder = Path.of("src/main/resources/workloads");
        try (Stream<Path> files = Files.list(folder)) {
            List<String> yaml = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertThat(yaml).isEqualTo(Workloads.names());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void theReadmeListsIt(String name) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).as("README ## Workloads").contains("\n| `" + name + "` | ");
    }

    @ParameterizedTest
    @MethodSource("names")
    void loadsWithDefaultsAndNamesItself(String name) throws IOException {
        Workload w = Workloads.load(name, Map.of());
        assertThat(w.name()).isEqualTo(name);
        assertThat(w.description()).isNotBlank();
        assertThat(w.threads()).isNotEmpty();
        assertThat(resource("workloads/" + name + ".yaml")).as("header comment").startsWith("# " + name + ": ").contains("What it measures");
    }

    @ParameterizedTest
    @MethodSource("names")
    void rejectsAnUnknownOverride(String name) {
        assertThatThrownBy(() -> Workloads.load(name, Map.of("bogus", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("workloads/" + name + ".yaml: field 'parameters.bogus': unknown parameter (--param bogus=1)");
    }

    @Test
    void anUnknownNameListsTheLibrary() {
        assertThatThrownBy(() -> Workloads.load("pingpnog", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("workloads/pingpnog.yaml: no shipped workload named 'pingpnog'; shipped: big-copy, exception, flukeperf, forward, fpu-pingpong, idle-threads, latency, memtest, mix, null-rpc, null-syscall, pingpong "
                        + "(or give the path of a .yaml file)");
    }

    @Test
    void nullSyscall() {
        Workload w = Workloads.load("null-syscall", Map.of());
        assertThat(w.parameters()).containsExactly(Map.entry("iterations", "10000"));
        assertThat(w.threads()).hasSize(1);
        assertThat(w.threads().get(0).program().code()).containsExactly(
                new Insn.Mov(4, 10000),
                new Insn.Mov(0, id(0)),                              // ThreadSwitch(@self)
                new Insn.Syscall(SyscallKind.THREAD_SWITCH),
                new Insn.Loop(4, 2),
                new Insn.Halt());

        Workload once = Workloads.load("null-syscall", Map.of("iterations", "1"));
        assertThat(once.threads().get(0).program().at(0)).isEqualTo(new Insn.Mov(4, 1));
        assertThatThrownBy(() -> Workloads.load("null-syscall", Map.of("iterations", "0")))
                .hasMessageContaining("field 'parameters.iterations': 0 is below the minimum 1");
    }

    @Test
    void latency() {
        Workload w = Workloads.load("latency", Map.of("periods", "5", "period_us", "2000"));
        assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("rt", "server", "client", "cruncher", "sink", "copier");
        assertThat(w.threads().get(0).priority()).isGreaterThan(w.threads().get(1).priority());
        assertThat(w.interrupts()).containsExactly(new InterruptSpec(1, "rt", 2000, 2000, 5));
        assertThat(w.threads().get(0).program().code()).startsWith(new Insn.Mov(4, 5))
                .contains(new Insn.Mov(1, org.stacklab.kernel.id.ThreadId.global(1, 1).raw()));
        // the copier's long strings: `copies` Calls to the sink, each with one string item of `copy_bytes` bytes
        assertThat(w.parameters()).containsEntry("copies", "100").containsEntry("copy_bytes", "32768");
        assertThat(w.threads().get(5).program().code()).startsWith(new Insn.Mov(4, 100))
                .contains(new Insn.SetMrImm(1, 32768L << 10), new Insn.Mov(0, id(4)));
        assertThat(Workloads.load("latency", Map.of("copy_bytes", "0")).threads().get(5).program().code()).contains(new Insn.Mov(5, 0));
    }

    @Test
    void mix() {
        Workload w = Workloads.load("mix", Map.of("clients", "3", "periods", "7", "period_us", "300"));
        assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("rt", "pager", "handler", "server", "client0", "client1", "client2");
        assertThat(w.threads()).extracting(ThreadSpec::space).containsExactly("rt", "pager", "handler", "server", "clients", "clients", "clients");
        assertThat(w.threads().get(0).priority()).isGreaterThan(w.threads().get(1).priority()).isGreaterThan(100);
        assertThat(w.threads().subList(4, 7)).extracting(ThreadSpec::exceptionHandler).containsOnly("handler");
        assertThat(w.interrupts()).containsExactly(new InterruptSpec(1, "rt", 300, 300, 7));
        assertThat(w.spaces()).extracting(SpaceSpec::name).containsExactly("clients", "server");
        assertThat(w.spaces()).extracting(SpaceSpec::pager).containsOnly("pager");
        // kernel_faults selects the server's buffer: premapped 0x400000 or fresh pages from 0x1000000
        assertThat(w.threads().get(3).program().code()).startsWith(new Insn.Mov(7, 1), new Insn.Mov(8, 0x400000));
        assertThat(Workloads.load("mix", Map.of("kernel_faults", "0")).threads().get(3).program().code()).startsWith(new Insn.Mov(7, 0));
        assertThatThrownBy(() -> Workloads.load("mix", Map.of("kernel_faults", "2")))
                .hasMessageContaining("field 'parameters.kernel_faults': 2 is above the maximum 1");
    }

    @Test
    void flukeperf() {
        Workload w = Workloads.load("flukeperf", Map.of());
        assertThat(w.parameters()).containsExactly(Map.entry("iterations", "5000"), Map.entry("sleep_us", "100"), Map.entry("sleeps", "2"),
                Map.entry("spawns", "200"), Map.entry("timeout_us", "5000"), Map.entry("work", "10"));
        assertThat(w.threads()).extracting(ThreadSpec::name)
                .containsExactly("server1", "server2", "server3", "client1", "client2", "client3", "child", "spawner", "sleeper");
        assertThat(w.threads()).extracting(ThreadSpec::space)   // six spaces for the three pairs; child and spawner share one
                .containsExactly("server1", "server2", "server3", "client1", "client2", "client3", "spawn", "spawn", "sleeper");
        // each client calls its own server (ids 64..66), in another space
        for (int i = 0; i < 3; i++) {
            List<Insn> c = w.threads().get(3 + i).program().code();
            assertThat(c).as("client" + (i + 1)).contains(new Insn.Mov(0, id(i)), new Insn.Mov(1, id(i)), IPC);
            assertThat(c.get(c.size() - 1)).isEqualTo(new Insn.Halt());
        }
        assertThat(w.threads().get(3).program().code()).as("null IPC and yield")
                .containsSubsequence(new Insn.Mov(0, NIL), new Insn.Mov(1, NIL), new Insn.Mov(2, 0), IPC,
                        new Insn.Mov(0, NIL), new Insn.Syscall(SyscallKind.THREAD_SWITCH));
        assertThat(w.threads().get(4).program().code()).as("ExchangeRegisters read of itself")
                .containsSubsequence(new Insn.Mov(0, id(4)), new Insn.Mov(1, 0), new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS));
        long timeouts = org.stacklab.kernel.ipc.Timeout.word(org.stacklab.kernel.ipc.Timeout.NEVER, org.stacklab.kernel.ipc.Timeout.period(5000));
        assertThat(w.threads().get(5).program().code()).as("Call with a receive timeout")
                .containsSubsequence(new Insn.Mov(0, id(2)), new Insn.Mov(1, id(2)), new Insn.Mov(2, timeouts), IPC);
        List<Insn> spawner = w.threads().get(7).program().code();
        assertThat(spawner).as("create, read, switch to, delete")
                .containsSubsequence(new Insn.Mov(1, 1), new Insn.Syscall(SyscallKind.THREAD_CONTROL),
                        new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS), new Insn.Syscall(SyscallKind.THREAD_SWITCH),
                        new Insn.Mov(1, 0), new Insn.Syscall(SyscallKind.THREAD_CONTROL));
        assertThat(spawner).contains(new Insn.Mov(0, org.stacklab.kernel.id.ThreadId.global(64 + 6, 2).raw()),
                new Insn.Mov(0, org.stacklab.kernel.id.ThreadId.global(64 + 6, 3).raw()));
        long sleep = org.stacklab.kernel.ipc.Timeout.word(org.stacklab.kernel.ipc.Timeout.NEVER, org.stacklab.kernel.ipc.Timeout.period(100));
        assertThat(w.threads().get(8).program().code()).as("Sleep: receive from self with a timeout")
                .containsSubsequence(new Insn.Mov(0, NIL), new Insn.Mov(1, id(8)), new Insn.Mov(2, sleep), IPC);

        Workload small = Workloads.load("flukeperf", Map.of("iterations", "3", "sleeps", "0"));
        assertThat(small.threads().get(3).program().at(0)).isEqualTo(new Insn.Mov(8, 3));
        assertThatThrownBy(() -> Workloads.load("flukeperf", Map.of("spawns", "0")))
                .hasMessageContaining("field 'parameters.spawns': 0 is below the minimum 1");
    }

    @Test
    void nullRpc() {
        Workload w = Workloads.load("null-rpc", Map.of());
        assertThat(w.parameters()).containsExactly(Map.entry("rounds", "10000"));
        assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("server", "client");
        ThreadSpec server = w.threads().get(0);
        ThreadSpec client = w.threads().get(1);
        assertThat(server.space()).isNotEqualTo(client.space());

        List<Insn> c = client.program().code();
        assertThat(c).startsWith(new Insn.Mov(4, 10000));
        assertThat(c).containsSubsequence(
                new Insn.SetMrImm(0, MsgTag.of(0, 0, 0).raw()),                                 // empty message
                new Insn.Mov(0, id(0)), new Insn.Mov(1, id(0)), new Insn.Mov(2, 0), IPC);       // Call(server)
        assertThat(c).noneMatch(i -> i instanceof Insn.Compute);                                  // no user work
        assertThat(c.get(c.size() - 1)).isEqualTo(new Insn.Halt());

        List<Insn> s = server.program().code();
        assertThat(s).startsWith(new Insn.Mov(0, NIL), new Insn.Mov(1, ANY), new Insn.Mov(2, 0), IPC);   // Wait once
        assertThat(s).containsSubsequence(
                new Insn.SetMrImm(0, MsgTag.of(0, 0, 0).raw()),
                new Insn.Mov(0, id(1)), new Insn.Mov(1, ANY), new Insn.Mov(2, SEND_ZERO), IPC);  // ReplyWait(client)
        assertThat(s).doesNotContain(new Insn.Halt());
    }

    @Test
    void pingpong() {
        Workload w = Workloads.load("pingpong", Map.of());
        assertThat(w.parameters()).containsExactly(Map.entry("rounds", "10000"), Map.entry("work", "10"));
        assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("server", "client");
        ThreadSpec server = w.threads().get(0);
        ThreadSpec client = w.threads().get(1);
        assertThat(server.space()).isNotEqualTo(client.space());

        List<Insn> c = client.program().code();
        assertThat(c).startsWith(new Insn.Mov(4, 10000));
        assertThat(c).containsSubsequence(
                new Insn.SetMrImm(0, MsgTag.of(0, 2, 0).raw()),        // two untyped words
                new Insn.SetMr(1, 4),
                new Insn.SetMr(2, 5),
                new Insn.Mov(0, id(0)), new Insn.Mov(1, id(0)), new Insn.Mov(2, 0), IPC,   // Call(server)
                new Insn.Compute(10));
        assertThat(c.get(c.size() - 1)).isEqualTo(new Insn.Halt());

        List<Insn> s = server.program().code();
        assertThat(s).startsWith(new Insn.Mov(0, NIL), new Insn.Mov(1, ANY), new Insn.Mov(2, 0), IPC);   // Wait once
        assertThat(s).containsSubsequence(
                new Insn.GetMr(4, 1),
                new Insn.SetMr(1, 4),                                                        // echo
                new Insn.Mov(0, id(1)), new Insn.Mov(1, ANY), new Insn.Mov(2, SEND_ZERO), IPC,   // ReplyWait(client)
                new Insn.Jump(4));
        assertThat(s).doesNotContain(new Insn.Halt());                                        // stays blocked

        Workload short_ = Workloads.load("pingpong", Map.of("rounds", "3", "work", "0"));
        assertThat(short_.parameters()).containsExactly(Map.entry("rounds", "3"), Map.entry("work", "0"));
        assertThat(short_.threads().get(1).program().at(0)).isEqualTo(new Insn.Mov(4, 3));
        assertThat(short_.threads().get(1).program().code()).contains(new Insn.Compute(0));
    }

    @Test
    void idleThreads() {
        Workload w = Workloads.load("idle-threads", Map.of());
        assertThat(w.parameters()).containsExactly(Map.entry("clients", "1000"), Map.entry("work", "10"));
        assertThat(w.threads()).hasSize(1001);
        assertThat(w.threads().get(0).name()).isEqualTo("server");
        assertThat(w.threads().subList(1, 1001)).allSatisfy(t -> assertThat(t.space()).isEqualTo("clients"));
        assertThat(w.threads().get(1000).name()).isEqualTo("client999");
        assertThat(w.threads().get(0).space()).isNotEqualTo("clients");

        List<Insn> client = w.threads().get(7).program().code();
        assertThat(client).containsExactly(
                new Insn.SetMrImm(0, MsgTag.of(0, 1, 0).raw()),
                new Insn.SetMrImm(1, id(7)),                                               // @self
                new Insn.Mov(0, id(0)), new Insn.Mov(1, id(0)), new Insn.Mov(2, 0), IPC,  // Call(server)
                new Insn.Mov(0, NIL), new Insn.Mov(1, ANY), new Insn.Mov(2, 0), IPC,      // Wait: blocks forever
                new Insn.Halt());

        List<Insn> server = w.threads().get(0).program().code();
        assertThat(server).containsSubsequence(
                new Insn.Mov(0, NIL), new Insn.Mov(1, ANY), new Insn.Mov(2, 0), IPC,
                new Insn.Compute(10),
                new Insn.MovReg(0, 0), new Insn.Mov(1, ANY), new Insn.Mov(2, SEND_ZERO), IPC,   // ReplyWait(r0 = the caller)
                new Insn.Jump(4));

        assertThat(Workloads.load("idle-threads", Map.of("clients", "0")).threads()).hasSize(1);
        assertThat(Workloads.load("idle-threads", Map.of("clients", "5")).threads())
                .extracting(ThreadSpec::name).containsExactly("server", "client0", "client1", "client2", "client3", "client4");
    }

    @Test
    void aShippedWorkloadCopiedToDiskLoadsTheSame(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        for (String f : List.of("pingpong.yaml", "pingpong-client.s", "pingpong-server.s")) {
            Files.writeString(dir.resolve(f), resource("workloads/" + f));
        }
        Workload fromDisk = Workloads.load(dir.resolve("pingpong.yaml").toString(), Map.of("rounds", "7"));
        assertThat(fromDisk).isEqualTo(Workloads.load("pingpong", Map.of("rounds", "7")));
    }
}
