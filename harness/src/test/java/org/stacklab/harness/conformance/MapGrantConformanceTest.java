package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.EveryModel;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.AddressSpace;

/**
 * Map and grant items (semantics.md §3.2): the kernel places the send fpage in the receiver's window by
 * {@code snd_base}; a map leaves the sender's mapping, a grant moves it; a grant larger than the window
 * flushes the whole send fpage from the sender; the rights are the fpage's, at most the sender's. On
 * every model.
 */
class MapGrantConformanceTest {

    /** The giver (paged, 0x100000..0x104000 premapped rw) answers the taker's Call with one item. */
    static Scenario scenario(String name, String item, String fpage, String window) {
        String giver = StringTransferConformanceTest.thread("giver", "g", """
                ipc.wait
                setmr 0, tag(0, 0, 2)
                setmr 1, %s
                setmr 2, %s
                ipc.reply r0
                halt
                """.formatted(item, fpage));
        String taker = StringTransferConformanceTest.thread("taker", "t", """
                setbr 0, acceptor(0, %s)
                ipc.call @giver
                touch 0x500000, 8, write
                halt
                """.formatted(window));
        String yaml = "name: map\nthreads:\n" + giver + taker + """
                spaces:
                  - name: g
                    pager: giver
                    premap_start: 0x100000
                    premap_bytes: 0x4000
                  - name: t
                    pager: giver
                """;
        return WorkloadScenarios.of(name, yaml);
    }

    private static AddressSpace space(Kernel k, String thread) {
        return k.threads().stream().filter(t -> t.name().equals(thread)).findFirst().map(Tcb::space).orElseThrow();
    }

    @EveryModel
    void aMapSharesThePageAndTheSenderKeepsIt(KernelModelProvider model) {
        Outcome o = scenario("map", "mapitem(0x500000)", "fpage(0x100000, 12, 6)", "complete()").run(model);
        AddressSpace giver = space(o.kernel(), "giver");
        AddressSpace taker = space(o.kernel(), "taker");
        assertThat(o.state("taker")).isEqualTo(ThreadState.HALTED);
        assertThat(o.kernel().counters().pageFaults).as("the touch found the page mapped").isZero();
        assertThat(taker.translate(0x500000, Fpage.W)).isEqualTo(giver.translate(0x100000, Fpage.W)).isPositive();
        assertThat(taker.pages().entry(0x500000) & Fpage.RWX).isEqualTo(Fpage.R | Fpage.W);
    }

    @EveryModel
    void aGrantMovesThePage(KernelModelProvider model) {
        Outcome o = scenario("grant", "grantitem(0x500000)", "fpage(0x100000, 12, 6)", "complete()").run(model);
        AddressSpace giver = space(o.kernel(), "giver");
        AddressSpace taker = space(o.kernel(), "taker");
        assertThat(taker.translate(0x500000, Fpage.W)).isEqualTo(giver.window(0x100000));
        assertThat(giver.pages().entry(0x100000)).as("granted away").isZero();
        assertThat(giver.pages().entry(0x101000)).as("the next page stays").isNotZero();
    }

    @EveryModel
    void rightsAreAtMostTheFpagesAndAReadOnlyPageFaultsOnAWrite(KernelModelProvider model) {
        Outcome o = scenario("read-only map", "mapitem(0x500000)", "fpage(0x100000, 12, 4)", "complete()").run(model);
        AddressSpace taker = space(o.kernel(), "taker");
        assertThat(taker.pages().entry(0x500000) & Fpage.RWX).isEqualTo(Fpage.R);
        // the write faults to the taker's pager (the giver), which has halted: no reply, the taker waits
        assertThat(o.kernel().counters().pageFaults).isEqualTo(1);
        assertThat(o.state("taker")).isEqualTo(ThreadState.POLLING);
    }

    @EveryModel
    void aGrantLargerThanTheWindowFlushesTheWholeSendFpage(KernelModelProvider model) {
        Outcome o = scenario("grant into a small window", "grantitem(0)", "fpage(0x100000, 13, 6)", "fpage(0x500000, 12)").run(model);
        AddressSpace giver = space(o.kernel(), "giver");
        AddressSpace taker = space(o.kernel(), "taker");
        assertThat(taker.pages().mappedPages()).as("one page fits the window").isEqualTo(1);
        assertThat(taker.translate(0x500000, Fpage.W)).isEqualTo(giver.window(0x100000));
        assertThat(giver.pages().entry(0x100000)).isZero();
        assertThat(giver.pages().entry(0x101000)).as("flushed with the rest of the send fpage").isZero();
        assertThat(giver.pages().entry(0x102000)).as("outside the send fpage").isNotZero();
    }

    @Test
    void mapAndGrantAreObservablyIdenticalAcrossModels() {
        Differential.assertIdentical(scenario("map", "mapitem(0x500000)", "fpage(0x100000, 12, 6)", "complete()"));
        Differential.assertIdentical(scenario("grant", "grantitem(0x500000)", "fpage(0x100000, 12, 6)", "complete()"));
    }
}
