package org.stacklab.machine.clock;

/**
 * The simulated time of one CPU, in cycles. Simulated time is the only time in stacklab: no result
 * ever depends on the wall clock (DESIGN.md rule 4).
 *
 * <p>Invariant: {@link #now()} never decreases.
 */
public final class CycleClock {
    private long now;

    /** Current cycle count. */
    public long now() {
        return now;
    }

    /** Spends {@code cycles} cycles. */
    public void advance(long cycles) {
        if (cycles < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + cycles);
        }
        now += cycles;
    }

    /** Moves the clock forward to {@code cycle} if it lies in the future (an idle CPU waiting for an event). */
    public void advanceTo(long cycle) {
        if (cycle > now) {
            now = cycle;
        }
    }
}
