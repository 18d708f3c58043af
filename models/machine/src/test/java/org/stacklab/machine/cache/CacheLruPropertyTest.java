package org.stacklab.machine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.stacklab.machine.profile.CacheSpec;

/**
 * A fully associative LRU cache is exactly described by reuse (stack) distances: an access misses
 * iff it is the line's first touch or at least {@code capacity} distinct other lines were touched
 * since its previous access (Mattson et al. 1970).
 */
class CacheLruPropertyTest {
    private static final int LINE = 32;

    @Property(tries = 300)
    @Label("fully associative LRU misses = accesses with reuse distance >= capacity, plus first touches")
    void missesEqualStackDistanceCount(
            @ForAll @IntRange(min = 0, max = 5) int log2Lines,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 40) Integer> lineTrace,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = LINE - 1) Integer> offsets,
            @ForAll @Size(max = 300) List<Boolean> kernelFlags) {
        int capacity = 1 << log2Lines;
        Cache cache = new Cache("FA", new CacheSpec(capacity * LINE, capacity, LINE, "LRU"));
        assertThat(cache.spec().sets()).isEqualTo(1);

        long simulated = 0;
        for (int i = 0; i < lineTrace.size(); i++) {
            long address = (long) lineTrace.get(i) * LINE + (i < offsets.size() ? offsets.get(i) : 0);
            boolean kernel = i < kernelFlags.size() && kernelFlags.get(i);
            if (!cache.access(address, kernel)) {
                simulated++;
            }
        }

        long expected = stackDistanceMisses(lineTrace, capacity);
        assertThat(simulated).isEqualTo(expected);
        assertThat(cache.misses()).isEqualTo(expected);
        assertThat(cache.kernelHits() + cache.userHits()).isEqualTo(lineTrace.size() - expected);
    }

    /** Misses by reuse distance: distinct other lines touched since the previous access to the same line. */
    private static long stackDistanceMisses(List<Integer> trace, int capacity) {
        long misses = 0;
        for (int i = 0; i < trace.size(); i++) {
            int line = trace.get(i);
            int previous = trace.subList(0, i).lastIndexOf(line);
            if (previous < 0) {
                misses++; // first touch
                continue;
            }
            Set<Integer> between = new HashSet<>(trace.subList(previous + 1, i));
            if (between.size() >= capacity) {
                misses++;
            }
        }
        return misses;
    }

    @Property(tries = 100)
    @Label("a set-associative cache is a fully associative LRU cache per set")
    void eachSetIsAnIndependentLruStack(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 63) Integer> lineTrace) {
        int sets = 4;
        int ways = 2;
        Cache cache = new Cache("SA", new CacheSpec(sets * ways * LINE, ways, LINE, "LRU"));
        long simulated = lineTrace.stream().filter(l -> !cache.access((long) l * LINE, false)).count();

        long expected = 0;
        for (int s = 0; s < sets; s++) {
            List<Integer> perSet = new ArrayList<>();
            for (int l : lineTrace) {
                if (l % sets == s) {
                    perSet.add(l);
                }
            }
            expected += stackDistanceMisses(perSet, ways);
        }
        assertThat(simulated).isEqualTo(expected);
    }
}
