package org.stacklab.kernel.tcb;

import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.user.AddressSpace;
import org.stacklab.kernel.user.UserContext;

/**
 * A thread control block at a real kernel address. Every field the kernel reads or writes goes
 * through {@link #read}/{@link #write}, which charge a load or store at the field's address; the
 * values themselves are kept here for speed.
 *
 * <p>Invariant: {@code base} is aligned as the model placed it; a field's address is
 * {@code base + layout.offset(field)}. Queue links hold thread numbers + 1 (0 = none).
 */
public final class Tcb {
    private final int number;
    private final ThreadId globalId;
    private final long base;
    private final int blockBytes;
    private final TcbLayout layout;
    private final KernelExec exec;
    private final long[] values;
    private final AddressSpace space;
    private final UserContext user;
    private final String name;
    private KernelStack stack;
    private Object modelData;
    private boolean stopPending;

    public Tcb(int number, ThreadId globalId, long base, int blockBytes, TcbLayout layout, KernelExec exec,
               AddressSpace space, UserContext user, String name) {
        this.number = number;
        this.globalId = globalId;
        this.base = base;
        this.blockBytes = blockBytes;
        this.layout = layout;
        this.exec = exec;
        this.values = new long[layout.fields().size()];
        this.space = space;
        this.user = user;
        this.name = name;
    }

    /** Reads a field (one load per word). */
    public long read(TcbField f) {
        exec.loadWords(base + layout.offset(f), f.words());
        return values[f.index()];
    }

    /** Writes a field (one store per word). */
    public void write(TcbField f, long value) {
        exec.storeWords(base + layout.offset(f), f.words());
        values[f.index()] = value;
    }

    /** Reads a shared field. */
    public long read(TcbLayout.Shared f) {
        exec.load(base + (long) f.ordinal() * layout.wordBytes());
        return values[f.ordinal()];
    }

    /** Writes a shared field. */
    public void write(TcbLayout.Shared f, long value) {
        exec.store(base + (long) f.ordinal() * layout.wordBytes());
        values[f.ordinal()] = value;
    }

    /** Reads a field's value without simulating the access (for invariant checks and metrics only). */
    public long peek(TcbLayout.Shared f) {
        return values[f.ordinal()];
    }

    /** Reads a model field's value without simulating the access (invariant checks and metrics only). */
    public long peek(TcbField f) {
        return values[f.index()];
    }

    /** The state field, read through the memory system. */
    public ThreadState state() {
        return ThreadState.of(read(TcbLayout.Shared.STATE));
    }

    /** Writes the state field. */
    public void setState(ThreadState s) {
        ThreadState before = exec.tracer() == null ? null : peekState();
        write(TcbLayout.Shared.STATE, s.ordinal());
        if (before != null) {
            exec.tracer().stateChanged(this, before, s);
        }
    }

    /** The state without simulating the access (invariants, metrics). */
    public ThreadState peekState() {
        return ThreadState.of(values[TcbLayout.Shared.STATE.ordinal()]);
    }

    /** Address of field {@code f}. */
    public long address(TcbField f) {
        return base + layout.offset(f);
    }

    public int number() {
        return number;
    }

    public ThreadId globalId() {
        return globalId;
    }

    /** The local id: the UTCB's user virtual address. */
    public ThreadId localId() {
        return ThreadId.local(user.utcb().localId());
    }

    public long base() {
        return base;
    }

    /** Bytes of kernel memory this TCB's block occupies (fields, plus the stack in the per-thread model). */
    public int blockBytes() {
        return blockBytes;
    }

    public TcbLayout layout() {
        return layout;
    }

    public AddressSpace space() {
        return space;
    }

    public UserContext user() {
        return user;
    }

    public int priority() {
        return (int) values[TcbLayout.Shared.PRIORITY.ordinal()];
    }

    /** The name the workload gave the thread. */
    public String name() {
        return name;
    }

    /** The thread's own kernel stack (per-thread model, or a continuation model's kept stack); may be {@code null}. */
    public KernelStack stack() {
        return stack;
    }

    public void setStack(KernelStack stack) {
        this.stack = stack;
    }

    /**
     * An ExchangeRegisters halt is pending: the thread stops at its next return to user mode
     * ({@code ExchangeRegisters.stopAtReturnToUser}). A flag of the thread's kernel-exit flag word,
     * tested by the exit path in every model (its cost is part of that path's code block).
     */
    public boolean stopPending() {
        return stopPending;
    }

