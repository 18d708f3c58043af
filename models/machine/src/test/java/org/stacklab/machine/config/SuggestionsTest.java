package org.stacklab.machine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    static final List<String> FIELDS = List.of("name", "description", "clockMhz", "ways", "max", "min");

    @Test
    @DisplayName("a close name is suggested, ignoring case")
    void closeName() {
        assertThat(Suggestions.didYouMean("descriptoin", FIELDS)).isEqualTo(" (did you mean 'description'?)");
        assertThat(Suggestions.didYouMean("wayz", FIELDS)).isEqualTo(" (did you mean 'ways'?)");
        assertThat(Suggestions.didYouMean("clockMHz", FIELDS)).isEqualTo(" (did you mean 'clockMhz'?)");
        assertThat(Suggestions.didYouMean("NAME", FIELDS)).isEqualTo(" (did you mean 'name'?)");
    }

    @Test
    @DisplayName("nothing is suggested beyond distance 2, or for a short key that is mostly wrong")
    void farOrShort() {
        assertThat(Suggestions.didYouMean("frequency", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("descr", FIELDS)).isEmpty();
        // 'mx' is distance 1 from 'max', half of its two letters; 'mxa' is distance 2, two thirds of its three
        assertThat(Suggestions.didYouMean("mx", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("a", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("maz", FIELDS)).isEqualTo(" (did you mean 'max'?)");
        assertThat(Suggestions.didYouMean("mxa", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("x", List.of())).isEmpty();
    }

    @Test
    @DisplayName("the closest name wins; on a tie, the first")
    void closestThenFirst() {
        assertThat(Suggestions.didYouMean("mix", FIELDS)).isEqualTo(" (did you mean 'max'?)");
        assertThat(Suggestions.didYouMean("mix", List.of("min", "max"))).isEqualTo(" (did you mean 'min'?)");
        assertThat(Suggestions.didYouMean("wayss", List.of("way", "ways"))).isEqualTo(" (did you mean 'ways'?)");
    }

    @Test
    @DisplayName("distance is the Levenshtein distance")
    void distance() {
        assertThat(Suggestions.distance("", "")).isZero();
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("ways", "wayz")).isEqualTo(1);
        assertThat(Suggestions.distance("abc", "acb")).isEqualTo(2);
    }
}
