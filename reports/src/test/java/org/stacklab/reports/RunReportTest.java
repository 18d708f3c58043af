package org.stacklab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RunReportTest {
    @Test
    void latexEscapesItsSpecialCharacters() {
        assertThat(RunReport.texEscape("a_b 50% R&D $1 #2 {x} ~ ^ \\"))
                .isEqualTo("a\\_b 50\\% R\\&D \\$1 \\#2 \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
    }

    @Test
    void latexRowsHaveOneCellPerColumn() {
        String tex = RunReport.latex(List.of("model", "cycles_per_op"), List.of(List.of("a&b", "1"), List.of("c", "")), 1);
        assertThat(tex).contains("\\begin{tabular}{lr}\n\\toprule\nmodel & cycles\\_per\\_op \\\\\n\\midrule\n"
                + "a\\&b & 1 \\\\\nc & -- \\\\\n\\bottomrule\n\\end{tabular}\n");
    }

    @Test
    void markdownEscapesBars() {
        assertThat(RunReport.markdown(List.of("m", "v"), List.of(List.of("a|b", "")), 1))
                .isEqualTo("| m | v |\n| --- | ---: |\n| a\\|b | – |\n");
    }

    @Test
    void chartGroupsNameOnlyTheParametersThatVary() {
        ResultTable t = new ResultTable(List.of("params"), List.of(List.of("rounds=50;work=10"), List.of("rounds=100;work=10")));
        assertThat(RunReport.varyingPairs(t, "params", "rounds=50;work=10")).isEqualTo("rounds=50");
    }
}
