package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.perthread.Fixture.ANY;
import static org.stacklab.perthread.Fixture.NEVER;
import static org.stacklab.perthread.Fixture.NIL;
import static org.stacklab.perthread.Fixture.ipc;
import static org.stacklab.perthread.Fixture.tag;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;

/** 100,000 threads blocked in the kernel at once: one parked carrier each, in the 4 GB test heap. */
class ManyBlockedThreadsTest {

    /**
     * The idle-threads workload as a relay, so the ready queues stay short: every client first waits
     * for a "go" message carrying its own id; then it Calls the server once, passes "go" on to the next
     * client (id + 1 thread number), and waits for ever in a closed receive on a thread that never sends.
     * (With all clients ready at once, each IPC's {@code pickNext(partner)} would walk the whole ready
     * queue: the shared scheduler's removal is linear.)
     */
    static Kernel relay(int n) {
        Kernel k = Fixture.kernel(Fixture.ppro200(), new KernelOptions(false, 1L << 40));
        ThreadId serverId = k.nextThreadId();
        k.createThread("server", "server", 100, Fixture.server());
        ThreadId silentId = k.nextThreadId();
        k.createThread("silent", "silent", 100, ipc(new ProgramBuilder("silent"), NIL, ANY, NEVER).halt().build());
        ProgramBuilder c = ipc(new ProgramBuilder("client"), NIL, ANY, NEVER).getMr(9, 1);
        ipc(c.setMrImm(0, tag(0x11, 1)).setMrImm(1, 1), serverId.raw(), serverId.raw(), NEVER);
        c.addImm(9, 1L << ThreadId.VERSION_BITS).setMrImm(0, tag(0x60, 1)).setMr(1, 9)
                .movReg(0, 9).mov(1, NIL).mov(2, NEVER).syscall(SyscallKind.IPC);
        Program client = ipc(c, NIL, silentId.raw(), NEVER).halt().build();
        ThreadId first = ThreadId.global(k.nextThreadId().number() + 1, 1);
        ProgramBuilder starter = new ProgramBuilder("starter").setMrImm(0, tag(0x60, 1)).setMrImm(1, first.raw());
        // at a lower priority, the starter runs once every client waits for its go
        k.createThread("starter", "starter", 99, ipc(starter, first.raw(), NIL, NEVER).halt().build());
        for (int i = 0; i < n; i++) {
            k.createThread("client" + i, "clients", 100, client);
        }
        return k;
    }

    @Test
    void aHundredThousandThreadsBlockInTheKernelAndAreUnwound() {
        int n = 100_000;
        Kernel k = relay(n);
        PerThreadModel model = (PerThreadModel) k.model();
        long t0 = System.nanoTime();

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("perthread: %,d threads blocked in the kernel; run and unwind took %,d ms%n", n + 2, ms);
        Tcb last = k.threads().get(n + 2);
        assertThat(last.peekState()).isEqualTo(ThreadState.WAITING);
        assertThat(last.user().completedCalls()).as("got go, the reply, and 0x4 passing go on past the last client").isEqualTo(3);
        assertThat(k.stacks().inUse()).isEqualTo(n + 2);
        assertThat(k.stacks().bytesInUse()).isEqualTo((n + 2) * StackMemoryTest.blockedChainBytes(k));
        assertThat(k.counters().messages).as("go, call and reply per client").isEqualTo(3L * n);
        assertThat(model.baton().started()).isEqualTo(n + 3);
        assertThat(model.baton().alive()).isZero();
    }

    @Test
    void theRelayIsCorrectOnASmallScale() {
        Kernel k = relay(3);
        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
        for (int i = 3; i <= 5; i++) {
            Tcb c = k.threads().get(i);
            assertThat(c.peekState()).isEqualTo(ThreadState.WAITING);
            assertThat(c.stack().frames()).containsExactly("SYSCALL_ENTRY", "IPC", "IPC_RECEIVE", "SCHEDULE", "CONTEXT_SWITCH");
            assertThat(c.user().completedCalls()).isEqualTo(3);
        }
        assertThat(k.threads().get(0).user().completedCalls()).isEqualTo(3);
    }
}
