package org.stacklab.kernel.tcb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.machine.memory.BlockArray;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Purpose;
import org.stacklab.machine.profile.TcbLookup;

/**
 * Thread number to TCB, in the way the machine profile's {@code tcbLookup} selects (semantics.md §1):
 *
 * <ul>
 *   <li>{@link TcbLookup#TABLE}: a lookup table, a word per entry in kernel memory. A lookup loads the
 *       entry and then the TCB's {@code my_global_id}.</li>
 *   <li>{@link TcbLookup#VIRTUAL_ARRAY}: L4's virtual TCB array. TCB {@code n} is at
 *       {@code arrayBase + (n - FIRST_USER_NUMBER) * stride}; a lookup computes that address and loads
 *       {@code my_global_id} there (through the TLB, as every kernel access): no table, no table load. A
 *       number with no thread still costs that load (L4 maps unused TCB pages to a zero page).</li>
 * </ul>
 *
 * <p>Either way a stale id (other version) is detected by comparing {@code my_global_id}, as in
 * Pistachio's {@code ipc.cc}, so both find exactly the same threads.
 *
 * <p>TCB placement: models place TCBs with {@link #place} (the next thread number's slot of the array),
 * in both modes, so the TCB addresses do not depend on the lookup. A model that allocates TCBs itself
 * still works with {@code table} lookup; with {@code virtual-array} {@link #add} refuses a TCB that is
 * not at its number's slot.
 *
 * <p>Invariant: entry {@code n} is non-null iff a live thread has number {@code n}.
 */
public final class TcbTable {
    /** First thread number given to user threads; lower numbers are the system range (interrupt threads). */
    public static final int FIRST_USER_NUMBER = 64;
    /** Entries the table has room for. */
    public static final int CAPACITY = 1 << 18;

    private final KernelExec exec;
    private final KernelMemory memory;
    private final TcbLookup mode;
    /** Base of the lookup table ({@code table} mode), or -1. */
    private final long base;
    private final int wordBytes;
    private final List<Tcb> byNumber = new ArrayList<>();
    private final Map<Long, Tcb> byLocalId = new HashMap<>();
    /** The virtual TCB array, made by the first {@link #place}; {@code null} before. */
    private BlockArray array;
    private long arrayBlockBytes;
    private long arrayAlignment;
    /** Slots handed out by {@link #place}: the next goes to thread number {@code FIRST_USER_NUMBER + placed}. */
    private int placed;
    /** A freed number whose slot the next {@link #place} fills again ({@link #reuseNext}), or -1. */
    private int reuse = -1;

    public TcbTable(KernelExec exec, KernelMemory memory) {
        this.exec = exec;
        this.memory = memory;
        this.mode = exec.profile().tcbLookup();
        this.wordBytes = exec.profile().wordBytes();
        this.base = mode == TcbLookup.TABLE ? memory.allocate(Purpose.TABLE, (long) CAPACITY * wordBytes, 4096) : -1;
    }

    /** The lookup this table does. */
    public TcbLookup mode() {
        return mode;
    }

    /**
     * Allocates the TCB block of the next thread the kernel creates (numbers are given in creation
     * order, from {@link #FIRST_USER_NUMBER}) in the virtual TCB array and returns its address:
     * {@code arrayBase + (n - FIRST_USER_NUMBER) * stride}, the stride being {@code blockBytes} rounded
     * up to {@code alignment}. Models call it from {@code placeThread} with the block size and alignment
     * they would give {@link KernelMemory#allocate}; the block is accounted as {@link Purpose#TCB}.
     *
     * @throws IllegalStateException if a later call asks for another size or alignment than the first
     */
    public long place(long blockBytes, long alignment) {
        if (array == null) {
            array = memory.reserveArray(Purpose.TCB, blockBytes, alignment, CAPACITY - FIRST_USER_NUMBER);
            arrayBlockBytes = blockBytes;
            arrayAlignment = alignment;
        } else if (blockBytes != arrayBlockBytes || alignment != arrayAlignment) {
            throw new IllegalStateException("the virtual TCB array holds " + arrayBlockBytes + "-byte blocks aligned "
                    + arrayAlignment + "; asked for " + blockBytes + " aligned " + alignment);
        }
        if (reuse >= 0) {
            int slot = reuse - FIRST_USER_NUMBER;
            reuse = -1;
            return array.allocate(slot, blockBytes);
        }
        if (placed >= array.slots()) {
            throw new IllegalStateException("the virtual TCB array is full (" + array.slots() + " threads)");
        }
        return array.allocate(placed++, blockBytes);
    }

