package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.machine.memory.Purpose;

/**
 * ThreadControl deletion on every model (semantics.md §2.7): queued senders fail with 0x4, closed waits
 * on the deleted thread with 0x5, its ids are stale (§8 vectors 4 and 5: Receive → 0x5, Send → 0x4), and
 * its kernel memory is freed. {@code Scenario.run} checks the kernel invariants after every run.
 */
class DeleteConformanceTest {

    @EveryModel
    void queuedSendersFailWith0x4AndTheStaleIdGives0x4And0x5(KernelModelProvider model) {
        Scenario s = DeleteScenarios.deleteWithQueuedSenders();
        Outcome o = s.run(model);

        for (String sender : new String[] {"S1", "S2", "S3"}) {
            assertThat(o.log(sender)).as(sender).containsExactly(Expect.error(0x4));
        }
        assertThat(o.log("A")).as("delete; then Send(D) and Receive(D) with D's now stale id (vectors 5 and 4)")
                .containsExactly(Expect.deleted(s.ids().global("D")), Expect.error(0x4), Expect.error(0x5));
        assertThat(o.log("D")).isEmpty();
        assertThat(o.state("D")).isEqualTo(ThreadState.DELETED);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void closedWaitsOnTheDeletedThreadFailWith0x5AndOpenWaitsGoOn(KernelModelProvider model) {
        Outcome o = DeleteScenarios.deleteWithClosedWaits().run(model);

        assertThat(o.log("R1")).as("by local id").containsExactly(Expect.error(0x5));
        assertThat(o.log("R2")).as("by global id, from another space, with a deadline").containsExactly(Expect.error(0x5));
        assertThat(o.log("R3")).isEmpty();
        assertThat(o.state("R3")).isEqualTo(ThreadState.WAITING);
        assertThat(o.kernel().timers().size()).isZero();
    }

    @EveryModel
    void aCallWhoseReceivePhaseIsPendingOnTheDeletedThreadFailsWith0x5(KernelModelProvider model) {
        Scenario s = DeleteScenarios.deleteWithARecvPendingCall();
        Outcome o = s.run(model);

        assertThat(o.log("D")).containsExactly(Expect.received(s.ids().local("C"), 1));
        assertThat(o.log("C")).containsExactly(Expect.error(0x5));
        assertThat(o.log("A")).containsExactly(Expect.deleted(s.ids().global("D")));
    }

    @EveryModel
    void deletingBlockedThreadsFreesTheirKernelMemory(KernelModelProvider model) {
        Scenario s = DeleteScenarios.deleteBlockedThreads();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.deleted(s.ids().global("V1")), Expect.deleted(s.ids().global("V2")),
                Expect.deleted(s.ids().global("V3")));
        assertThat(o.log("R")).as("V2 and V3 left R's send queue").containsExactly(Expect.error(0x3));
        for (String v : new String[] {"V1", "V2", "V3"}) {
            assertThat(o.state(v)).isEqualTo(ThreadState.DELETED);
            assertThat(o.log(v)).isEmpty();
        }
        assertThat(o.kernel().timers().size()).isZero();
        long block = o.kernel().threads().get(0).blockBytes();
        assertThat(o.kernel().threadBlockBytes()).as("two thread blocks left").isEqualTo(2 * block);
        assertThat(o.kernel().machine().kernelMemory().reserved(Purpose.TCB)).isEqualTo(2 * block);
        assertThat(o.kernel().machine().kernelMemory().peakReserved(Purpose.TCB)).isEqualTo(5 * block);
        assertThat(o.kernel().stacks().stacks()).extracting(st -> st.name()).as("no stack of a deleted thread is left (perthread: in its block)")
                .doesNotContain("V1", "V2", "V3");
    }

    @EveryModel
    void v4v5_idsMadeStaleByDeletionAndRecreationFailAndTheNewVersionWorks(KernelModelProvider model) {
        Scenario s = DeleteScenarios.deleteAndRecreate();
        Outcome o = s.run(model);
        ThreadId d = s.ids().global("D");
        ThreadId d2 = ThreadId.global(d.number(), 2);
        String created = "c" + d.number() + ".2";

        assertThat(o.log("A")).containsExactly(Expect.deleted(d), Expect.created(d2), Expect.error(0x4), Expect.error(0x5), Expect.sent(1));
        assertThat(o.log(created)).as("the re-created thread, same space: A's local id").containsExactly(Expect.received(s.ids().local("A"), 5));
        assertThat(o.thread(created).globalId()).isEqualTo(d2);
        assertThat(o.state("D")).isEqualTo(ThreadState.DELETED);
        assertThat(o.state(created)).isEqualTo(ThreadState.HALTED);
        long block = o.kernel().threads().get(0).blockBytes();
        assertThat(o.kernel().machine().kernelMemory().reserved(Purpose.TCB)).as("D's slot is used again").isEqualTo(2 * block);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
    }

    @EveryModel
    void createTakesTheNextUnusedNumberAndRejectsBadIdsIpsAndPriorities(KernelModelProvider model) {
        Outcome o = DeleteScenarios.createFresh().run(model);
        ThreadId fresh = org.stacklab.kernel.Kernel.globalIdOf(1);

        assertThat(o.log("A")).containsExactly(Expect.created(fresh), Expect.threadControlError(2), Expect.threadControlError(2),
                Expect.threadControlError(2), Expect.threadControlError(5), Expect.threadControlError(5),
                Expect.received(org.stacklab.kernel.Kernel.localIdOf(1), 9));
        assertThat(o.reg("A", 9)).isEqualTo(9);
        assertThat(o.log("c" + fresh.number() + ".1")).containsExactly(Expect.sent(1));
    }

    @EveryModel
    void deletingAnotherSpacesThreadYourselfNilOrAStaleIdFails(KernelModelProvider model) {
        Scenario s = DeleteScenarios.deletePermission();
        Outcome o = s.run(model);

        assertThat(o.log("A")).containsExactly(Expect.threadControlError(2), Expect.threadControlError(5), Expect.threadControlError(2),
                Expect.threadControlError(5), Expect.deleted(s.ids().global("B")), Expect.threadControlError(2));
        assertThat(o.state("X")).isEqualTo(ThreadState.HALTED);
        assertThat(o.state("B")).isEqualTo(ThreadState.DELETED);
    }
}
