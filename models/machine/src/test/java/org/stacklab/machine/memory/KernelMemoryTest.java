package org.stacklab.machine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Kernel memory hands out aligned, disjoint blocks and totals what is reserved. */
class KernelMemoryTest {
    private final KernelMemory km = new KernelMemory();

    @Test
    @DisplayName("blocks are aligned as asked and follow each other without overlap")
    void alignmentAndNonOverlap() {
        long a = km.allocate(Purpose.TCB, 100, 64);
        long b = km.allocate(Purpose.TCB, 10, 4096);
        long c = km.allocate(Purpose.TCB, 8, 8);
        assertThat(a % 64).isZero();
        assertThat(b % 4096).isZero();
        assertThat(c % 8).isZero();
        assertThat(b).isGreaterThanOrEqualTo(a + 100);
        assertThat(c).isEqualTo(b + 16); // b + 10 rounded up to 8
        assertThat(a).isGreaterThanOrEqualTo(KernelMemory.KERNEL_BASE);
    }

    @Test
    @DisplayName("reserved(p) is the sum of live block sizes of p; peak is the high-water mark")
    void reservedTotals() {
        km.allocate(Purpose.TCB, 100, 64);
        km.allocate(Purpose.TCB, 10, 4096);
        long s1 = km.allocate(Purpose.STACK, 4096, 4096);
        long s2 = km.allocate(Purpose.STACK, 4096, 4096);
        km.allocate(Purpose.TABLE, 1024, 8);
        assertThat(km.reserved(Purpose.TCB)).isEqualTo(110);
        assertThat(km.reserved(Purpose.STACK)).isEqualTo(8192);
        assertThat(km.reserved(Purpose.TABLE)).isEqualTo(1024);
        assertThat(km.reserved(Purpose.CODE)).isZero();
        km.releaseStack(s1, 4096);
        km.releaseStack(s2, 4096);
        assertThat(km.reserved(Purpose.STACK)).isZero();
        assertThat(km.peakReserved(Purpose.STACK)).isEqualTo(8192);
        assertThat(km.peakReserved(Purpose.TCB)).isEqualTo(110);
    }

    @Test
    @DisplayName("each purpose has its own region")
    void regionsPerPurpose() {
        long tcb = km.allocate(Purpose.TCB, 64, 64);
        long stack = km.allocate(Purpose.STACK, 64, 64);
        long table = km.allocate(Purpose.TABLE, 64, 64);
        long code = km.allocate(Purpose.CODE, 64, 64);
        assertThat(List.of(tcb, stack, table, code)).doesNotHaveDuplicates().isSorted();
        assertThat(stack - tcb).isGreaterThan(1L << 32);
    }

    @Test
    @DisplayName("a released stack is reused, at the same address, by the next stack of that size")
    void stackReuse() {
        long s1 = km.allocate(Purpose.STACK, 4096, 4096);
        km.releaseStack(s1, 4096);
        long s2 = km.allocate(Purpose.STACK, 4096, 4096);
        assertThat(s2).isEqualTo(s1);
        assertThat(km.reserved(Purpose.STACK)).isEqualTo(4096);
        assertThat(km.peakReserved(Purpose.STACK)).isEqualTo(4096);
    }

    @Test
    @DisplayName("the most recently released stack is reused first (it is the likeliest to be cached)")
    void reuseIsLastInFirstOut() {
        long a = km.allocate(Purpose.STACK, 4096, 4096);
        long b = km.allocate(Purpose.STACK, 4096, 4096);
        km.releaseStack(a, 4096);
        km.releaseStack(b, 4096);
        assertThat(km.allocate(Purpose.STACK, 4096, 4096)).isEqualTo(b);
        assertThat(km.allocate(Purpose.STACK, 4096, 4096)).isEqualTo(a);
        assertThat(km.allocate(Purpose.STACK, 4096, 4096)).isNotIn(a, b);
    }

