package org.stacklab.machine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.machine.Machine;
import org.stacklab.machine.clock.CycleClock;
import org.stacklab.machine.profile.CacheSpec;
import org.stacklab.machine.profile.CostModel;
import org.stacklab.machine.profile.MachineProfile;

/**
 * The memory system charges what the cost model says, access by access. Every expected cycle count
 * below is worked out by hand for this small machine:
 *
 * <pre>
 *   L1I 256 B direct-mapped, 16 B lines      L1D 256 B 2-way, 16 B lines
 *   L2  1 KB 4-way, 32 B lines (one L2 line = two L1 lines)
 *   TLB 4 entries, fully associative, 4 KB pages
 *   instruction 1, l1Hit 2, l2Hit 10, memory 100, tlbMiss 30
 * </pre>
 */
class MemorySystemTest {
    static final int INSTRUCTION = 1;
    static final int L1_HIT = 2;
    static final int L2_HIT = 10;
    static final int MEMORY = 100;
    static final int TLB_MISS = 30;
    static final CostModel COST = new CostModel(INSTRUCTION, L1_HIT, L2_HIT, MEMORY, TLB_MISS, 50, 40);

    static MachineProfile tiny(CacheSpec l2, CacheSpec tlb) {
        return new MachineProfile("tiny", "test machine", 100, 4, 1,
                new CacheSpec(256, 1, 16, "LRU"),
                new CacheSpec(256, 2, 16, "LRU"),
                l2,
                tlb,
                COST, 4096, 64, 6, 8);
    }

    static final CacheSpec L2 = new CacheSpec(1024, 4, 32, "LRU");
    static final CacheSpec TLB = new CacheSpec(4 * 4096, 4, 4096, "LRU");

    private final CycleClock clock = new CycleClock();
    private final MemorySystem mem = new MemorySystem(tiny(L2, TLB), clock);

    /** Cycles {@code action} spends. */
    private long cost(Runnable action) {
        long before = clock.now();
        action.run();
        return clock.now() - before;
    }

    @Test
    @DisplayName("range(): each line once through TLB/L1/L2, each further word an L1 hit")
    void rangeTouchesEachLineOnce() {
        // 64 bytes at 0x1000 = 16 words on 4 L1 lines (0x1000, 0x1010, 0x1020, 0x1030), 2 L2 lines, 1 page.
        long cold = cost(() -> mem.range(0x1000, 64, false, Mode.KERNEL));
        long expected = TLB_MISS                   // first line: page not mapped in the TLB
                + 4 * L1_HIT                       // first word of each line
                + (L2_HIT + MEMORY) + L2_HIT       // 0x1000 misses L2, 0x1010 hits the same L2 line
                + (L2_HIT + MEMORY) + L2_HIT       // 0x1020 misses L2, 0x1030 hits
                + 12 * L1_HIT;                     // the other 12 words
        assertThat(cold).isEqualTo(expected).isEqualTo(302);
        assertThat(mem.l1d().kernelMisses()).isEqualTo(4);
        assertThat(mem.l1d().kernelHits()).isZero();
        assertThat(mem.l2().kernelMisses()).isEqualTo(2);
        assertThat(mem.l2().kernelHits()).isEqualTo(2);
        assertThat(mem.tlb().kernelMisses()).isEqualTo(1);
        assertThat(mem.tlb().kernelHits()).isEqualTo(3);
        assertThat(mem.kernelLoads()).isEqualTo(16);
        assertThat(mem.kernelStores()).isZero();

        long warm = cost(() -> mem.range(0x1000, 64, true, Mode.KERNEL));
        assertThat(warm).isEqualTo(16 * L1_HIT);
        assertThat(mem.l1d().kernelHits()).isEqualTo(4);
        assertThat(mem.kernelStores()).isEqualTo(16);
    }

    @Test
    @DisplayName("range(): an unaligned range pays for every word and line it overlaps")
    void unalignedRange() {
        // bytes 0x100E..0x1011: words 0x100C and 0x1010, lines 0x1000 and 0x1010 (one L2 line)
        long cycles = cost(() -> mem.range(0x100E, 4, true, Mode.KERNEL));
        assertThat(cycles).isEqualTo(TLB_MISS + 2 * L1_HIT + (L2_HIT + MEMORY) + L2_HIT);
        assertThat(mem.kernelStores()).isEqualTo(2);
        assertThat(mem.l1d().kernelMisses()).isEqualTo(2);
    }

    @Test
    @DisplayName("range(): an empty range costs nothing")
    void emptyRange() {
        assertThat(cost(() -> mem.range(0x1000, 0, false, Mode.KERNEL))).isZero();
        assertThat(mem.l1d().misses()).isZero();
    }

    @Test
    @DisplayName("execute(): charges the instructions and fetches each I-cache line of the block once")
    void executeFetchesEachLine() {
        // 40 bytes at 0x2000: I-lines 0x2000, 0x2010, 0x2020; L2 lines 0x2000 and 0x2020
        long cold = cost(() -> mem.execute(0x2000, 40, 10, Mode.KERNEL));
        assertThat(cold).isEqualTo(10 * INSTRUCTION
                + (L2_HIT + MEMORY) + L2_HIT + (L2_HIT + MEMORY)).isEqualTo(240);
        assertThat(mem.l1i().kernelMisses()).isEqualTo(3);
        assertThat(mem.tlb().kernelHits() + mem.tlb().kernelMisses()).as("no data TLB lookups for fetches").isZero();
        assertThat(mem.kernelCodeLinesPerOpTotal()).isEqualTo(3);

        long warm = cost(() -> mem.execute(0x2000, 40, 10, Mode.KERNEL));
        assertThat(warm).as("I-cache hits cost nothing beyond the instructions").isEqualTo(10 * INSTRUCTION);
        assertThat(mem.l1i().kernelHits()).isEqualTo(3);
    }

