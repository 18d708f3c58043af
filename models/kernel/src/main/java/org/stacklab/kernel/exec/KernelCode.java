package org.stacklab.kernel.exec;

/**
 * The kernel's code paths. Each declares its size (instructions and code bytes, which fix the
 * I-cache lines it touches) and the stack frame a call to it pushes (in words, plus the return
 * address). The table is part of the shared kernel: a block costs the same in every model that runs
 * it; models differ only in which blocks they run (DESIGN.md "How time and control flow").
 *
 * <p>Frames marked {@code -1} take their size from the machine profile (trap frame: the user
 * registers; switch frame: the callee-saved registers).
 */
public enum KernelCode {
    /** Trap entry stub: save the user state into the trap frame. */
    SYSCALL_ENTRY(12, 96, -1),
    /** Return to user: restore the user state from the trap frame. */
    SYSCALL_EXIT(10, 64, 0),
    /** IPC system call: decode to/from/timeouts, dispatch the phases. */
    IPC(24, 192, 6),
    /** TCB lookup by thread id (table or virtual array) with the version check. */
    LOOKUP(8, 64, 2),
    /** The send phase: ready-to-receive test, sender queueing. */
    IPC_SEND(20, 160, 4),
    /** Copy the message registers from sender to receiver UTCB. */
    IPC_TRANSFER(14, 128, 4),
    /** The receive phase: sender selection, wait setup. */
    IPC_RECEIVE(20, 160, 4),
    /** Write a result (from, tag, error code) for a thread. */
    IPC_RESULT(8, 64, 2),
    /** Scheduler: pick the next thread, ready-queue maintenance. */
    SCHEDULE(18, 128, 3),
    /** ThreadSwitch system call. */
    THREAD_SWITCH(10, 96, 3),
    /** Switch kernel stacks: save callee-saved registers and SP, load the next thread's (process model). */
    CONTEXT_SWITCH(10, 96, -2),
    /** Hand the running kernel stack to another thread (Draves §2.2). */
    STACK_HANDOFF(8, 64, 0),
    /** Save a continuation (function + scratch) in the TCB and discard the stack (Draves §2.1). */
    CONTINUATION_SAVE(6, 48, 0),
    /** Call a saved continuation on a fresh stack. */
    CONTINUATION_CALL(6, 48, 2),
    /** Copy user state between the trap frame and the TCB (stack-discarding models). */
    USER_STATE_COPY(6, 48, 0),
    /** Roll a thread's user state to its restart point (Fluke §4). */
    RESTART_POINT(8, 64, 0),
    /** Timer interrupt: find the expired timeouts and wake their threads (semantics.md §2.7). */
    TIMER(16, 128, 3),
    /** Idle: nothing runnable. */
    IDLE(4, 32, 0),
    /** ExchangeRegisters: look up the destination, abort its IPC, exchange its user registers (semantics.md §7). */
    EXCHANGE_REGISTERS(24, 192, 4),
    /** ThreadControl: delete a thread, failing its senders and closed-wait receivers (semantics.md §2.7). */
    THREAD_CONTROL(28, 224, 4),
    /** Device-not-available trap (#NM): save the FPU owner's state, allocate or load the new owner's (semantics.md §7). */
    FPU_TRAP(16, 128, 2),
    /** Decode one typed item (map, grant or string) against the receiver's acceptor and buffers (semantics.md §3.2). */
    TYPED_ITEM(12, 96, 2),
    /** Map or grant one page: read the sender's entry, write the receiver's (semantics.md §3.2). */
    MAP_PAGE(10, 96, 2),
    /** One chunk of a string copy (up to a page boundary on either side); the bytes themselves are charged as memory accesses. */
    STRING_COPY(8, 64, 2),
    /** Raise a page fault: save MR0..MR2 and BR0, write the fault message for the pager (semantics.md §7). */
    PAGE_FAULT(14, 112, 2),
    /** A preemption point in a long operation: is an interrupt pending? (Fluke §5 "pp") */
    PREEMPTION_POINT(4, 32, 0);

    private final int instructions;
    private final int codeBytes;
    private final int frameWords;

    KernelCode(int instructions, int codeBytes, int frameWords) {
        this.instructions = instructions;
        this.codeBytes = codeBytes;
        this.frameWords = frameWords;
    }

    public int instructions() {
        return instructions;
    }

    public int codeBytes() {
        return codeBytes;
    }

    /** Declared frame words; -1 = the profile's user registers (trap frame), -2 = callee-saved registers. */
    public int declaredFrameWords() {
        return frameWords;
    }
}
