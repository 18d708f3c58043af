package org.stacklab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

/** The rules that keep print charts readable: shortest group labels, label layout, room for labels, log tick labels. */
class ChartLayoutTest {
    static final BarChart.PrintStyle COLUMN = new BarChart.PrintStyle(252, 180, 7f, Map.of("perthread", new Color(0xE69F00)), Map.of(),
            Map.of());
    static final List<String> COLS = List.of("workload", "machine", "params");

    @Test
    void aGroupLabelLeavesOutAParameterOnlyItsWorkloadHas() {
        List<List<String>> groups = List.of(
                List.of("null-rpc", "ds3100", "rounds=1000"), List.of("null-rpc", "x86-64-int", "rounds=1000"),
                List.of("pingpong", "ds3100", "rounds=1000;work=10"), List.of("pingpong", "x86-64-int", "rounds=1000;work=10"));
        assertThat(groups.stream().map(g -> GroupLabels.label(COLS, g, groups)))
                .containsExactly("null-rpc ds3100", "null-rpc x86-64-int", "pingpong ds3100", "pingpong x86-64-int");
    }

    @Test
    void aParameterThatVariesWithinAWorkloadStays() {
        List<List<String>> groups = List.of(
                List.of("null-rpc", "ds3100", "rounds=1000"),
                List.of("pingpong", "ds3100", "rounds=1000;work=10"), List.of("pingpong", "ds3100", "rounds=1000;work=20"));
        assertThat(groups.stream().map(g -> GroupLabels.label(COLS, g, groups)))
                .containsExactly("null-rpc", "pingpong work=10", "pingpong work=20");
        // a key one group of a workload has and another has not tells them apart
        List<List<String>> absent = List.of(List.of("w", "m", "a=1"), List.of("w", "m", ""));
        assertThat(GroupLabels.label(COLS, absent.get(0), absent)).isEqualTo("a=1");
        assertThat(GroupLabels.label(List.of("workload", "preempt"), List.of("w", "pp"), List.of(List.of("w", "np"), List.of("w", "pp"))))
                .isEqualTo("preempt=pp");
    }

    @Test
    void distinctGroupsGetDistinctLabels() {
        List<List<String>> groups = new ArrayList<>();
        for (String w : List.of("a", "b")) {
            for (String m : List.of("m1", "m2")) {
                for (String p : List.of("x=1;y=2", "x=1;y=3", "x=2;y=2", "z=1")) {
                    groups.add(List.of(w, m, p));
                }
            }
        }
        assertThat(groups.stream().map(g -> GroupLabels.label(COLS, g, groups)).distinct()).hasSize(groups.size());
    }

    @Test
    void labelsOfOneKeyShowTheirValuesUnderTheKeyAsAxisTitle() {
        assertThat(BarChart.commonKey(List.of("clients=10", "clients=100"))).isEqualTo("clients");
        assertThat(BarChart.commonKey(List.of("clients=10", "work=100"))).isNull();
        assertThat(BarChart.commonKey(List.of("null-rpc ds3100", "pingpong ds3100"))).isNull();
        assertThat(BarChart.commonKey(List.of("clients=10 work=1"))).isNull();
        ResultTable t = new ResultTable(List.of("model", "group", "v"),
                List.of(List.of("perthread", "clients=10", "1"), List.of("perthread", "clients=100000", "2")));
        CategoryChart c = BarChart.chart(t, new BarChart.Panel("v", "v", "bytes", null, BarChart.Scale.LINEAR), "group", "model", COLUMN);
        assertThat(c.getXAxisTitle()).isEqualTo("clients");
        assertThat(c.getStyler().isXAxisTitleVisible()).isTrue();
        assertThat(new ArrayList<Object>(c.getSeriesMap().get("perthread").getXData())).containsExactly("10", "100000");
        assertThat(c.getStyler().getXAxisLabelRotation()).as("short values fit side by side").isZero();
        assertThat(c.getHeight()).isEqualTo(180);
    }

    @Test
    void labelsTooWideForTheirShareAreVerticalWithRoomOfTheirOwn() {
        List<String> groups = List.of("null-rpc ds3100", "null-rpc ppro200", "null-rpc x86-64", "null-rpc x86-64-int",
                "pingpong ds3100", "pingpong ppro200", "pingpong x86-64", "pingpong x86-64-int");
        assertThat(BarChart.rotated(groups, COLUMN)).isTrue();
        assertThat(BarChart.rotated(List.of("preempt=np", "preempt=pp", "preempt=fp"), COLUMN)).isFalse();
        double widest = BarChart.widestLabelPt(groups, COLUMN);
        assertThat(widest).as("6 pt labels of 19 characters").isBetween(40.0, 80.0);
        List<List<String>> rows = new ArrayList<>();
        for (String g : groups) {
            rows.add(List.of("perthread", g, "1"));
            rows.add(List.of("stateless", g, "2"));
        }
        CategoryChart c = BarChart.chart(new ResultTable(List.of("model", "group", "v"), rows),
                new BarChart.Panel("v", "v", "cycles/op", null, BarChart.Scale.LINEAR), "group", "model", COLUMN);
        assertThat(c.getStyler().getXAxisLabelRotation()).isEqualTo(90);
        assertThat(c.getHeight()).as("the plot keeps its height; the labels add their own").isEqualTo(180 + BarChart.labelRoomPt(groups, COLUMN));
        assertThat(c.getStyler().getChartPadding()).as("a gap between the labels and the legend below")
                .isEqualTo(6 + PrintCharts.LEGEND_GAP_PT);
    }

    @Test
    void logAxesOfLargeValuesUseShortPowersOfTen() {
        assertThat(PrintCharts.logPattern(100_000)).isEqualTo("#,##0.##");
        assertThat(PrintCharts.logPattern(4.2e8)).isEqualTo("0E0");
        assertThat(new java.text.DecimalFormat(PrintCharts.logPattern(1e9)).format(1e9)).isEqualTo("1E9");
    }
}
