package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.SyscallKind;

/**
 * Propagated IPC (semantics.md §2.8, §2.6, §3.1 bit p, §3.4 word -6; conformance vector 15 of §8) on
 * every model and differentially ({@link PropagationScenarios}): a sender sets tag.p and its
 * VirtualSender TCR; when allowed the receiver sees tag.p = 1, {@code from} = the virtual sender (its
 * local id in the receiver's space) and ActualSender = the real sender, and a virtual sender in a closed
 * wait on the propagator is redirected to the receiver; when not allowed p is cleared and the message is
 * an ordinary one from the real sender.
 */
class PropagationConformanceTest {

    private static Observation propagated(ThreadId from, long word) {
        return new Observation(SyscallKind.IPC, from.raw(), PropagationScenarios.PROPAGATED_TAG, 0, new long[] {word});
    }

    private static ThreadId seenBy(Scenario.Ids ids, String who, String by) {
        return ids.space(who).equals(ids.space(by)) ? ids.local(who) : ids.global(who);
    }

    @EveryModel
    void v15_theReceiverSeesPropagationTheVirtualSenderAndTheActualSenderAndRepliesToTheVirtualSender(KernelModelProvider model) {
        for (Scenario s : List.of(
                PropagationScenarios.forwarding("v15: V and P share a space, R elsewhere", "a", "a", "r", true),
                PropagationScenarios.forwarding("R in V's space sees V's local id", "a", "a", "a", true),
                PropagationScenarios.forwarding("V elsewhere, R in P's space", "v", "a", "a", true),
                PropagationScenarios.forwarding("P busy: V's Call is pending its receive phase", "a", "a", "r", false))) {
            Scenario.Ids ids = s.ids();
            Outcome o = s.run(model);
            String where = s.name();

            assertThat(o.end()).as(where).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(o.log("R")).as(where + ": R receives the propagated message from V, then its reply to V succeeds")
                    .containsExactly(propagated(seenBy(ids, "V", "R"), 8), Expect.sent(1));
            assertThat(new MsgTag(o.log("R").get(0).tag()).propagated()).as(where + ": tag.p = 1").isTrue();
            assertThat(o.reg("R", 9)).as(where + ": ActualSender TCR = P (global id)").isEqualTo(ids.global("P").raw());
            assertThat(o.reg("R", 10)).as(where + ": from").isEqualTo(seenBy(ids, "V", "R").raw());
            assertThat(o.log("P")).as(where + ": P receives V's Call, then sends (p kept in its tag)")
                    .containsExactly(Expect.received(seenBy(ids, "V", "P"), 7),
                            new Observation(SyscallKind.IPC, 0, PropagationScenarios.PROPAGATED_TAG, 0, new long[0]));
            assertThat(o.log("V")).as(where + ": V's Call, redirected from P to R, gets R's reply")
                    .containsExactly(Expect.received(seenBy(ids, "R", "V"), 9));
            for (String t : List.of("R", "P", "V")) {
                assertThat(o.state(t)).as(where + ": " + t).isEqualTo(ThreadState.HALTED);
            }
            assertThat(o.kernel().counters().propagations).as(where).isEqualTo(1);
            assertThat(o.kernel().counters().redirections).as(where).isEqualTo(1);
        }
    }

    @EveryModel
    void propagationNotAllowedClearsPAndDeliversAnOrdinaryMessageFromTheRealSender(KernelModelProvider model) {
        for (Scenario s : PropagationScenarios.catalogue().stream().filter(x -> x.name().startsWith("propagation not allowed")).toList()) {
            Scenario.Ids ids = s.ids();
            Outcome o = s.run(model);
            String where = s.name();
            long plain = MsgTag.of(Prog.LABEL, 1, 0).raw();

            assertThat(o.log("R")).as(where).containsExactly(Expect.received(ids.global("P"), 8));
            assertThat(o.reg("R", 9)).as(where + ": no ActualSender written").isZero();
            assertThat(o.log("P")).as(where + ": P's send succeeds with p cleared in its tag").containsExactly(Expect.sent(1));
            assertThat(o.reg("P", 10)).as(where + ": P's MR0 has p cleared").isEqualTo(plain);
            assertThat(o.state("V")).as(where).isEqualTo(ThreadState.WAITING);
            assertThat(o.kernel().counters().propagations).as(where).isZero();
        }
    }

    @EveryModel
    void aClosedWaitOnTheVirtualSenderAcceptsThePropagatedSend(KernelModelProvider model) {
        Scenario s = PropagationScenarios.closedWaitOnTheVirtualSender();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("R")).containsExactly(propagated(ids.global("V"), 8));
        assertThat(o.reg("R", 9)).isEqualTo(ids.global("P").raw());
        assertThat(o.state("V")).as("V waits for anything: no redirection").isEqualTo(ThreadState.WAITING);
        assertThat(o.kernel().counters().redirections).isZero();
    }

    @EveryModel
    void theSenderMayNameItselfAsVirtualSender(KernelModelProvider model) {
        Scenario s = PropagationScenarios.selfAsVirtualSender();
        Scenario.Ids ids = s.ids();
        Outcome o = s.run(model);

        assertThat(o.log("R")).containsExactly(propagated(ids.global("P"), 8));
        assertThat(o.reg("R", 9)).as("ActualSender = P too").isEqualTo(ids.global("P").raw());
        assertThat(o.kernel().counters().propagations).isEqualTo(1);
    }

    static Stream<Arguments> scenarios() {
        return PropagationScenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