    @Test
    @DisplayName("execute(): a block straddling a line boundary fetches both lines")
    void executeUnaligned() {
        mem.execute(0x200C, 8, 2, Mode.USER); // 0x200C..0x2013
        assertThat(mem.l1i().userMisses()).isEqualTo(2);
        assertThat(mem.kernelCodeLinesPerOpTotal()).as("user code is not kernel footprint").isZero();
    }

    @Test
    @DisplayName("instructions() and cycles() charge the clock directly")
    void plainCycles() {
        assertThat(cost(() -> mem.instructions(7))).isEqualTo(7 * INSTRUCTION);
        assertThat(cost(() -> mem.cycles(13))).isEqualTo(13);
    }

    @Test
    @DisplayName("load()/store(): TLB, L1, L2, memory; user accesses are not kernel loads")
    void singleAccesses() {
        assertThat(cost(() -> mem.load(0x3000, Mode.USER))).isEqualTo(TLB_MISS + L1_HIT + L2_HIT + MEMORY);
        assertThat(cost(() -> mem.load(0x3004, Mode.USER))).isEqualTo(L1_HIT);
        assertThat(cost(() -> mem.store(0x3010, Mode.KERNEL))).as("L1 miss, same L2 line").isEqualTo(L1_HIT + L2_HIT);
        assertThat(mem.kernelLoads()).isZero();
        assertThat(mem.kernelStores()).isEqualTo(1);
        assertThat(mem.l1d().userMisses()).isEqualTo(1);
        assertThat(mem.l1d().kernelMisses()).isEqualTo(1);
    }

    @Test
    @DisplayName("instruction and data sides share the L2")
    void unifiedL2() {
        mem.execute(0x4000, 4, 1, Mode.KERNEL);
        assertThat(cost(() -> mem.load(0x4000, Mode.KERNEL))).isEqualTo(TLB_MISS + L1_HIT + L2_HIT);
    }

    @Test
    @DisplayName("a TLB miss is charged again once the page has been evicted (4 entries, LRU)")
    void tlbCapacity() {
        // page p is touched at offset 16p, so each access uses its own L1D set and stays cached
        for (int page = 0; page < 5; page++) {
            mem.load(0x10_0000L + page * 4096L + page * 16L, Mode.KERNEL);
        }
        assertThat(mem.tlb().kernelMisses()).isEqualTo(5);
        long again = cost(() -> mem.load(0x10_0000L + 8, Mode.KERNEL)); // page 0 was least recently used
        assertThat(again).as("TLB refill, then an L1D hit").isEqualTo(TLB_MISS + L1_HIT);
    }

    @Test
    @DisplayName("without an L2 an L1 miss goes straight to memory; without a TLB there is no refill")
    void noL2NoTlb() {
        CycleClock c = new CycleClock();
        MemorySystem flat = new MemorySystem(tiny(null, null), c);
        assertThat(flat.l2()).isNull();
        assertThat(flat.tlb()).isNull();
        flat.load(0x5000, Mode.KERNEL);
        assertThat(c.now()).isEqualTo(L1_HIT + MEMORY);
        flat.execute(0x6000, 16, 3, Mode.KERNEL);
        assertThat(c.now()).isEqualTo(L1_HIT + MEMORY + 3 * INSTRUCTION + MEMORY);
    }

    @Test
    @DisplayName("footprint: distinct kernel lines per operation, summed over operations")
    void footprintPerOperation() {
        mem.range(0x1000, 32, false, Mode.KERNEL); // lines 0x1000, 0x1010
        mem.load(0x1004, Mode.KERNEL);             // again 0x1000: not distinct
        mem.load(0x8000, Mode.USER);               // user: not kernel footprint
        assertThat(mem.kernelDataLinesPerOpTotal()).isEqualTo(2);
        mem.endOperation();
        mem.load(0x1000, Mode.KERNEL);             // a new operation counts it again
        assertThat(mem.kernelDataLinesPerOpTotal()).isEqualTo(3);
        assertThat(mem.kernelCodeLinesPerOpTotal()).isZero();
    }

    @Test
    @DisplayName("a fresh Machine has cold caches, clock 0 and no kernel memory; same profile, same costs")
    void freshMachinesAreIdentical() {
        MachineProfile p = tiny(L2, TLB);
        long[] cycles = new long[2];
        for (int i = 0; i < 2; i++) {
            Machine m = new Machine(p);
            assertThat(m.clock().now()).isZero();
            assertThat(m.kernelMemory().reserved(Purpose.TCB)).isZero();
            long tcb = m.kernelMemory().allocate(Purpose.TCB, 512, 512);
            m.memory().range(tcb, 512, true, Mode.KERNEL);
            m.memory().execute(KernelMemory.KERNEL_BASE + 0x100_0000, 200, 50, Mode.KERNEL);
            cycles[i] = m.clock().now();
            assertThat(m.memory().clock()).isSameAs(m.clock());
            assertThat(m.memory().profile()).isSameAs(p);
        }
        assertThat(cycles[0]).isPositive().isEqualTo(cycles[1]);
    }
}
