package org.stacklab.machine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** LineEpochs counts each line once per epoch it is touched in. */
class LineEpochsTest {

    @Test
    @DisplayName("a line counts once per epoch, again in each later epoch that touches it")
    void distinctPerEpoch() {
        LineEpochs e = new LineEpochs();
        e.touch(1);
        e.touch(2);
        e.touch(1);
        assertThat(e.distinctTotal()).isEqualTo(2);
        e.nextEpoch();
        e.touch(1);
        assertThat(e.distinctTotal()).isEqualTo(3);
        e.touch(2);
        e.touch(2);
        assertThat(e.distinctTotal()).isEqualTo(4);
        e.nextEpoch(); // an epoch that touches nothing adds nothing
        e.nextEpoch();
        assertThat(e.distinctTotal()).isEqualTo(4);
    }

    @Test
    @DisplayName("counts stay exact while the table grows (many lines, across epochs)")
    void growth() {
        LineEpochs e = new LineEpochs();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            e.touch(KernelMemory.KERNEL_BASE / 64 + i * 7L);
        }
        assertThat(e.distinctTotal()).isEqualTo(n);
        e.nextEpoch();
        for (int i = 0; i < n; i++) {
            e.touch(KernelMemory.KERNEL_BASE / 64 + i * 7L);
            e.touch(KernelMemory.KERNEL_BASE / 64 + i * 7L);
        }
        assertThat(e.distinctTotal()).isEqualTo(2L * n);
    }

    @Test
    @DisplayName("extreme line numbers (0, -1, Long.MAX_VALUE, Long.MIN_VALUE) are ordinary lines")
    void extremeLines() {
        LineEpochs e = new LineEpochs();
        long[] lines = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long l : lines) {
            e.touch(l);
            e.touch(l);
        }
        assertThat(e.distinctTotal()).isEqualTo(4);
        e.nextEpoch();
        e.touch(-1);
        e.touch(-1);
        assertThat(e.distinctTotal()).isEqualTo(5);
    }

    @Property(tries = 200)
    void equalsSumOfDistinctSetsPerEpoch(
            @ForAll @Size(max = 8) List<@Size(max = 60) List<@LongRange(min = -3, max = 50) Long>> epochs) {
        LineEpochs e = new LineEpochs();
        long expected = 0;
        for (List<Long> epoch : epochs) {
            Set<Long> distinct = new HashSet<>(epoch);
            expected += distinct.size();
            epoch.forEach(e::touch);
            e.nextEpoch();
        }
        assertThat(e.distinctTotal()).isEqualTo(expected);
    }
}
