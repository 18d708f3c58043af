package org.stacklab.perthread.carrier;

/**
 * The Java carrier of one simulated thread's kernel call chain: a virtual thread, created and started
 * the first time the {@link Baton} is handed to it, that runs {@link #body}. While the simulated
 * thread is blocked inside the kernel, this virtual thread is parked in the middle of the kernel code
 * that blocked, so the Java call stack holds exactly the call chain the simulated kernel stack holds.
 *
 * <p>Invariant: {@link #hasBaton} is true for at most one carrier of a {@link Baton} at a time, and
 * only that carrier's thread runs simulation code.
 */
public final class Carrier {
    final String name;
    final Runnable body;
    /** The virtual thread; {@code null} until the carrier is first handed the baton. */
    Thread thread;
    /** Set by whoever hands this carrier the baton; cleared by the carrier itself when it gives it away. */
    volatile boolean hasBaton;
    /** Set by {@link Baton#kill}: the carrier's thread unwinds instead of waiting for the baton. */
    volatile boolean killed;

    Carrier(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    public String name() {
        return name;
    }

    /** Whether the carrier's virtual thread has been started (it has been handed the baton at least once). */
    public boolean started() {
        return thread != null;
    }

    @Override
    public String toString() {
        return "carrier " + name;
    }
}
