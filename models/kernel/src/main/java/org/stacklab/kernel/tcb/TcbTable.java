package org.stacklab.kernel.tcb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;

/**
 * The TCB lookup table: thread number to TCB, a word per entry in kernel memory. A lookup reads the
 * entry and then the TCB's {@code my_global_id}, so a stale id (other version) is detected as in
 * Pistachio's {@code ipc.cc} (semantics.md §1).
 *
 * <p>Invariant: entry {@code n} is non-null iff a live thread has number {@code n}.
 */
public final class TcbTable {
    /** First thread number given to user threads; lower numbers are the system range (interrupt threads). */
    public static final int FIRST_USER_NUMBER = 64;
    /** Entries the table has room for. */
    public static final int CAPACITY = 1 << 18;

    private final KernelExec exec;
    private final long base;
    private final int wordBytes;
    private final List<Tcb> byNumber = new ArrayList<>();
    private final Map<Long, Tcb> byLocalId = new HashMap<>();

    public TcbTable(KernelExec exec, KernelMemory memory) {
        this.exec = exec;
        this.wordBytes = exec.profile().wordBytes();
        this.base = memory.allocate(Purpose.TABLE, (long) CAPACITY * wordBytes, 4096);
    }

    /** Registers a new thread under its number. */
    public void add(Tcb t) {
        while (byNumber.size() <= t.number()) {
            byNumber.add(null);
        }
        if (byNumber.get(t.number()) != null) {
            throw new IllegalStateException("thread number in use: " + t.number());
        }
        byNumber.set(t.number(), t);
        byLocalId.put(key(t.space().id(), t.user().utcb().localId()), t);
        exec.store(base + (long) t.number() * wordBytes);
    }

    private static long key(int space, long localId) {
        return ((long) space << 32) | localId;
    }

    /** The thread with this number, without simulating the access (queue links, invariants). */
    public Tcb byNumber(int number) {
        return number < byNumber.size() ? byNumber.get(number) : null;
    }

    /**
     * Finds the live thread {@code id} names, as seen from {@code asker}: a global id must match
     * number and version; a local id must name a UTCB in the asker's space. Wildcards and nil find
     * nothing.
     */
    public Tcb lookup(ThreadId id, Tcb asker) {
        if (id.isNil() || id.isWildcard()) {
            return null;
        }
        if (id.isLocal()) {
            Tcb t = byLocalId.get(key(asker.space().id(), id.raw()));
            exec.load(asker.space().physical(id.raw()) - 15L * wordBytes); // MyGlobalId TCR in that UTCB
            return t;
        }
        int n = id.number();
        if (n < FIRST_USER_NUMBER || n >= CAPACITY) {
            return null;
        }
        exec.load(base + (long) n * wordBytes);
        Tcb t = byNumber(n);
        if (t == null) {
            return null;
        }
        return t.read(TcbLayout.Shared.MY_GLOBAL_ID) == id.raw() ? t : null;
    }

    /** All threads, in number order. */
    public List<Tcb> all() {
        List<Tcb> out = new ArrayList<>();
        for (Tcb t : byNumber) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    public long base() {
        return base;
    }
}
