package org.stacklab.kernel.spi;

/** How a run ended. */
public enum RunOutcome {
    /** No thread can run: every thread halted or is blocked with nothing left to wake it. */
    QUIESCENT,
    /** The cycle limit was reached while threads could still run. */
    CYCLE_LIMIT
}
