package org.stacklab.kernel.exec;

import java.util.EnumMap;

import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.trace.KernelTracer;
import org.stacklab.machine.Machine;
import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.memory.Mode;
import org.stacklab.machine.memory.Purpose;
import org.stacklab.machine.profile.MachineProfile;

/**
 * The one execution context every kernel path pays through (DESIGN.md "How time and control flow"):
 * running a {@link KernelCode} block charges its instructions and fetches its I-cache lines; calling
 * it pushes its frame on the current kernel stack; every TCB, UTCB or table access is a load or store
 * through the memory system.
 *
 * <p>Invariant: which stack is "current" is the model's business ({@link #useStack}); what a block
 * costs is not.
 */
public final class KernelExec {
    private final MemorySystem memory;
    private final MachineProfile profile;
    private final EnumMap<KernelCode, Long> address = new EnumMap<>(KernelCode.class);
    private final int[] frameWords = new int[KernelCode.values().length];
    private final int entryCycles;
    private final int exitCycles;
    private KernelStack stack;
    private KernelTracer tracer;

    public KernelExec(Machine machine) {
        this.memory = machine.memory();
        this.profile = machine.profile();
        this.entryCycles = profile.cost().entry().selected().enter();
        this.exitCycles = profile.cost().entry().selected().exit();
        long codeBytes = 0;
        for (KernelCode c : KernelCode.values()) {
            codeBytes += c.codeBytes();
        }
        long at = machine.kernelMemory().allocate(Purpose.CODE, codeBytes, 4096);
        for (KernelCode c : KernelCode.values()) {
            address.put(c, at);
            at += c.codeBytes();
            frameWords[c.ordinal()] = switch (c.declaredFrameWords()) {
                case -1 -> profile.userRegisters() + 2; // user registers + PC + status
                case -2 -> profile.calleeSavedRegisters() + 1; // callee-saved + return address
                default -> c.declaredFrameWords() + 1; // locals + return address
            };
        }
    }

    public MemorySystem memory() {
        return memory;
    }

    public MachineProfile profile() {
        return profile;
    }

    /** Makes {@code s} the stack that frames are pushed on. */
    public void useStack(KernelStack s) {
        this.stack = s;
    }

    /** The current kernel stack, or {@code null} when none is in use. */
    public KernelStack stack() {
        return stack;
    }

    /** Runs {@code code} without a call frame (inline code, stubs). */
    public void run(KernelCode code) {
        if (tracer != null) {
            tracer.codeRun(code);
        }
        execute(code);
    }

    private void execute(KernelCode code) {
        memory.execute(address.get(code), code.codeBytes(), code.instructions(), Mode.KERNEL);
    }

    /** The tracer observing the shared kernel code, or {@code null} (the default: no tracing). */
    public KernelTracer tracer() {
        return tracer;
    }

    /** Installs {@code t} (or {@code null}) as the tracer; set through {@code Kernel.trace}. */
    public void setTracer(KernelTracer t) {
        this.tracer = t;
    }

    /** Calls {@code code}: pushes its frame on the current stack and runs it. */
    public void call(KernelCode code) {
        stack.push(code.name(), frameWords[code.ordinal()]);
        execute(code);
    }

    /** Returns from {@code code}: pops its frame, reading back the return address (and saved registers for switch frames). */
    public void ret(KernelCode code) {
        int words = frameWords[code.ordinal()];
        int read = code.declaredFrameWords() < 0 ? words : 1;
        stack.pop(words, read);
    }

    /** Words in {@code code}'s frame. */
    public int frameWords(KernelCode code) {
        return frameWords[code.ordinal()];
    }

    /** Address of {@code code}'s first instruction (a continuation is identified by one). */
    public long addressOf(KernelCode code) {
        return address.get(code);
    }

    /** One kernel load. */
    public void load(long addr) {
        memory.load(addr, Mode.KERNEL);
    }

    /** One kernel store. */
    public void store(long addr) {
        memory.store(addr, Mode.KERNEL);
    }

    /** Kernel reads {@code words} words at {@code addr}. */
    public void loadWords(long addr, int words) {
        memory.range(addr, (long) words * profile.wordBytes(), false, Mode.KERNEL);
    }

    /** Kernel writes {@code words} words at {@code addr}. */
    public void storeWords(long addr, int words) {
        memory.range(addr, (long) words * profile.wordBytes(), true, Mode.KERNEL);
    }

    /**
     * Kernel entry for a system call: the cycles of the entry instruction of the profile's selected
     * mechanism ({@code cost.entry.mechanism}: {@code int}, {@code sysenter}, {@code syscall}, the MIPS
     * exception vector). The trap frame push is the model's, via {@link KernelCode#SYSCALL_ENTRY}.
     */
    public void trapEntry() {
        memory.cycles(entryCycles);
    }

    /** Kernel exit to user mode: the selected mechanism's return instruction ({@code iret}, {@code sysret}, ...). */
    public void trapExit() {
        memory.cycles(exitCycles);
    }

    /**
     * Kernel entry for an interrupt or exception (timer, device, page fault): always the trap path
     * ({@code cost.entry.trap}: the interrupt descriptor table, the MIPS exception vector), whatever
     * mechanism system calls use; {@code sysenter} and {@code syscall} serve only system calls.
     */
    public void interruptEntry() {
        if (tracer != null) {
            tracer.interruptEntered();
        }
        memory.cycles(profile.cost().entry().trap().enter());
    }

    /** Return to user mode from an interrupt or exception: always the trap path's return ({@code iret}, {@code rfe}). */
    public void interruptExit() {
        memory.cycles(profile.cost().entry().trap().exit());
        if (tracer != null) {
            tracer.interruptExited();
        }
    }
}
