package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.harness.metrics.Metric;
import org.stacklab.harness.metrics.ResultRow;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.Workloads;

/**
 * The columns of the paging, string-copy and propagation counters ({@code page_faults},
 * {@code xfer_faults}, {@code bytes_copied}, {@code pages_mapped}, {@code propagations}) on the shipped
 * workloads, through the runner: each is the number the workload's semantics fix, the same in every model.
 */
class TransferColumnsRunTest {
    private static final List<Metric> COLUMNS = List.of(Metric.PAGE_FAULTS, Metric.XFER_FAULTS, Metric.BYTES_COPIED,
            Metric.PAGES_MAPPED, Metric.PROPAGATIONS);

    private static Map<String, ResultRow> rows(String workload, Map<String, String> params) {
        return rows(workload, params, Preemptibility.NP);
    }

    private static Map<String, ResultRow> rows(String workload, Map<String, String> params, Preemptibility preempt) {
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (KernelModelProvider m : Models.all()) {
            RunSpec spec = new RunSpec("ppro200", m.name(), workload, params, 1).withPreempt(preempt, 1024);
            rows.put(m.name(), new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), m, Workloads.load(workload, params)).row());
        }
        assertThat(rows).hasSize(3);
        return rows;
    }

    private static long n(ResultRow r, Metric m) {
        return (Long) r.get(m);
    }

    private static void assertSameInEveryModel(Map<String, ResultRow> rows) {
        for (Metric m : COLUMNS) {
            assertThat(rows.values().stream().map(r -> r.get(m)).distinct()).as(m.column() + " in every model").hasSize(1);
        }
    }

    @Test
    @DisplayName("memtest: page_faults = pages_mapped = the pages touched, in every model")
    void memtestFaultsOncePerPageTouched() {
        int pages = 9;
        long bytes = (pages - 1) * 4096L + 1; // from the page-aligned 0x100000: the last byte is on page 9
        Map<String, ResultRow> rows = rows("memtest", Map.of("bytes", Long.toString(bytes)));
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            ResultRow r = e.getValue();
            assertThat(n(r, Metric.PAGE_FAULTS)).as(e.getKey()).isEqualTo(pages);
            assertThat(n(r, Metric.PAGES_MAPPED)).as(e.getKey() + ": the pager maps one page per fault").isEqualTo(pages);
            assertThat(n(r, Metric.BLOCKS_PAGE_FAULT)).as(e.getKey() + ": the faulting thread waits once per fault").isEqualTo(pages);
            assertThat(n(r, Metric.XFER_FAULTS)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.BYTES_COPIED)).as(e.getKey()).isZero();
            assertThat(n(r, Metric.PROPAGATIONS)).as(e.getKey()).isZero();
        }
        assertSameInEveryModel(rows);
    }

    @Test
    @DisplayName("memtest with the default 256 KiB: 64 page faults in every model")
    void memtestDefault() {
        for (Map.Entry<String, ResultRow> e : rows("memtest", Map.of()).entrySet()) {
            assertThat(n(e.getValue(), Metric.PAGE_FAULTS)).as(e.getKey()).isEqualTo(262_144 / 4096);
        }
    }

    @Test
    @DisplayName("big-copy: bytes_copied = bytes × rounds, no faults, in every model and under --preempt pp")
    void bigCopyCopiesBytesTimesRounds() {
        long bytes = 10_000;
        int rounds = 7;
        Map<String, String> params = Map.of("bytes", Long.toString(bytes), "rounds", Integer.toString(rounds));
        for (Preemptibility p : List.of(Preemptibility.NP, Preemptibility.PP)) {
            Map<String, ResultRow> rows = rows("big-copy", params, p);
            for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
                ResultRow r = e.getValue();
                String where = e.getKey() + " --preempt " + p.cliName();
                assertThat(r.text(Metric.PREEMPT)).isEqualTo(p.cliName());
                assertThat(n(r, Metric.BYTES_COPIED)).as(where).isEqualTo(bytes * rounds);
                assertThat(n(r, Metric.PAGE_FAULTS)).as(where + ": both spaces are flat").isZero();
                assertThat(n(r, Metric.XFER_FAULTS)).as(where).isZero();
                assertThat(n(r, Metric.PAGES_MAPPED)).as(where).isZero();
            }
            assertSameInEveryModel(rows);
        }
    }

    /**
     * A client Calls a server {@code rounds} times with a 20 000-byte string; the server's space is paged and
     * its receive buffer at 0x400000 (five pages) unmapped, so the first copy faults once per buffer page in
     * the kernel, and the pager (flat space) maps each.
     */
    private static final String XFER = """
            name: xfer-columns
            threads:
              - name: pager
                space: pager
                priority: 120
                code: |
                  ipc.wait
                  serve:
                  getmr r3, 1
                  and r3, 0xFFFFF000
                  mov r4, r3
                  or r4, 8
                  mov r5, r3
                  or r5, 0xC6
                  setmr 0, tag(0, 0, 2)
                  setmr 1, r4
                  setmr 2, r5
                  ipc.replywait r0
                  jmp serve
              - name: server
                space: server
                code: |
                  setbr 0, acceptor(1)
                  setbr 1, buffer(20000)
                  setbr 2, 0x400000
                  ipc.wait
                  serve:
                  setmr 0, tag(0, 0, 0)
                  ipc.replywait r0
                  jmp serve
              - name: client
                space: client
                code: |
                  mov r5, ${rounds}
                  again:
                  setmr 0, tag(1, 0, 2)
                  setmr 1, string(20000)
                  setmr 2, 0x200000
                  ipc.call @server
                  loop r5, again
                  halt
            parameters:
              rounds: {default: 3, min: 1}
            spaces:
              - name: server
                pager: pager
            """;

    @Test
    @DisplayName("a string copy into an unmapped buffer: xfer_faults = pages_mapped = the buffer's pages, page_faults = 0, "
            + "bytes_copied = bytes × rounds, in every model")
    void xferFaultsOncePerBufferPage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("xfer-columns.yaml");
        Files.writeString(file, XFER);
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (KernelModelProvider m : Models.all()) {
            RunSpec spec = new RunSpec("ppro200", m.name(), file.toString(), Map.of(), 1);
            rows.put(m.name(), new Runner(w -> { }).run(spec, MachineProfiles.load("ppro200"), m, Workloads.load(file.toString(), Map.of())).row());
        }
        int pages = 5; // 0x400000 .. 0x400000 + 19 999
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            ResultRow r = e.getValue();
            assertThat(n(r, Metric.XFER_FAULTS)).as(e.getKey()).isEqualTo(pages);
            assertThat(n(r, Metric.PAGES_MAPPED)).as(e.getKey()).isEqualTo(pages);
            assertThat(n(r, Metric.PAGE_FAULTS)).as(e.getKey() + ": no fault in user mode").isZero();
            assertThat(n(r, Metric.BYTES_COPIED)).as(e.getKey() + ": every byte once, faults or not").isEqualTo(3 * 20_000L);
        }
        assertSameInEveryModel(rows);
    }

    @Test
    @DisplayName("forward: propagations = rounds, in every model")
    void forwardPropagatesEveryRequest() {
        int rounds = 20;
        Map<String, ResultRow> rows = rows("forward", Map.of("rounds", Integer.toString(rounds)));
        for (Map.Entry<String, ResultRow> e : rows.entrySet()) {
            assertThat(n(e.getValue(), Metric.PROPAGATIONS)).as(e.getKey()).isEqualTo(rounds);
            assertThat(n(e.getValue(), Metric.BYTES_COPIED)).as(e.getKey()).isZero();
        }
        assertSameInEveryModel(rows);
    }

    @Test
    @DisplayName("the new columns come after rollback_cycles and before the outcome/preempt/seed/params tail")
    void columnOrder() {
        List<String> header = Metric.header();
        int at = header.indexOf("rollback_cycles");
        assertThat(header.subList(at + 1, at + 6)).containsExactly("page_faults", "xfer_faults", "bytes_copied", "pages_mapped", "propagations");
        assertThat(header.subList(header.size() - 4, header.size())).containsExactly("outcome", "preempt", "seed", "params");
    }
}
