package org.stacklab.harness.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes recorded runs as one Chrome Trace Event JSON object (the format Perfetto and
 * {@code chrome://tracing} open): {@code displayTimeUnit}, {@code otherData}, and {@code traceEvents} —
 * metadata first (a process per model, a named track per CPU and thread), then each process's events in
 * time order, one per line.
 *
 * <p>Times: {@code ts} and {@code dur} are microseconds at the profile's clock, printed from whole
 * nanoseconds (at most three decimals), so a reader that converts them to integer nanoseconds — Perfetto
 * rounds {@code ts * 1000} — gets exactly the values written and slices nested in cycles stay nested;
 * every slice also carries its integer {@code cycle} and {@code cycles} in {@code args}. Flow ids are
 * unique in the file ({@code pid << 32 | id}).
 *
 * <p>Invariant: the same recordings give the same bytes.
 */
public final class ChromeTraceWriter {
    private ChromeTraceWriter() {
    }

    /** The order of events in the file: by time, slices before others, a parent before its children. */
    private static final Comparator<TraceEvent> ORDER = Comparator.<TraceEvent>comparingLong(e -> e.ts)
            .thenComparingInt(e -> rank(e.ph))
            .thenComparing(Comparator.<TraceEvent>comparingLong(e -> e.dur).reversed())
            .thenComparingLong(e -> e.seq);

    private static int rank(char ph) {
        return switch (ph) {
            case 'X' -> 0;
            case 'i' -> 1;
            case 's', 'f' -> 2;
            default -> 3;
        };
    }

    /**
     * Writes {@code runs} to {@code out}.
     *
     * @param otherData string facts about the trace (workload, machine, ...), written in {@code otherData}
     */
    public static void write(List<TraceRecorder> runs, Map<String, String> otherData, Writer out) throws IOException {
        out.write("{\"displayTimeUnit\":\"ns\",\"otherData\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : otherData.entrySet()) {
            out.write((first ? "" : ",") + str(e.getKey()) + ":" + str(e.getValue()));
            first = false;
        }
        out.write("},\"traceEvents\":[\n");
        first = true;
        for (TraceRecorder r : runs) {
            first = line(out, first, "{\"ph\":\"M\",\"pid\":" + r.pid() + ",\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":"
                    + str(r.processName()) + "}}");
            first = line(out, first, "{\"ph\":\"M\",\"pid\":" + r.pid() + ",\"tid\":0,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":"
                    + r.pid() + "}}");
            for (TraceRecorder.Track t : r.tracks()) {
                first = line(out, first, "{\"ph\":\"M\",\"pid\":" + r.pid() + ",\"tid\":" + t.tid()
                        + ",\"name\":\"thread_name\",\"args\":{\"name\":" + str(t.name()) + "}}");
                first = line(out, first, "{\"ph\":\"M\",\"pid\":" + r.pid() + ",\"tid\":" + t.tid()
                        + ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + t.tid() + "}}");
            }
        }
        for (TraceRecorder r : runs) {
            List<TraceEvent> events = new ArrayList<>(r.events());
            events.sort(ORDER);
            double mhz = r.clockMhz();
            for (TraceEvent e : events) {
                first = line(out, first, event(r.pid(), e, mhz));
            }
        }
        out.write("\n]}\n");
    }

    private static boolean line(Writer out, boolean first, String s) throws IOException {
        if (!first) {
            out.write(",\n");
        }
        out.write(s);
        return false;
    }

    private static String event(int pid, TraceEvent e, double mhz) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"ph\":\"").append(e.ph).append("\",\"pid\":").append(pid).append(",\"tid\":").append(e.tid)
                .append(",\"name\":").append(str(e.name)).append(",\"cat\":").append(str(e.cat))
                .append(",\"ts\":").append(micros(ns(e.ts, mhz)));
        switch (e.ph) {
            case 'X' -> b.append(",\"dur\":").append(micros(ns(e.ts + e.dur, mhz) - ns(e.ts, mhz)));
            case 'i' -> b.append(",\"s\":\"t\"");
            case 's' -> b.append(",\"id\":").append(((long) pid << 32) | e.flowId);
            case 'f' -> b.append(",\"id\":").append(((long) pid << 32) | e.flowId).append(",\"bp\":\"e\"");
            default -> {
            }
        }
        b.append(",\"args\":{");
        boolean first = true;
        for (Map.Entry<String, Object> a : e.args.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(str(a.getKey())).append(':');
            Object v = a.getValue();
            if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
                b.append(v);
            } else {
                b.append(str(String.valueOf(v)));
            }
        }
        return b.append("}}").toString();
    }

    /** Whole nanoseconds of {@code cycles} at {@code mhz} (rounded): monotonic in cycles. */
    static long ns(long cycles, double mhz) {
        return Math.round(cycles * 1e3 / mhz);
    }

    /** {@code ns} as microseconds, exactly (at most three decimals, no trailing zeros). */
    static String micros(long ns) {
        long whole = ns / 1_000;
        long frac = ns % 1_000;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = Long.toString(1_000 + frac).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
