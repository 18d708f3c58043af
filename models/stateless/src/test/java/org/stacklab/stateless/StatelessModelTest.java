package org.stacklab.stateless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.CacheSpec;
import org.stacklab.machine.profile.CostModel;
import org.stacklab.machine.profile.MachineProfile;

/** The stateless model: a call waits by restart point, not by blocking a stack. */
class StatelessModelTest {

    static MachineProfile profile() {
        return new MachineProfile("test", "test machine", 100, 4, 1,
                new CacheSpec(8192, 4, 32, "LRU"), new CacheSpec(8192, 2, 32, "LRU"), new CacheSpec(262144, 4, 32, "LRU"),
                new CacheSpec(64 * 4096, 4, 4096, "LRU"), new CostModel(1, 1, 6, 50, 20, 48, 27), 4096, 64, 6, 8);
    }

    static Kernel kernel() {
        return new Kernel(new Machine(profile()), new StatelessModel(), KernelOptions.DEFAULT);
    }

    static Program client(ThreadId server, int rounds) {
        return new ProgramBuilder("client")
                .mov(7, rounds).label("loop")
                .setMrImm(0, MsgTag.of(0x42, 1, 0).raw()).setMr(1, 7)
                .mov(0, server.raw()).mov(1, server.raw()).mov(2, 0)
                .syscall(SyscallKind.IPC)
                .loop(7, "loop").halt().build();
    }

    static Program server() {
        return new ProgramBuilder("server")
                .mov(0, 0).mov(1, ThreadId.ANY.raw()).mov(2, 0).syscall(SyscallKind.IPC)
                .label("loop")
                .getMr(3, 1).addImm(3, 1000)
                .setMrImm(0, MsgTag.of(0, 1, 0).raw()).setMr(1, 3)
                .movReg(0, 0).mov(1, ThreadId.ANY.raw()).mov(2, Timeout.word(Timeout.ZERO, Timeout.NEVER))
                .syscall(SyscallKind.IPC)
                .jump("loop").build();
    }

    @Test
    void pingpongEchoesEveryRoundAndRestartsEachCall() {
        Kernel k = kernel();
        ThreadId serverId = Kernel.globalIdOf(1);
        Tcb c = k.createThread("client", "a", 100, client(serverId, 5));
        Tcb s = k.createThread("server", "b", 100, server());

        assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);

        List<Observation> log = c.user().log();
        assertThat(log).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(log.get(i).from()).isEqualTo(serverId.raw());
            assertThat(log.get(i).words()).containsExactly(5 - i + 1000);
        }
        assertThat(c.peekState()).isEqualTo(ThreadState.HALTED);
        assertThat(s.peekState()).isEqualTo(ThreadState.WAITING);
        assertThat(s.user().log()).hasSize(5);
        assertThat(k.counters().messages).isEqualTo(10);
        assertThat(k.stacks().inUseMax()).isEqualTo(1);
        assertThat(k.stacks().bytesInUse()).isZero();
    }

    @Test
    void idleClientsCostNoStackMemory() {
        long[] peaks = new long[2];
        int[] sizes = {10, 1000};
        for (int i = 0; i < 2; i++) {
            Kernel k = kernel();
            ThreadId serverId = Kernel.globalIdOf(0);
            k.createThread("server", "s", 100, server());
            for (int n = 0; n < sizes[i]; n++) {
                k.createThread("client" + n, "c", 100, new ProgramBuilder("client")
                        .setMrImm(0, 0).mov(0, serverId.raw()).mov(1, serverId.raw()).mov(2, 0).syscall(SyscallKind.IPC)
                        .mov(0, 0).mov(1, ThreadId.ANY.raw()).mov(2, 0).syscall(SyscallKind.IPC).halt().build());
            }
            assertThat(k.run()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(k.threads().stream().filter(t -> t.peekState() == ThreadState.WAITING)).hasSize(sizes[i] + 1);
            peaks[i] = k.stacks().reservedBytesPeak();
        }
        assertThat(peaks[0]).isEqualTo(peaks[1]).isEqualTo(4096);
    }
}
