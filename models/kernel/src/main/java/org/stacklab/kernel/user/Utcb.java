package org.stacklab.kernel.user;

/**
 * A thread's user-level thread control block (semantics.md §3.4): message registers MR0..MR63 and
 * the ErrorCode TCR, at a real user address. User instructions read and write it as user memory;
 * the kernel copies message registers through the memory system (tagged kernel).
 *
 * <p>Invariant: {@code address} is the physical address of MR0; MR{@code i} lives at
 * {@code address + i * wordBytes}; ErrorCode at {@link #errorCodeAddress()}.
 */
public final class Utcb {
    /** Number of message registers. */
    public static final int MRS = 64;
    /** Bytes a UTCB occupies in the user address space (MRs, 33 BRs, TCRs), rounded up. */
    public static final int SLOT_BYTES = 1024;

    private final long address;
    private final long localId;
    private final int wordBytes;
    /** Number of buffer registers, BR0..BR32 (semantics.md §0). */
    public static final int BRS = 33;

    private final long[] mr = new long[MRS];
    private final long[] br = new long[BRS];
    private long errorCode;
    private long userHandle;
    private long pager;
    private long exceptionHandler;
    private long senderTcr;

    /**
     * @param address   physical address of MR0
     * @param localId   the UTCB's user virtual address, which is also the thread's local id
     * @param wordBytes machine word size
     */
    public Utcb(long address, long localId, int wordBytes) {
        this.address = address;
        this.localId = localId;
        this.wordBytes = wordBytes;
    }

    public long address() {
        return address;
    }

    public long localId() {
        return localId;
    }

    /** Physical address of MR{@code i}. */
    public long mrAddress(int i) {
        return address + (long) i * wordBytes;
    }

    /** Physical address of the ErrorCode TCR (word offset -9 in Pistachio's ia32 layout). */
    public long errorCodeAddress() {
        return address - 9L * wordBytes;
    }

    /** Physical address of the MyGlobalId TCR (word offset -15). */
    public long myGlobalIdAddress() {
        return address - 15L * wordBytes;
    }

    /** Physical address of the Pager TCR (word offset -12). */
    public long pagerAddress() {
        return address - 12L * wordBytes;
    }

    /** Physical address of the ExceptionHandler TCR (word offset -11). */
    public long exceptionHandlerAddress() {
        return address - 11L * wordBytes;
    }

    /** The ExceptionHandler TCR: the thread id user traps are delivered to (nil: none). */
    public long exceptionHandler() {
        return exceptionHandler;
    }

    public void setExceptionHandler(long value) {
        exceptionHandler = value;
    }

    /**
     * Physical address of the VirtualSender / ActualSender TCR (word offset -6; one word, semantics.md
     * §3.4): the sender of a propagated IPC writes the VirtualSender there; the kernel overwrites the
     * receiver's with the ActualSender when it delivers a propagated message (§2.6, §2.8).
     */
    public long virtualSenderAddress() {
        return address - 6L * wordBytes;
    }

    /** The VirtualSender TCR (word -6): the thread a propagated send names as its originator. */
    public long virtualSender() {
        return senderTcr;
    }

    public void setVirtualSender(long value) {
        senderTcr = value;
    }

    /** The ActualSender TCR: the same word as {@link #virtualSender()}, read after a propagated receive. */
    public long actualSender() {
        return senderTcr;
    }

    public void setActualSender(long value) {
        senderTcr = value;
    }

    /** Physical address of the UserDefinedHandle TCR (word offset -13). */
    public long userHandleAddress() {
        return address - 13L * wordBytes;
    }

    public long userHandle() {
        return userHandle;
    }

    public void setUserHandle(long value) {
        userHandle = value;
    }

    public long pager() {
        return pager;
    }

    public void setPager(long value) {
        pager = value;
    }

    /** Physical address of the XferTimeouts TCR (word offset -8). */
    public long xferTimeoutsAddress() {
        return address - 8L * wordBytes;
    }

    /**
     * The XferTimeouts TCR: {@code snd_xfer << 16 | rcv_xfer}, two {@code L4_Time_t} values (semantics.md
     * §4 "Xfer timeout"); 0 = Never/Never, the initial value.
     */
    public long xferTimeouts() {
        return xferTimeouts;
    }

    public void setXferTimeouts(long value) {
        xferTimeouts = value;
    }

    private long xferTimeouts;

    /** Physical address of BR{@code i} (word offset {@code -16-i}). */
    public long brAddress(int i) {
        return address - (16L + i) * wordBytes;
    }

    /** Buffer register {@code i}: BR0 is the acceptor (semantics.md §3.3), BR1.. the string buffers. */
    public long br(int i) {
        return br[i];
    }

    public void setBr(int i, long value) {
        br[i] = value;
    }

    public long mr(int i) {
        return mr[i];
    }

    public void setMr(int i, long value) {
        mr[i] = value;
    }

    public long errorCode() {
        return errorCode;
    }

    public void setErrorCode(long value) {
        errorCode = value;
    }
}