    @Test
    @DisplayName("a stack of another size does not reuse a released block")
    void reuseNeedsSameSize() {
        long s = km.allocate(Purpose.STACK, 4096, 4096);
        km.releaseStack(s, 4096);
        long t = km.allocate(Purpose.STACK, 8192, 4096);
        assertThat(t).isNotEqualTo(s);
        assertThat(t).isGreaterThanOrEqualTo(s + 4096);
    }

    @Test
    @DisplayName("reuse honours the requested alignment")
    void reuseHonoursAlignment() {
        long a = km.allocate(Purpose.STACK, 4096, 8192); // 8 KB aligned
        long b = km.allocate(Purpose.STACK, 4096, 4096); // right after a: only 4 KB aligned
        assertThat(b).isEqualTo(a + 4096);
        km.releaseStack(b, 4096);
        long c = km.allocate(Purpose.STACK, 4096, 8192);
        assertThat(c % 8192).isZero();
        assertThat(c).isNotEqualTo(b);
        assertThat(km.allocate(Purpose.STACK, 4096, 4096)).as("b is still free for a 4 KB-aligned stack").isEqualTo(b);
    }

    @Test
    @DisplayName("releasing something that is not a live stack is refused and changes nothing")
    void badRelease() {
        long s = km.allocate(Purpose.STACK, 4096, 4096);
        long tcb = km.allocate(Purpose.TCB, 4096, 4096);
        assertThatThrownBy(() -> km.releaseStack(tcb, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> km.releaseStack(s, 2048)).isInstanceOf(IllegalArgumentException.class);
        km.releaseStack(s, 4096);
        assertThatThrownBy(() -> km.releaseStack(s, 4096)).as("double release").isInstanceOf(IllegalArgumentException.class);
        assertThat(km.reserved(Purpose.STACK)).isZero();
    }

    @Test
    @DisplayName("bad sizes and alignments are refused")
    void badAllocation() {
        assertThatThrownBy(() -> km.allocate(Purpose.TCB, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> km.allocate(Purpose.TCB, 8, 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> km.allocate(Purpose.TCB, 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- property: any sequence of allocations and stack releases keeps the invariants ---

    record Op(Purpose purpose, int bytes, int alignment, boolean release, int pick) {}

    @Provide
    Arbitrary<Op> ops() {
        return Combinators.combine(
                        Arbitraries.of(Purpose.class),
                        Arbitraries.of(16, 100, 512, 4096, 8192),
                        Arbitraries.integers().between(0, 13).map(k -> 1 << k),
                        Arbitraries.of(false, false, true),
                        Arbitraries.integers().between(0, 1000))
                .as(Op::new);
    }

    record Block(Purpose purpose, long base, long bytes) {}

    @Property(tries = 200)
    void blocksAreAlignedDisjointAndTotalled(@ForAll @Size(max = 60) List<@From("ops") Op> ops) {
        KernelMemory mem = new KernelMemory();
        List<Block> live = new ArrayList<>();
        EnumMap<Purpose, Long> peak = new EnumMap<>(Purpose.class);
        for (Op op : ops) {
            List<Block> stacks = live.stream().filter(b -> b.purpose() == Purpose.STACK).toList();
            if (op.release() && !stacks.isEmpty()) {
                Block b = stacks.get(op.pick() % stacks.size());
                mem.releaseStack(b.base(), b.bytes());
                live.remove(b);
            } else {
                long base = mem.allocate(op.purpose(), op.bytes(), op.alignment());
                assertThat(base % op.alignment()).isZero();
                live.add(new Block(op.purpose(), base, op.bytes()));
            }
            for (Purpose p : Purpose.values()) {
                long sum = live.stream().filter(b -> b.purpose() == p).mapToLong(Block::bytes).sum();
                assertThat(mem.reserved(p)).isEqualTo(sum);
                peak.merge(p, sum, Math::max);
                assertThat(mem.peakReserved(p)).isEqualTo(peak.get(p));
            }
        }
        List<Block> sorted = live.stream().sorted((x, y) -> Long.compare(x.base(), y.base())).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).base()).as("blocks overlap").isGreaterThanOrEqualTo(sorted.get(i - 1).base() + sorted.get(i - 1).bytes());
        }
    }
}