    /**
     * The next {@link #place} fills the slot of {@code number}, a number a deletion freed (ThreadControl
     * re-creating a thread under a new version), instead of the next unused one.
     */
    public void reuseNext(int number) {
        if (number < FIRST_USER_NUMBER || number >= FIRST_USER_NUMBER + placed || byNumber(number) != null) {
            throw new IllegalArgumentException("thread number " + number + " is not a freed number");
        }
        reuse = number;
    }

    /** Whether {@code number} was used by a thread that has since been deleted (ThreadControl may re-create it). */
    public boolean freed(int number) {
        return number >= FIRST_USER_NUMBER && number < FIRST_USER_NUMBER + placed && byNumber(number) == null;
    }

    /** Where thread number {@code n}'s TCB is in the virtual array, or -1 when it has no slot. */
    private long slotAddress(int n) {
        long slot = (long) n - FIRST_USER_NUMBER;
        return array == null || slot < 0 || slot >= array.slots() ? -1 : array.address(slot);
    }

    /** Registers a new thread under its number. */
    public void add(Tcb t) {
        if (mode == TcbLookup.VIRTUAL_ARRAY && t.base() != slotAddress(t.number())) {
            throw new IllegalStateException("virtual-array TCB lookup: " + t + " is at 0x" + Long.toHexString(t.base())
                    + ", not at its number's slot" + (slotAddress(t.number()) < 0 ? "" : " 0x" + Long.toHexString(slotAddress(t.number())))
                    + "; the model must place TCBs with TcbTable.place");
        }
        while (byNumber.size() <= t.number()) {
            byNumber.add(null);
        }
        if (byNumber.get(t.number()) != null) {
            throw new IllegalStateException("thread number in use: " + t.number());
        }
        byNumber.set(t.number(), t);
        byLocalId.put(key(t.space().id(), t.user().utcb().localId()), t);
        if (mode == TcbLookup.TABLE) {
            exec.store(base + (long) t.number() * wordBytes);
        }
    }

    private static long key(int space, long localId) {
        return ((long) space << 32) | localId;
    }

    /**
     * Removes a deleted thread: its number and local id find nothing from now on (its ids are stale), and
     * its TCB block in the virtual array is freed ({@code blockBytes}).
     */
    public void remove(Tcb t, long blockBytes) {
        if (byNumber(t.number()) != t) {
            throw new IllegalStateException(t + " is not in the TCB table");
        }
        byNumber.set(t.number(), null);
        byLocalId.remove(key(t.space().id(), t.user().utcb().localId()));
        if (mode == TcbLookup.TABLE) {
            exec.store(base + (long) t.number() * wordBytes);
        }
        long slot = (long) t.number() - FIRST_USER_NUMBER;
        if (array != null && array.isAllocated(slot) && t.base() == array.address(slot)) {
            array.release(slot, blockBytes);
        }
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
        Tcb t = byNumber(n);
        if (mode == TcbLookup.VIRTUAL_ARRAY) {
            long at = slotAddress(n);
            if (at < 0) {
                return null; // beyond the array: the number range check rejects it, as in L4
            }
            if (t == null) {
                exec.load(at + (long) TcbLayout.Shared.MY_GLOBAL_ID.ordinal() * wordBytes); // unused slot: not this id
                return null;
            }
        } else {
            exec.load(base + (long) n * wordBytes);
            if (t == null) {
                return null;
            }
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

    /** Base of the lookup table, or -1 with {@link TcbLookup#VIRTUAL_ARRAY} lookup (there is no table). */
    public long base() {
        return base;
    }

    /** Base of the virtual TCB array (slot of {@link #FIRST_USER_NUMBER}), or -1 before the first {@link #place}. */
    public long arrayBase() {
        return array == null ? -1 : array.base();
    }
}
