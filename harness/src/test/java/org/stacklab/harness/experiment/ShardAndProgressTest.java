package org.stacklab.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.UserError;
import org.stacklab.harness.experiment.Experiment.Point;
import org.stacklab.kernel.Preemptibility;

/** {@link Shard}: slices that hold every point exactly once; {@link Progress}: the two displays. */
class ShardAndProgressTest {
    private static List<Point> points(int n) {
        List<Point> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(new Point(i, "pingpong", "perthread", "ppro200", Preemptibility.NP, Map.of("rounds", "5"), i));
        }
        return ps;
    }

    @Test
    void theShardsOfAnExperimentHoldEveryPointExactlyOnceInOrder() {
        List<Point> all = points(17);
        for (int n = 1; n <= 5; n++) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                List<Point> mine = Shard.parse(i + "/" + n).of(all);
                assertThat(mine).isSortedAccordingTo((a, b) -> Integer.compare(a.index(), b.index()));
                final int slice = i - 1;
                final int count = n;
                assertThat(mine).allMatch(p -> p.index() % count == slice);
                mine.forEach(p -> seen.add(p.index()));
            }
            assertThat(seen).hasSize(17).doesNotHaveDuplicates();
        }
        assertThat(Shard.parse(" 2 / 8 ")).isEqualTo(new Shard(2, 8));
        assertThat(Shard.ALL.all()).isTrue();
        assertThat(new Shard(3, 4)).hasToString("3/4");
    }

    @Test
    void badShardTextIsAUserErrorSayingTheForm() {
        for (String bad : List.of("0/1", "2/1", "1/0", "x", "1/2/3", "-1/2", "99999999999/3")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(UserError.class).hasMessageContaining("'--shard'").hasMessageContaining("i/n");
        }
    }

    @Test
    void linesNameTheDoneCountThePointAndTheEstimate() {
        StringWriter w = new StringWriter();
        Progress p = Progress.lines(new PrintWriter(w));
        List<Point> ps = points(3);
        p.start(4, 1);
        p.finished(ps.get(0), true);
        p.finished(ps.get(1), false);
        p.finished(ps.get(2), true);
        p.close();
        List<String> lines = w.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("\\[2/4] pingpong/perthread/ppro200/np/rounds=5/0  \\(eta \\d+:\\d\\d\\)");
        assertThat(lines.get(1)).isEqualTo("[2/4] pingpong/perthread/ppro200/np/rounds=5/1 FAILED");
        assertThat(lines.get(2)).matches("\\[3/4] pingpong/perthread/ppro200/np/rounds=5/2  \\(eta \\d+:\\d\\d\\)");
        assertThat(Progress.clock(Duration.ofSeconds(75))).isEqualTo("1:15");
        assertThat(Progress.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }

    /** Closed before the library's first redraw, and after a few (it ends its line itself then). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1200})
    void theBarRedrawsOneLineAndNamesTheLastPoint(int millis) throws InterruptedException {
        StringWriter w = new StringWriter();
        Progress p = Progress.bar(new PrintWriter(w), 120);
        List<Point> ps = points(3);
        p.start(3, 0);
        ps.forEach(x -> p.finished(x, true));
        Thread.sleep(millis);
        p.close();
        String out = w.toString();
        assertThat(out).contains("\r").contains("3/3").contains("pingpong/perthread/ppro200/np/rounds=5/2").endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1); // one line, redrawn in place; a newline at the end
    }
}
