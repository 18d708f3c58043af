package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.EveryModel;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.ipc.ErrorCode;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.user.Observation;

/**
 * String items (semantics.md §3.2, §3.3; issue 3 deliverable 3): copied by the kernel from the
 * sender's space into the receiver's buffers, compound strings and several buffers, and the MESSAGE
 * OVERFLOW cases with the byte offset both partners see — with the receiver waiting first (the sender
 * copies) and with the sender queued first (the receiver copies), on every model, and observably
 * identical across the models.
 */
class StringTransferConformanceTest {

    /** A sender S (space a) sending {@code items} (typed words after MR0) and a receiver R (space b) with {@code buffers}. */
    static Scenario scenario(String name, boolean receiverFirst, int typed, String items, String buffers) {
        String sender = thread("S", "a", "setmr 0, tag(7, 0, " + typed + ")\n" + items + "ipc.send @R\nhalt\n");
        String receiver = thread("R", "b", buffers + "ipc.receive @S\ngetmr r9, 1\nhalt\n");
        String yaml = "name: " + name.replace(' ', '-') + "\nthreads:\n" + (receiverFirst ? receiver + sender : sender + receiver);
        return WorkloadScenarios.of(name + (receiverFirst ? ", receiver first" : ", sender first"), yaml);
    }

    /** One {@code threads:} entry with an inline program. */
    static String thread(String name, String space, String code) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    space: " + space + "\n    code: |\n");
        code.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> b.append("      ").append(l).append('\n'));
        return b.toString();
    }

    private static Scenario simple(boolean receiverFirst, long length, long buffer) {
        return scenario("one string", receiverFirst, 2, """
                setmr 1, string(%d)
                setmr 2, 0x200000
                """.formatted(length), """
                setbr 0, acceptor(1)
                setbr 1, buffer(%d)
                setbr 2, 0x300000
                """.formatted(buffer));
    }

    private static long error(ErrorCode code, ErrorCode.Phase phase, long offset) {
        return code.encode(phase, offset);
    }

    @EveryModel
    void aStringIsCopiedIntoTheReceiveBuffer(KernelModelProvider model) {
        for (boolean receiverFirst : List.of(true, false)) {
            Scenario s = simple(receiverFirst, 10_000, 16_384);
            Outcome o = s.run(model);
            assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
            Observation received = o.log("R").get(0);
            assertThat(received.errorCode()).as(s.name()).isZero();
            assertThat(new MsgTag(received.tag()).label()).isEqualTo(7);
            assertThat(received.from()).isEqualTo(s.ids().global("S").raw());
            assertThat(o.log("S").get(0).errorCode()).as(s.name()).isZero();
            assertThat(o.kernel().counters().bytesCopied).as(s.name()).isEqualTo(10_000);
        }
    }

    @EveryModel
    void vector13AStringToAnAcceptorWithoutSIsAnOverflowForBothAtOffset0(KernelModelProvider model) {
        for (boolean receiverFirst : List.of(true, false)) {
            Scenario s = scenario("vector 13", receiverFirst, 2, """
                    setmr 1, string(100)
                    setmr 2, 0x200000
                    """, """
                    setbr 0, acceptor(0)
                    """);
            Outcome o = s.run(model);
            assertThat(o.log("S").get(0).errorCode()).as(s.name()).isEqualTo(0x8);
            assertThat(o.log("R").get(0).errorCode()).as(s.name()).isEqualTo(0x9);
            assertThat(new MsgTag(o.log("R").get(0).tag()).error()).isTrue();
            assertThat(o.kernel().counters().bytesCopied).isZero();
        }
    }

    @EveryModel
    void aStringLongerThanItsBufferOverflowsAtTheBufferSize(KernelModelProvider model) {
        for (boolean receiverFirst : List.of(true, false)) {
            Scenario s = simple(receiverFirst, 10_000, 4096);
            Outcome o = s.run(model);
            assertThat(o.log("S").get(0).errorCode()).as(s.name()).isEqualTo(error(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.SEND, 4096));
            assertThat(o.log("R").get(0).errorCode()).as(s.name()).isEqualTo(error(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.RECEIVE, 4096));
            assertThat(o.kernel().counters().bytesCopied).isEqualTo(4096);
        }
    }

    @EveryModel
    void aCompoundStringFillsOneLogicalBufferAndASecondStringTheNextBuffer(KernelModelProvider model) {
        Scenario s = scenario("compound", true, 6, """
                setmr 1, string(3000, 1)
                setmr 2, 0x200000
                setmr 3, string(5000)
                setmr 4, 0x210000
                setmr 5, string(100)
                setmr 6, 0x220000
                """, """
                setbr 0, acceptor(1)
                setbr 1, buffer(6000, 1, 1)
                setbr 2, 0x300000
                setbr 3, buffer(2000, 1)
                setbr 4, 0x310000
                setbr 5, buffer(100)
                setbr 6, 0x320000
                """);
        Outcome o = s.run(model);
        assertThat(o.log("R").get(0).errorCode()).isZero();
        assertThat(o.log("S").get(0).errorCode()).isZero();
        assertThat(o.kernel().counters().bytesCopied).isEqualTo(8100);
    }

    @EveryModel
    void aStringWithNoBufferLeftOverflowsAfterTheStringsBeforeIt(KernelModelProvider model) {
        Scenario s = scenario("no second buffer", false, 4, """
                setmr 1, string(300)
                setmr 2, 0x200000
                setmr 3, string(100)
                setmr 4, 0x210000
                """, """
                setbr 0, acceptor(1)
                setbr 1, buffer(1000)
                setbr 2, 0x300000
                """);
        Outcome o = s.run(model);
        assertThat(o.log("S").get(0).errorCode()).isEqualTo(error(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.SEND, 300));
        assertThat(o.log("R").get(0).errorCode()).isEqualTo(error(ErrorCode.MESSAGE_OVERFLOW, ErrorCode.Phase.RECEIVE, 300));
    }

    @EveryModel
    void aLongerCopyCostsMoreCycles(KernelModelProvider model) {
        Outcome small = simple(true, 1000, 1 << 20).run(model);
        Outcome large = simple(true, 200_000, 1 << 20).run(model);
        assertThat(large.cycles() - small.cycles()).as("199 000 more bytes, loaded and stored word by word")
                .isGreaterThan(2 * 199_000 / 8);
    }

    @org.junit.jupiter.api.Test
    void everyStringScenarioIsObservablyIdenticalAcrossModels() {
        for (boolean receiverFirst : List.of(true, false)) {
            Differential.assertIdentical(simple(receiverFirst, 10_000, 16_384));
            Differential.assertIdentical(simple(receiverFirst, 10_000, 4096));
        }
    }
}
