package org.stacklab.harness.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The properties every Chrome trace stacklab writes must have: the required fields of each event, the
 * slices of each (pid, tid) nest properly, timestamps are non-decreasing per track in file order, every
 * flow start has exactly one finish (and vice versa), counters exist, one named process per model.
 */
final class TraceChecks {
    private TraceChecks() {
    }

    /** Checks {@code root} and returns the process names by pid. */
    static Map<Integer, String> check(JsonNode root) {
        assertThat(root.path("displayTimeUnit").asText()).isIn("ns", "ms");
        JsonNode events = root.get("traceEvents");
        assertThat(events).isNotNull();
        assertThat(events.isArray()).isTrue();
        Map<Integer, String> processes = new TreeMap<>();
        Map<String, BigDecimal> lastTs = new HashMap<>();
        Map<String, List<JsonNode>> slices = new LinkedHashMap<>();
        Map<String, Integer> flowStarts = new HashMap<>();
        Map<String, Integer> flowEnds = new HashMap<>();
        Map<Integer, Integer> counters = new HashMap<>();
        for (JsonNode e : events) {
            for (String f : new String[] {"ph", "pid", "tid", "name"}) {
                assertThat(e.has(f)).as("%s has %s", e, f).isTrue();
            }
            String ph = e.get("ph").asText();
            int pid = e.get("pid").asInt();
            String track = pid + "/" + e.get("tid").asInt();
            if (ph.equals("M")) {
                assertThat(e.get("args").has("name") || e.get("args").has("sort_index")).as("%s", e).isTrue();
                if (e.get("name").asText().equals("process_name")) {
                    assertThat(processes.put(pid, e.get("args").get("name").asText())).as("one process_name per pid").isNull();
                }
                continue;
            }
            assertThat(ph).as("%s", e).isIn("X", "i", "C", "s", "f");
            assertThat(e.get("ts").isNumber()).as("%s", e).isTrue();
            assertThat(e.has("cat")).as("%s", e).isTrue();
            BigDecimal ts = BigDecimal.valueOf(ns(e.get("ts")));
            assertThat(ts.signum()).isGreaterThanOrEqualTo(0);
            BigDecimal last = lastTs.put(track + (ph.equals("C") ? "/C" : ""), ts);
            if (last != null) {
                assertThat(ts).as("timestamps non-decreasing on %s at %s", track, e).isGreaterThanOrEqualTo(last);
            }
            switch (ph) {
                case "X" -> {
                    assertThat(e.get("dur").isNumber()).as("%s", e).isTrue();
                    assertThat(ns(e.get("dur"))).as("%s", e).isGreaterThanOrEqualTo(0);
                    JsonNode a = e.get("args");
                    for (String f : new String[] {"cycle", "cycles", "l1d_misses", "l2_misses", "stack_bytes_entry", "stack_bytes_peak"}) {
                        assertThat(a.has(f)).as("%s has args.%s", e, f).isTrue();
                    }
                    slices.computeIfAbsent(track, k -> new ArrayList<>()).add(e);
                }
                case "s" -> flowStarts.merge(pid + ":" + e.get("id").asLong(), 1, Integer::sum);
                case "f" -> {
                    assertThat(e.get("bp").asText()).isEqualTo("e");
                    flowEnds.merge(pid + ":" + e.get("id").asLong(), 1, Integer::sum);
                }
                case "C" -> {
                    assertThat(e.get("args").get("bytes_in_use").isNumber()).isTrue();
                    counters.merge(pid, 1, Integer::sum);
                }
                default -> {
                }
            }
        }
        assertThat(processes).as("processes").isNotEmpty();
        for (int pid : processes.keySet()) {
            assertThat(counters.getOrDefault(pid, 0)).as("counter events of pid %s", pid).isPositive();
        }
        assertThat(flowEnds).as("every flow start has one finish and every finish one start").isEqualTo(flowStarts);
        assertThat(flowStarts.values()).allMatch(n -> n == 1);
        slices.forEach(TraceChecks::nested);
        return processes;
    }

    /** The slices of one track nest properly, in cycles and in microseconds alike. */
    private static void nested(String track, List<JsonNode> slices) {
        nested(track, slices, e -> e.get("args").get("cycle").decimalValue(), e -> e.get("args").get("cycles").decimalValue());
        // as Perfetto reads them: llround(µs * 1000) nanoseconds, ts and dur each
        nested(track, slices, e -> BigDecimal.valueOf(ns(e.get("ts"))), e -> BigDecimal.valueOf(ns(e.get("dur"))));
    }

    /** A microsecond value as Perfetto converts it to integer nanoseconds; it must have no more than three decimals. */
    static long ns(JsonNode micros) {
        assertThat(micros.isNumber()).as("%s", micros).isTrue();
        double x = micros.asDouble() * 1000.0;
        long n = Math.round(x);
        assertThat(Math.abs(x - n)).as("%s µs is a whole number of nanoseconds", micros).isLessThan(1e-3);
        return n;
    }

    private static void nested(String track, List<JsonNode> slices, java.util.function.Function<JsonNode, BigDecimal> begin,
                               java.util.function.Function<JsonNode, BigDecimal> dur) {
        ArrayDeque<BigDecimal[]> open = new ArrayDeque<>();
        for (JsonNode e : slices) {
            BigDecimal b = begin.apply(e);
            BigDecimal end = b.add(dur.apply(e));
            // a slice that ends at or before b is over (a zero-length slice at b may still hold zero-length children at b)
            while (!open.isEmpty() && open.peek()[1].compareTo(b) <= 0 && !(open.peek()[1].compareTo(b) == 0 && end.compareTo(b) == 0)) {
                open.pop();
            }
            if (!open.isEmpty()) {
                BigDecimal[] parent = open.peek();
                assertThat(b).as("%s: %s starts inside its parent", track, e).isGreaterThanOrEqualTo(parent[0]);
                assertThat(end).as("%s: %s ends inside its parent [%s, %s]", track, e, parent[0], parent[1]).isLessThanOrEqualTo(parent[1]);
            }
            open.push(new BigDecimal[] {b, end});
        }
    }
}
