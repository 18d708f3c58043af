package org.stacklab.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;

/** {@link Workload#install} creates the threads in order, and the ids programs were given are theirs. */
class WorkloadInstallTest {

    @Test
    void createsSpacesAndThreadsInOrder() {
        Workload w = Workloads.load("pingpong", Map.of());
        Kernel kernel = NoOpModel.kernel();
        w.install(kernel);
        List<Tcb> threads = kernel.threads();
        assertThat(threads).extracting(Tcb::name).containsExactly("server", "client");
        assertThat(threads).extracting(t -> t.space().name()).containsExactly("server", "client");
        assertThat(kernel.spaces()).extracting(s -> s.name()).containsExactly("server", "client");
        for (int i = 0; i < threads.size(); i++) {
            assertThat(threads.get(i).globalId()).isEqualTo(Kernel.globalIdOf(i));
            assertThat(threads.get(i).user().program()).isSameAs(w.threads().get(i).program());
        }
    }

    @Test
    void theIdsInProgramsAreTheIdsTheKernelGave() {
        Workload w = Workloads.load("idle-threads", Map.of("clients", "4"));
        Kernel kernel = NoOpModel.kernel();
        w.install(kernel);
        Tcb server = kernel.threads().get(0);
        List<Tcb> clients = kernel.threads().subList(1, 5);
        for (int slot = 0; slot < clients.size(); slot++) {
            Tcb c = clients.get(slot);
            assertThat(c.name()).isEqualTo("client" + slot);
            assertThat(c.space().name()).isEqualTo("clients");
            assertThat(c.user().utcb().localId()).isEqualTo(Kernel.localIdOf(slot).raw());
            List<Insn> code = c.user().program().code();
            assertThat(code).contains(new Insn.SetMrImm(1, c.globalId().raw()));   // setmr 1, @self
            assertThat(code).contains(new Insn.Mov(0, server.globalId().raw()));    // ipc.call @server
        }
    }

    @Test
    void prioritiesAreApplied() {
        Program halt = new ProgramBuilder("h").halt().build();
        Workload w = new Workload("w", "", Map.of(), List.of(new ThreadSpec("a", "x", 7, halt), new ThreadSpec("b", "x", 200, halt)));
        Kernel kernel = NoOpModel.kernel();
        w.install(kernel);
        assertThat(kernel.threads()).extracting(t -> t.read(org.stacklab.kernel.tcb.TcbLayout.Shared.PRIORITY)).containsExactly(7L, 200L);
    }

    @Test
    void refusesAKernelThatAlreadyHasThreads() {
        Workload w = Workloads.load("null-syscall", Map.of());
        Kernel kernel = NoOpModel.kernel();
        w.install(kernel);
        assertThatThrownBy(() -> w.install(kernel))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without threads");
    }

    @Test
    void theRecordsKeepTheirInvariants() {
        Program halt = new ProgramBuilder("h").halt().build();
        assertThatThrownBy(() -> new ThreadSpec("a", "x", 256, halt)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThreadSpec("", "x", 1, halt)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Workload("w", "", Map.of(), List.of(new ThreadSpec("a", "x", 1, halt), new ThreadSpec("a", "y", 1, halt))))
                .hasMessageContaining("thread name used twice: a");
        Workload w = new Workload("w", null, Map.of("b", "2", "a", "1"), List.of(new ThreadSpec("a", "x", 1, halt)));
        assertThat(w.parameters().keySet()).containsExactly("a", "b");
        assertThat(w.description()).isEmpty();
    }
}
