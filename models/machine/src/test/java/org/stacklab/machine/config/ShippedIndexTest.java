package org.stacklab.machine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShippedIndexTest {
    @Test
    @DisplayName("one name a line, stripped and sorted; blank and # lines skipped")
    void names() {
        List<String> names = ShippedIndex.names("# the library\n\n  pingpong  \r\nidle-threads\n   # not this\nnull-syscall");
        assertThat(names).containsExactly("idle-threads", "null-syscall", "pingpong");
        assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("an empty index lists nothing")
    void empty() {
        assertThat(ShippedIndex.names("")).isEmpty();
        assertThat(ShippedIndex.names("# only a comment\n")).isEmpty();
    }
}
