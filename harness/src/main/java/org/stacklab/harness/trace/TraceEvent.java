package org.stacklab.harness.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded Chrome Trace Event: a complete slice ({@code X}), an instant ({@code i}), a counter
 * sample ({@code C}) or a flow start / finish ({@code s} / {@code f}), with times in simulated cycles.
 */
public final class TraceEvent {
    final char ph;
    final int tid;
    final String name;
    final String cat;
    final long ts;
    final long dur;
    final long seq;
    final Map<String, Object> args = new LinkedHashMap<>();
    long flowId;

    TraceEvent(char ph, int tid, String name, String cat, long ts, long dur, long seq) {
        this.ph = ph;
        this.tid = tid;
        this.name = name;
        this.cat = cat;
        this.ts = ts;
        this.dur = dur;
        this.seq = seq;
    }

    /** The phase: {@code X}, {@code i}, {@code C}, {@code s} or {@code f}. */
    public char ph() {
        return ph;
    }

    /** The track. */
    public int tid() {
        return tid;
    }

    /** The event's name. */
    public String name() {
        return name;
    }

    /** Start, in cycles. */
    public long ts() {
        return ts;
    }

    /** Duration in cycles (slices only). */
    public long dur() {
        return dur;
    }
}