    public void setStopPending(boolean pending) {
        this.stopPending = pending;
    }

    /** Model-private Java-side data (e.g. the per-thread model's carrier of the call chain). */
    @SuppressWarnings("unchecked")
    public <T> T modelData() {
        return (T) modelData;
    }

    public void setModelData(Object data) {
        this.modelData = data;
    }

    @Override
    public String toString() {
        return name + "(" + globalId + ")";
    }

    /** Address of this thread's FPU save area (lazy FPU, kernel memory beside the TCB), or -1 before its first FPU use. */
    public long fpuArea() {
        return fpuArea;
    }

    public void setFpuArea(long address) {
        this.fpuArea = address;
    }

    /** The FPU register values last saved into the save area (Java-side contents of it), or {@code null}. */
    public long[] fpuSaved() {
        return fpuSaved;
    }

    public void setFpuSaved(long[] values) {
        this.fpuSaved = values;
    }

    /**
     * The user state an exception IPC in progress saved (MR0..MR2, r0..r2; kernel-side contents of the
     * TCB's save words), or {@code null} when the thread is not in an exception IPC
     * ({@code Ipc.raiseException}, {@code Ipc.complete}).
     */
    public long[] exceptionSaved() {
        return exceptionSaved;
    }

    public void setExceptionSaved(long[] values) {
        this.exceptionSaved = values;
    }

    /** Whether the saved state belongs to a page fault (the faulting instruction is re-executed) rather than a trap. */
    public boolean pageFaultSaved() {
        return pageFaultSaved;
    }

    public void setPageFaultSaved(boolean value) {
        this.pageFaultSaved = value;
    }

    /** The string transfer this thread runs as copier and that has not ended, or {@code null}. */
    public org.stacklab.kernel.ipc.Transfer transfer() {
        return transfer;
    }

    public void setTransfer(org.stacklab.kernel.ipc.Transfer x) {
        this.transfer = x;
    }

    /**
     * When this thread is in a page-fault Call the kernel made for it during a string copy: the copier
     * to wake when the pager replies ({@code Ipc.xferFaultResolved}); else {@code null}.
     */
    public Tcb xferCopier() {
        return xferCopier;
    }

    public void setXferCopier(Tcb copier) {
        this.xferCopier = copier;
    }

    /** MR0..MR2, BR0 and IPC_FROM saved for a page-fault Call during a string copy. */
    public long[] xferSaved() {
        return xferSaved;
    }

    public void setXferSaved(long[] values) {
        this.xferSaved = values;
    }

    /** The message bookkeeping of the IPC a page-fault Call during a copy interrupted ({@code MessageLedger}), or {@code null}. */
    public Object[] xferLedger() {
        return xferLedger;
    }

    public void setXferLedger(Object[] values) {
        this.xferLedger = values;
    }

    /** The unfinished transfer this thread takes part in (as copier or partner) once the copy has stopped, else {@code null}. */
    public org.stacklab.kernel.ipc.Transfer lockedIn() {
        return lockedIn;
    }

    public void setLockedIn(org.stacklab.kernel.ipc.Transfer x) {
        this.lockedIn = x;
    }

    private org.stacklab.kernel.ipc.Transfer lockedIn;
    private Object[] xferLedger;
    private org.stacklab.kernel.ipc.Transfer transfer;
    private Tcb xferCopier;
    private long[] xferSaved;
    private boolean pageFaultSaved;
    /**
     * The sequence number of the message the kernel transferred into this thread's UTCB and that its
     * IPC has not yet completed with, or 0 ({@code MessageLedger}; Java-side bookkeeping of the
     * invariant checks, no simulated memory).
     */
    public long inboundMessage() {
        return inboundMessage;
    }

    /** Who sent {@link #inboundMessage} (for violation messages), or {@code null}. */
    public String inboundFrom() {
        return inboundFrom;
    }

    public void setInboundMessage(long seq, String from) {
        this.inboundMessage = seq;
        this.inboundFrom = from;
    }

    /** The sequence number of the message this thread's current IPC sent, or 0 ({@code MessageLedger}). */
    public long sentMessage() {
        return sentMessage;
    }

    public void setSentMessage(long seq) {
        this.sentMessage = seq;
    }

    private long fpuArea = -1;
    private long[] fpuSaved;
    private long[] exceptionSaved;
    private long inboundMessage;
    private String inboundFrom;
    private long sentMessage;
}
