package org.stacklab.machine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.machine.profile.CacheSpec;

/** Hand-computed behaviour of the set-associative LRU cache. */
class CacheTest {
    // 4 sets x 2 ways x 16-byte lines = 128 bytes. Addresses 0, 64, 128, 192, ... all map to set 0.
    private static final int LINE = 16;
    private static final int SETS = 4;
    private static final int STRIDE = LINE * SETS; // same set, next tag

    private static Cache twoWay() {
        return new Cache("L1D", new CacheSpec(SETS * 2 * LINE, 2, LINE, "LRU"));
    }

    @Test
    @DisplayName("cycling through ways+1 lines of one set misses on every access under LRU")
    void lruThrashesOnWaysPlusOneLines() {
        Cache c = twoWay();
        for (int round = 0; round < 10; round++) {
            for (int k = 0; k < 3; k++) {
                assertThat(c.access(k * STRIDE, false)).as("round %d line %d", round, k).isFalse();
            }
        }
        assertThat(c.userMisses()).isEqualTo(30);
        assertThat(c.userHits()).isZero();
    }

    @Test
    @DisplayName("'ways' lines of one set all hit after the first round")
    void waysLinesOfOneSetHitAfterWarmUp() {
        Cache c = twoWay();
        c.access(0, false);
        c.access(STRIDE, false);
        for (int round = 0; round < 10; round++) {
            assertThat(c.access(0, false)).isTrue();
            assertThat(c.access(STRIDE + 8, false)).as("any byte of the line").isTrue();
        }
        assertThat(c.userMisses()).isEqualTo(2);
        assertThat(c.userHits()).isEqualTo(20);
    }

    @Test
    @DisplayName("the least recently used line of the set is the victim")
    void evictsLeastRecentlyUsed() {
        Cache c = twoWay();
        c.access(0, false);          // set 0: [A]
        c.access(STRIDE, false);     // set 0: [A, B]
        c.access(0, false);          // A is now most recent
        c.access(2 * STRIDE, false); // C evicts B, not A
        assertThat(c.contains(0)).isTrue();
        assertThat(c.contains(STRIDE)).isFalse();
        assertThat(c.contains(2 * STRIDE)).isTrue();
    }

    @Test
    @DisplayName("contains() does not touch the LRU order or the counters")
    void containsHasNoSideEffects() {
        Cache c = twoWay();
        c.access(0, false);
        c.access(STRIDE, false);
        assertThat(c.contains(0)).isTrue(); // would make A most recent if it counted as a use
        c.access(2 * STRIDE, false);
        assertThat(c.contains(0)).as("A was still least recently used").isFalse();
        assertThat(c.userHits() + c.userMisses()).isEqualTo(3);
    }

    @Test
    @DisplayName("direct-mapped: two lines a cache size apart evict each other; other sets are untouched")
    void directMappedConflict() {
        Cache c = new Cache("L1I", new CacheSpec(1024, 1, 16, null));
        assertThat(c.spec().policy()).isEqualTo("LRU");
        c.access(16, false);                     // set 1, a bystander
        for (int i = 0; i < 4; i++) {
            assertThat(c.access(0, true)).isFalse();
            assertThat(c.access(1024, true)).isFalse();
        }
        assertThat(c.kernelMisses()).isEqualTo(8);
        assertThat(c.access(16, false)).as("set 1 kept its line").isTrue();
    }

    @Test
    @DisplayName("different sets do not compete: 4 sets x 2 ways hold 8 lines")
    void setsAreIndependent() {
        Cache c = twoWay();
        for (int a = 0; a < 8 * LINE; a += LINE) {
            c.access(a, false);
        }
        for (int a = 0; a < 8 * LINE; a += LINE) {
            assertThat(c.access(a, false)).isTrue();
        }
        assertThat(c.misses()).isEqualTo(8);
    }

    @Test
    @DisplayName("hits and misses are counted separately for kernel and user accesses")
    void kernelAndUserCounters() {
        Cache c = twoWay();
        c.access(0, true);   // kernel miss
        c.access(0, true);   // kernel hit
        c.access(0, false);  // user hit on a kernel line
        c.access(16, false); // user miss
        c.access(16, true);  // kernel hit on a user line
        assertThat(c.kernelMisses()).isEqualTo(1);
        assertThat(c.kernelHits()).isEqualTo(2);
        assertThat(c.userMisses()).isEqualTo(1);
        assertThat(c.userHits()).isEqualTo(1);
        assertThat(c.misses()).isEqualTo(2);
    }

    @Test
    @DisplayName("only user lines that a kernel miss evicts count as evicted by the kernel")
    void userLinesEvictedByKernel() {
        Cache c = twoWay();
        c.access(0, false);          // user U1
        c.access(STRIDE, false);     // user U2 (set 0 full)
        c.access(2 * STRIDE, true);  // kernel K1 evicts U1: counted
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(1);
        c.access(3 * STRIDE, true);  // kernel K2 evicts U2: counted
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(2);
        c.access(4 * STRIDE, true);  // kernel K3 evicts kernel K1: not counted
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(2);
        c.access(5 * STRIDE, false); // user evicts kernel K2: not counted
        c.access(6 * STRIDE, true);  // kernel evicts K3 (LRU), not the fresh user line
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(2);
        c.access(7 * STRIDE, true);  // kernel evicts the user line from two steps ago: counted
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(3);
    }

    @Test
    @DisplayName("a kernel miss into an empty way evicts nothing")
    void fillingEmptyWaysEvictsNothing() {
        Cache c = twoWay();
        c.access(0, false);
        c.access(STRIDE, true);
        assertThat(c.userLinesEvictedByKernel()).isZero();
    }

    @Test
    @DisplayName("a line a user fetched stays user-owned when the kernel later hits it")
    void ownershipIsDecidedByTheFill() {
        Cache c = twoWay();
        c.access(0, false);         // user fill
        c.access(0, true);          // kernel hit: still a user line
        c.access(STRIDE, true);     // kernel fill; set 0 = [user A, kernel B], A least recent
        c.access(2 * STRIDE, true); // evicts A
        assertThat(c.userLinesEvictedByKernel()).isEqualTo(1);
    }

    @Test
    @DisplayName("lineOf drops the offset bits")
    void lineOf() {
        Cache c = twoWay();
        assertThat(c.lineOf(0)).isZero();
        assertThat(c.lineOf(15)).isZero();
        assertThat(c.lineOf(16)).isEqualTo(1);
        assertThat(c.lineOf(0x7F00_0000_0010L)).isEqualTo(0x7F00_0000_0010L >>> 4);
    }
}
