package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/**
 * Demand paging through every model with the shipped {@code memtest} workload: each first touch of a
 * page in the paged space faults to the user-level pager (semantics.md §7), whose map item installs
 * the page; the faulting touch then goes on. The pager sees exactly one fault message per page, in
 * address order, with the fault address, the PC of the touch and the write bit in the label.
 */
class PagingRunTest {
    private static final long BASE = 0x100000;
    private static final int PAGES = 6;
    private static final long BYTES = (PAGES - 1) * 4096L + 100;

    private static Kernel run(KernelModelProvider m) {
        Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), KernelOptions.DEFAULT);
        Workload w = Workloads.load("memtest", Map.of("bytes", Long.toString(BYTES)));
        w.install(k);
        assertThat(k.run()).as(m.name()).isEqualTo(RunOutcome.QUIESCENT);
        return k;
    }

    private static Tcb thread(Kernel k, String name) {
        return k.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("one fault per page, each resolved by the pager's map item, in every model")
    void oneFaultPerPage() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = run(m);
            assertThat(k.counters().pageFaults).as(m.name()).isEqualTo(PAGES);
            assertThat(k.counters().pagesMapped).as(m.name()).isEqualTo(PAGES);
            assertThat(k.counters().ops).as(m.name() + ": the pager's calls and the fault deliveries").isEqualTo(2L * PAGES);
            Tcb app = thread(k, "app");
            assertThat(app.peekState()).as(m.name()).isEqualTo(ThreadState.HALTED);
            assertThat(app.user().completedCalls()).as(m.name() + ": a page fault is no system call of the thread").isZero();
            assertThat(app.user().reg(6)).as(m.name() + ": every byte touched").isEqualTo(BASE + BYTES);
            assertThat(app.space().pages().mappedPages()).as(m.name()).isEqualTo(PAGES);
            for (int p = 0; p < PAGES; p++) {
                long v = BASE + p * 4096L;
                Tcb pager = thread(k, "pager");
                assertThat(app.space().translate(v, Fpage.W)).as(m.name() + ": page " + p + " maps the pager's frame")
                        .isEqualTo(pager.space().window(v));
            }
        }
    }

    @Test
    @DisplayName("the pager observes label 0xFFE0|w, MR1 = fault address, MR2 = the touch's PC, from = the faulting thread")
    void faultMessages() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = run(m);
            Tcb app = thread(k, "app");
            List<Observation> log = thread(k, "pager").user().log();
            assertThat(log).as(m.name()).hasSize(PAGES);
            for (int p = 0; p < PAGES; p++) {
                Observation o = log.get(p);
                MsgTag tag = new MsgTag(o.tag());
                assertThat(tag.label()).as(m.name()).isEqualTo(Ipc.PAGE_FAULT_LABEL | Fpage.W);
                assertThat(tag.untyped()).isEqualTo(2);
                assertThat(o.from()).as(m.name()).isEqualTo(app.globalId().raw());
                assertThat(o.words()[0]).as(m.name() + ": fault address").isEqualTo(BASE + p * 4096L);
                assertThat(o.words()[1]).as(m.name() + ": the touch instruction").isEqualTo(2);
            }
        }
    }

    @Test
    @DisplayName("a fault with no pager halts the thread, in every model")
    void noPagerHalts() {
        for (KernelModelProvider m : Models.all()) {
            Kernel k = new Kernel(new Machine(MachineProfiles.load("ppro200")), m.create(), KernelOptions.DEFAULT);
            Workload w = Workloads.load("memtest", Map.of("bytes", "10"));
            w.install(k);
            thread(k, "app").user().utcb().setPager(0);
            assertThat(k.run()).as(m.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(thread(k, "app").peekState()).as(m.name()).isEqualTo(ThreadState.HALTED);
            assertThat(k.counters().pageFaults).as(m.name()).isZero();
            assertThat(thread(k, "app").user().reg(6)).as(m.name() + ": nothing touched").isEqualTo(BASE);
        }
    }
}
