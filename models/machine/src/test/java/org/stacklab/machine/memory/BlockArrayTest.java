package org.stacklab.machine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockArrayTest {

    @Test
    void slotAddressesAreComputedFromTheIndex() {
        KernelMemory km = new KernelMemory();
        BlockArray a = km.reserveArray(Purpose.TCB, 200, 64, 1000);
        assertThat(a.stride()).as("200 rounded up to the 64-byte alignment").isEqualTo(256);
        assertThat(a.slots()).isEqualTo(1000);
        assertThat(a.base() % 64).isZero();
        assertThat(a.address(7)).isEqualTo(a.base() + 7 * 256);
        assertThat(a.allocate(3, 200)).isEqualTo(a.base() + 3 * 256);
        assertThat(a.isAllocated(3)).isTrue();
        assertThat(a.isAllocated(2)).isFalse();
    }

    @Test
    void onlyAllocatedSlotsCountAsReserved() {
        KernelMemory km = new KernelMemory();
        BlockArray a = km.reserveArray(Purpose.TCB, 4096, 4096, 1 << 18);
        assertThat(km.reserved(Purpose.TCB)).isZero();
        a.allocate(0, 4096);
        a.allocate(5, 4096);
        assertThat(km.reserved(Purpose.TCB)).isEqualTo(8192);
        assertThat(km.peakReserved(Purpose.TCB)).isEqualTo(8192);
    }

    @Test
    void sequentialSlotsGiveTheAddressesSequentialAllocationWould() {
        KernelMemory seq = new KernelMemory();
        KernelMemory arr = new KernelMemory();
        BlockArray a = arr.reserveArray(Purpose.TCB, 328, 64, 100);
        for (int i = 0; i < 10; i++) {
            assertThat(a.allocate(i, 328)).isEqualTo(seq.allocate(Purpose.TCB, 328, 64));
        }
    }

    @Test
    void laterAllocationsOfThePurposeGoPastTheArray() {
        KernelMemory km = new KernelMemory();
        BlockArray a = km.reserveArray(Purpose.TCB, 64, 64, 100);
        long after = km.allocate(Purpose.TCB, 8, 8);
        assertThat(after).isGreaterThanOrEqualTo(a.base() + 100 * 64);
    }

    @Test
    void misuseIsRefused() {
        KernelMemory km = new KernelMemory();
        BlockArray a = km.reserveArray(Purpose.TCB, 64, 64, 4);
        a.allocate(1, 64);
        assertThatThrownBy(() -> a.allocate(1, 64)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> a.allocate(2, 65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.address(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> km.reserveArray(Purpose.TCB, 64, 48, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(km.reserveArray(Purpose.STACK, 1L << 30, 1L << 30, 1L << 40).slots())
                .as("capped at what the region holds").isLessThan(1L << 40);
    }
}
