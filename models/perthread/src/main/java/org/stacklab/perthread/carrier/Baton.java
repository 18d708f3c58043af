package org.stacklab.perthread.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps blocked simulated threads' kernel call chains alive as parked Java virtual threads, and runs
 * exactly one of them at a time.
 *
 * <h2>Why</h2>
 * In the per-thread (process) model a thread that blocks inside the kernel keeps its call chain on its
 * own kernel stack and continues, when it is switched back to, at the statement after the block
 * (DESIGN.md rule 2: straight-line blocking code). The simulated kernel is Java code, so "keeping the
 * call chain" means keeping a Java call stack suspended in the middle of that code. The only way to
 * do that in plain Java is a thread per simulated thread. Platform threads cost an OS thread and a
 * reserved native stack each, so 100,000 threads blocked in the kernel would not fit; a parked
 * <em>virtual</em> thread keeps its frames in a small heap object (a few hundred bytes to a couple of
 * KB for this kernel's call depth), so 100,000 of them fit easily in a 4 GB heap. A thread's carrier
 * is created lazily, the first time it is dispatched, and a simulated thread that halts lets its
 * carrier end.
 *
 * <h2>The baton</h2>
 * The simulation (kernel state, caches, clock, counters) is single-threaded code without locks. To
 * keep it so, exactly one Java thread may run simulation code at any time: the holder of the baton.
 * {@link #switchTo}{@code (next)} marks {@code next} as holding the baton (a volatile flag) and unparks
 * its thread, then parks the caller until someone hands the baton back to it. The volatile write and
 * read of the flag order every simulation step of one holder before every step of the next
 * (happens-before), so plain fields are safe. Waiting loops on the flag, not on {@code park}'s
 * return, because {@code park} may return spuriously or consume a stale permit.
 *
 * <p>Because only the baton holder runs, and it hands the baton on only where the simulation decides
 * to switch threads, the order of simulation steps is a function of the simulated state alone: the
 * JVM's choice of carrier threads, their number and their timing cannot change any result
 * (DESIGN.md rule 4). A switch costs one unpark and one park (no round trip through a scheduler
 * thread): the hand-over is direct from the blocking thread to the next thread, as a kernel context
 * switch is.
 *
 * <p>Throughput note: with the JDK's default virtual-thread scheduler (one carrier thread per core),
 * an idle carrier woken by the unpark often steals the next carrier and runs it on another core, so
 * the simulation's state (caches, tables) migrates between cores on many switches. Results are
 * unaffected, but a single-run benchmark is about twice as fast with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1}, which keeps every carrier on one carrier thread
 * (at the price of running all virtual threads of the JVM on that one thread).
 *
 * <h2>The host</h2>
 * The thread that calls {@link #run} (normally a platform thread) is the <em>host</em>. It hands the
 * baton to the first carrier and parks until a carrier hands it back ({@code next == null}: the run is
 * over, because nothing is ready or the cycle limit was reached, or because simulation code threw).
 * Then every carrier still parked — the threads still blocked inside the simulated kernel — is
 * unwound: a shutdown flag is set, each is unparked, and its wait throws a private stackless
 * {@link Error} that no simulation code catches, which ends the virtual thread. The host joins every
 * carrier before {@code run} returns, so no simulation code runs after it and no thread outlives the
 * run (nor keeps the kernel reachable).
 *
 * <h2>Failures</h2>
 * An exception thrown by simulation code on a carrier (a kernel stack overflow, an unsupported
 * timeout, a broken invariant) ends that carrier, which hands the baton back to the host; after the
 * unwinding the host rethrows the same exception object from {@link #run}. Nothing is swallowed and
 * nothing hangs.
 *
 * <p>Instances are single-use: one {@link #run} per instance.
 */
public final class Baton {
    private static final Unwind UNWIND = new Unwind();

    private final String prefix;
    private final List<Carrier> carriers = new ArrayList<>();
    /** The carrier holding the baton; {@code null} while the host holds it. Written only by the holder. */
    private Carrier holder;
    private Thread host;
    private boolean ran;
    private volatile boolean hostHasBaton;
    /** Set by the host, after it has the baton back, to unwind every parked carrier. */
    private volatile boolean shutdown;
    /** Set by an interrupted host: the holder hands the baton back at its next switch. */
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    /** @param prefix prefix of the virtual threads' names (shown in thread dumps) */
    public Baton(String prefix) {
        this.prefix = prefix;
    }

    /** A new carrier for {@code body}; its virtual thread starts the first time it is handed the baton. */
    public Carrier newCarrier(String name, Runnable body) {
        Carrier c = new Carrier(name, body);
        carriers.add(c);
        return c;
    }

    /** Carriers made so far. */
    public int carriers() {
        return carriers.size();
    }

    /** Carriers whose virtual thread is still alive (0 once {@link #run} has returned or thrown). */
    public int alive() {
        int n = 0;
        for (Carrier c : carriers) {
            if (c.thread != null && c.thread.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** Carriers whose virtual thread was started. */
    public int started() {
        int n = 0;
        for (Carrier c : carriers) {
            if (c.thread != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Runs on the host: hands the baton to {@code first} and returns once a carrier hands it back and
     * every carrier has ended.
     *
     * @throws RuntimeException or {@link Error}: whatever simulation code threw on a carrier
     * @throws CancellationException if the host was interrupted (its interrupt status is kept)
     */
    public void run(Carrier first) {
        if (ran) {
            throw new IllegalStateException("a Baton runs once");
        }
        ran = true;
        host = Thread.currentThread();
        give(first);
        boolean interrupted = false;
        while (!hostHasBaton) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
                stopRequested = true;
            }
        }
        unwindAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException("simulation failed on a carrier", f);
        }
        if (interrupted) {
            throw new CancellationException("interrupted while the simulation ran");
        }
    }

    /**
     * Runs on the baton holder: hands the baton to {@code next} ({@code null}: back to the host) and
     * parks until the baton is handed back to the caller. If it never is (the run ends meanwhile), the
     * call does not return: the caller's thread is unwound.
     */
    public void switchTo(Carrier next) {
        Carrier self = holderOnThisThread();
        if (next == self) {
            return;
        }
        self.hasBaton = false;
        give(next);
        awaitBaton(self);
    }

    /**
     * Runs on the baton holder, whose body must return right after: hands the baton to {@code next}
     * ({@code null}: back to the host) and lets the caller's carrier end.
     */
    public void exitTo(Carrier next) {
        Carrier self = holderOnThisThread();
        if (next == self) {
            throw new IllegalArgumentException(self + " cannot exit to itself");
        }
        self.hasBaton = false;
        give(next);
    }

    /**
     * Runs on the baton holder: ends {@code victim}, a carrier parked waiting for the baton (a deleted
     * simulated thread's call chain). Its thread is unparked, its wait throws the private unwinding
     * error (no simulation code runs on the way out) and the caller waits until it has ended. A carrier
     * never started simply never starts.
     */
    public void kill(Carrier victim) {
        Carrier self = holderOnThisThread();
        if (victim == self) {
            throw new IllegalArgumentException(self + " cannot kill itself");
        }
        victim.killed = true;
        Thread t = victim.thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Carrier holderOnThisThread() {
        Carrier self = holder;
        if (self == null || self.thread != Thread.currentThread()) {
            throw new IllegalStateException("only the carrier holding the baton may switch; holder " + self + ", caller "
                    + Thread.currentThread());
        }
        return self;
    }

    /** Hands the baton on. After this the caller must not touch simulation state (or {@link #holder}). */
    private void give(Carrier next) {
        if (next == null || stopRequested) {
            holder = null;
            hostHasBaton = true;
            LockSupport.unpark(host);
            return;
        }
        if (next.killed) {
            throw new IllegalStateException("handing the baton to killed " + next);
        }
        if (next.thread == null) {
            Thread t = Thread.ofVirtual().name(prefix + next.name).unstarted(() -> carrierMain(next));
            next.thread = t;
            holder = next;
            next.hasBaton = true;
            t.start();
        } else {
            holder = next;
            next.hasBaton = true;
            LockSupport.unpark(next.thread);
        }
    }

    private void awaitBaton(Carrier self) {
        while (!self.hasBaton) {
            if (shutdown || self.killed) {
                throw UNWIND;
            }
            LockSupport.park(this);
        }
    }

    private void carrierMain(Carrier c) {
        try {
            awaitBaton(c);
            c.body.run();
            if (holder == c) {
                throw new IllegalStateException(c + " ended without handing the baton on");
            }
        } catch (Unwind u) {
            // the run is over and this thread was blocked in the kernel: end quietly
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
            if (holder == c) {
                c.hasBaton = false;
                give(null);
            }
        }
    }

    private void unwindAll() {
        shutdown = true;
        for (Carrier c : carriers) {
            if (c.thread != null) {
                LockSupport.unpark(c.thread);
            }
        }
        boolean interrupted = false;
        for (Carrier c : carriers) {
            Thread t = c.thread;
            while (t != null && t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unwinds a parked carrier at the end of a run. Stackless and shared: it carries no information. */
    private static final class Unwind extends Error {
        private static final long serialVersionUID = 1L;

        Unwind() {
            super("perthread carrier unwound at the end of the run", null, false, false);
        }
    }
}
