package org.stacklab.perthread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stacklab.perthread.Fixture.ANY;
import static org.stacklab.perthread.Fixture.NEVER;
import static org.stacklab.perthread.Fixture.NIL;
import static org.stacklab.perthread.Fixture.ipc;
import static org.stacklab.perthread.Fixture.tag;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbField;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.machine.memory.Purpose;

/** Kernel stacks in TCB blocks, and stack memory measured as threads block (DESIGN.md rule 1). */
class StackMemoryTest {

    /**
     * The idle-threads workload: a server (Wait, then ReplyWait for ever), a silent thread that waits
     * for ever and never sends, and {@code n} clients that each Call the server once and then wait for
     * ever in a closed receive on the silent thread.
     */
    static Kernel idleThreads(int n, KernelOptions options) {
        Kernel k = Fixture.kernel(Fixture.ppro200(), options);
        ThreadId serverId = k.nextThreadId();
        k.createThread("server", "server", 100, Fixture.server());
        ThreadId silentId = k.nextThreadId();
        k.createThread("silent", "silent", 100, ipc(new ProgramBuilder("silent"), NIL, ANY, NEVER).halt().build());
        ProgramBuilder c = new ProgramBuilder("client").setMrImm(0, tag(0x11, 1)).setMrImm(1, 1);
        ipc(c, serverId.raw(), serverId.raw(), NEVER);
        ipc(c, NIL, silentId.raw(), NEVER);
        var client = c.halt().build();
        for (int i = 0; i < n; i++) {
            k.createThread("client" + i, "clients", 100, client);
        }
        return k;
    }

    /** Bytes a thread blocked in an IPC receive phase keeps on its stack: trap, IPC, IPC_RECEIVE, SCHEDULE, CONTEXT_SWITCH. */
    static long blockedChainBytes(Kernel k) {
        int words = 0;
        for (KernelCode c : List.of(KernelCode.SYSCALL_ENTRY, KernelCode.IPC, KernelCode.IPC_RECEIVE, KernelCode.SCHEDULE,
                KernelCode.CONTEXT_SWITCH)) {
            words += k.exec().frameWords(c);
        }
        return (long) words * k.machine().profile().wordBytes();
    }

    @Test
    void theStackLivesInTheTcbBlockAboveTheTcbFields() {
        Kernel k = idleThreads(3, KernelOptions.DEFAULT);
        int block = k.machine().profile().kernelStackBytes();
        for (Tcb t : k.threads()) {
            assertThat(t.blockBytes()).isEqualTo(block);
            assertThat(t.base() & (block - 1)).as("block aligned to its size").isZero();
            KernelStack s = t.stack();
            assertThat(s.base()).isEqualTo(t.base() + k.layout().sizeBytes());
            assertThat(s.top()).isEqualTo(t.base() + block);
        }
        assertThat(k.machine().kernelMemory().reserved(Purpose.TCB)).isEqualTo(5L * block);
        assertThat(k.machine().kernelMemory().reserved(Purpose.STACK)).as("no stacks outside TCB blocks").isZero();
        assertThat(k.threadBlockBytes()).isEqualTo(5L * block);
        assertThat(k.layout().fields()).extracting(TcbField::name).endsWith("saved_sp");
    }

    @Test
    void blockedThreadsKeepTheirCallChainAndSavedStackPointer() {
        Kernel k = idleThreads(3, KernelOptions.DEFAULT);
        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
        TcbField savedSp = k.layout().fields().get(k.layout().fields().size() - 1);
        for (Tcb t : k.threads()) {
            assertThat(t.peekState()).isEqualTo(ThreadState.WAITING);
            assertThat(t.stack().frames()).containsExactly("SYSCALL_ENTRY", "IPC", "IPC_RECEIVE", "SCHEDULE", "CONTEXT_SWITCH");
            assertThat(t.peek(savedSp)).isEqualTo(t.stack().sp());
            assertThat(t.stack().sp() & -(long) t.blockBytes()).as("masking the saved sp finds the TCB").isEqualTo(t.base());
        }
        assertThat(k.counters().stackKeeps).isEqualTo(k.counters().blocks);
        assertThat(k.counters().stackDiscards).isZero();
    }

    @Test
    void stackBytesInUseGrowLinearlyWithBlockedThreads() {
        int[] ns = {10, 100, 1000};
        List<Long> peaks = new ArrayList<>();
        for (int n : ns) {
            Kernel k = idleThreads(n, KernelOptions.DEFAULT);
            assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
            long perThread = blockedChainBytes(k);
            assertThat(k.stacks().bytesInUse()).isEqualTo((n + 2) * perThread);
            assertThat(k.stacks().bytesInUsePeak()).isEqualTo((n + 2) * perThread);
            assertThat(k.stacks().inUse()).isEqualTo(n + 2);
            assertThat(k.stacks().reservedBytesPeak()).isEqualTo((n + 2L) * (k.machine().profile().kernelStackBytes()
                    - k.layout().sizeBytes()));
            peaks.add(k.stacks().bytesInUsePeak());
        }
        long step1 = (peaks.get(1) - peaks.get(0)) / (ns[1] - ns[0]);
        long step2 = (peaks.get(2) - peaks.get(1)) / (ns[2] - ns[1]);
        assertThat(step1).isPositive().isEqualTo(step2);
    }
}
