package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.perthread.Fixture.ANY;
import static org.stacklab.perthread.Fixture.NEVER;
import static org.stacklab.perthread.Fixture.NIL;
import static org.stacklab.perthread.Fixture.ipc;
import static org.stacklab.perthread.Fixture.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;

/** Same workload, same result: logs, cycles, counters and memory figures (DESIGN.md rule 4). */
class DeterminismTest {

    /** A mix: two ping-pong pairs at different priorities, queued senders, yields, and idle clients. */
    static Kernel mixed() {
        Kernel k = Fixture.kernel();
        ThreadId s1 = k.nextThreadId();
        k.createThread("server1", "s1", 100, Fixture.server());
        ThreadId s2 = k.nextThreadId();
        k.createThread("server2", "s2", 120, Fixture.server());
        for (int i = 0; i < 4; i++) {
            k.createThread("c1-" + i, "c1", 100, Fixture.client(s1, 20 + i));
            k.createThread("c2-" + i, "c2", 110 + i, Fixture.client(s2, 10 + i));
        }
        for (int i = 0; i < 3; i++) {
            ProgramBuilder y = new ProgramBuilder("yielder").mov(8, 5).label("l").mov(0, NIL).syscall(SyscallKind.THREAD_SWITCH);
            y.setMrImm(0, tag(0x40 + i, 1)).setMrImm(1, i);
            ipc(y, s1.raw(), s1.raw(), NEVER).loop(8, "l").halt();
            k.createThread("yielder" + i, "y", 100, y.build());
        }
        ThreadId silent = k.nextThreadId();
        k.createThread("silent", "z", 90, ipc(new ProgramBuilder("silent"), NIL, ANY, NEVER).halt().build());
        for (int i = 0; i < 5; i++) {
            k.createThread("idle" + i, "z", 90, ipc(new ProgramBuilder("idle"), NIL, silent.raw(), NEVER).halt().build());
        }
        return k;
    }

    static String fingerprint(Kernel k) {
        k.run();
        StringBuilder sb = new StringBuilder();
        sb.append("cycles=").append(k.machine().clock().now())
                .append(" loads=").append(k.machine().memory().kernelLoads())
                .append(" stores=").append(k.machine().memory().kernelStores())
                .append(" peak=").append(k.stacks().bytesInUsePeak())
                .append(" switches=").append(k.counters().contextSwitches)
                .append(" dispatches=").append(k.counters().dispatches)
                .append(" messages=").append(k.counters().messages).append('\n');
        for (Tcb t : k.threads()) {
            sb.append(t.name()).append(' ').append(t.peekState()).append(' ').append(t.user().log()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void twoRunsGiveIdenticalResults() {
        String first = fingerprint(mixed());
        String second = fingerprint(mixed());
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("messages=");
    }

    @Test
    void concurrentRunsOnManyHostThreadsGiveTheSameResult() throws Exception {
        String reference = fingerprint(mixed());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> fingerprint(mixed())));
            }
            for (Future<String> f : runs) {
                assertThat(f.get()).isEqualTo(reference);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theIdleWorkloadIsDeterministicWithoutLogsToo() {
        KernelOptions noLogs = new KernelOptions(false, 1L << 40);
        Kernel a = StackMemoryTest.idleThreads(200, noLogs);
        Kernel b = StackMemoryTest.idleThreads(200, noLogs);
        a.run();
        b.run();
        assertThat(b.machine().clock().now()).isEqualTo(a.machine().clock().now());
        for (int i = 0; i < a.threads().size(); i++) {
            assertThat(b.threads().get(i).user().digest()).isEqualTo(a.threads().get(i).user().digest());
        }
    }
}
