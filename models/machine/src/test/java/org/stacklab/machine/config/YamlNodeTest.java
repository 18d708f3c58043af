package org.stacklab.machine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stacklab.machine.config.YamlNode.Kind;
import org.stacklab.machine.config.YamlNode.Mapping;
import org.stacklab.machine.config.YamlNode.Scalar;
import org.stacklab.machine.config.YamlNode.Sequence;
import org.stacklab.machine.config.YamlNode.Style;

class YamlNodeTest {
    static Mapping map(String yaml) {
        return (Mapping) YamlNode.parse("t.yaml", yaml);
    }

    static Scalar scalar(Mapping m, String key) {
        return (Scalar) m.get(key).value();
    }

    @Test
    @DisplayName("every node and key keeps its line; keys stay in document order")
    void lines() {
        Mapping m = map("# comment\na: 1\nb:\n  - x\n  - {c: d}\n");
        assertThat(m.entries().keySet()).containsExactly("a", "b");
        assertThat(m.get("a").keyLine()).isEqualTo(2);
        Sequence b = (Sequence) m.get("b").value();
        assertThat(m.get("b").keyLine()).isEqualTo(3);
        assertThat(b.line()).isEqualTo(4);
        assertThat(b.items()).extracting(YamlNode::line).containsExactly(4, 5);
    }

    @Test
    @DisplayName("scalars keep their YAML type and their text as written")
    void kinds() {
        Mapping m = map("s: fast\ni: 0x10\nd: 1.50\nb: true\nn:\nq: \"12\"\n");
        assertThat(scalar(m, "s")).isEqualTo(new Scalar(Kind.STRING, "fast", null, Style.PLAIN, 1));
        assertThat(scalar(m, "i").kind()).isEqualTo(Kind.INTEGER);
        assertThat(scalar(m, "i").text()).isEqualTo("0x10");
        assertThat(scalar(m, "i").number().intValue()).isEqualTo(16);
        assertThat(scalar(m, "d").text()).isEqualTo("1.50");
        assertThat(scalar(m, "d").number()).isEqualTo(1.5);
        assertThat(scalar(m, "b").kind()).isEqualTo(Kind.BOOLEAN);
        assertThat(scalar(m, "n").isNull()).isTrue();
        assertThat(scalar(m, "n").describe()).isEqualTo("null");
        assertThat(scalar(m, "q").kind()).isEqualTo(Kind.STRING);
        assertThat(scalar(m, "q").describe()).isEqualTo("'12'");
    }

    @Test
    @DisplayName("YAML's .inf and .nan are decimals, not syntax errors")
    void infinityAndNan() {
        Mapping m = map("a: .inf\nb: -.Inf\nc: .NaN\n");
        assertThat(scalar(m, "a").kind()).isEqualTo(Kind.DECIMAL);
        assertThat(scalar(m, "a").number()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scalar(m, "b").number()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(scalar(m, "c").number().doubleValue()).isNaN();
        assertThat(scalar(m, "c").describe()).isEqualTo(".NaN");
    }

    @Test
    @DisplayName("a scalar's style says whether it was quoted or a block; a literal block's line is that of '|'")
    void styles() {
        Mapping m = map("p: 12\nsq: '12'\ndq: \"x\"\nlit: |\n  one\n  two\nfold: >\n  one\n  two\nflow: {x: 'y', z: w}\nn: ~\n");
        assertThat(scalar(m, "p").style()).isEqualTo(Style.PLAIN);
        assertThat(scalar(m, "sq").style()).isEqualTo(Style.QUOTED);
        assertThat(scalar(m, "dq").style()).isEqualTo(Style.QUOTED);
        Scalar lit = scalar(m, "lit");
        assertThat(lit.style()).isEqualTo(Style.LITERAL);
        assertThat(lit.line()).isEqualTo(4);
        assertThat(lit.text()).isEqualTo("one\ntwo\n");
        assertThat(scalar(m, "fold").style()).isEqualTo(Style.FOLDED);
        Mapping flow = (Mapping) m.get("flow").value();
        assertThat(scalar(flow, "x").style()).isEqualTo(Style.QUOTED);
        assertThat(scalar(flow, "z").style()).isEqualTo(Style.PLAIN);
        assertThat(scalar(m, "n").style()).isEqualTo(Style.PLAIN);
    }

    @Test
    @DisplayName("an empty document is a null scalar on line 1")
    void empty() {
        assertThat(YamlNode.parse("t.yaml", "# nothing\n")).isEqualTo(new Scalar(Kind.NULL, "", null, Style.PLAIN, 1));
    }

    @Test
    @DisplayName("a duplicate key is an error, worded by default or by the caller")
    void duplicateKey() {
        String yaml = "a: 1\nb: 2\na: 3\n";
        assertThatThrownBy(() -> YamlNode.parse("t.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml:3: duplicate key 'a' (first given on line 1)");
        assertThatThrownBy(() -> YamlNode.parse("t.yaml", yaml, (file, first, repeat) -> new ConfigException(file, repeat.keyLine(),
                repeat.key(), "again (first on line " + first.keyLine() + ", value " + first.value().describe() + ")")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml:3: field 'a': again (first on line 1, value 1)");
    }

    @Test
    @DisplayName("syntax errors, aliases and a second document are refused with the line")
    void refused() {
        assertThatThrownBy(() -> YamlNode.parse("t.yaml", "a: [1\nb: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml:2: not valid YAML: ");
        assertThatThrownBy(() -> YamlNode.parse("t.yaml", "a: &x 1\nb: *x\n"))
                .hasMessage("t.yaml:2: YAML aliases (*x) are not supported; write the value out");
        assertThatThrownBy(() -> YamlNode.parse("t.yaml", "a: 1\n---\nb: 2\n"))
                .hasMessageContaining("only one YAML document is allowed");
    }
}
