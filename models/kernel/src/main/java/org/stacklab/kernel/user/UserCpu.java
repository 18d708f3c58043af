package org.stacklab.kernel.user;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.space.Fpage;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.machine.memory.MemorySystem;
import org.stacklab.machine.memory.Mode;

/**
 * Interprets user instructions for the current thread until it traps into the kernel (system call),
 * halts, or the run's cycle limit is reached. Every model uses this same interpreter, so user code
 * costs the same everywhere; user memory accesses are tagged {@link Mode#USER}.
 *
 * <p>Invariant: on {@link Trap#SYSCALL} the thread's PC points at the system call instruction.
 *
 * <p>Timer and device interrupts: before each instruction other than a system call, if the clock has
 * reached the next event ({@code Kernel.nextEventCycle()}) the run stops with {@link Trap#TIMER}; a
 * {@code compute} that would cross the event runs up to it and keeps the rest pending. A system call instruction traps at once (the interrupt is
 * then taken at the next other boundary or when the CPU idles); this keeps the stateless model's
 * restart of a receive-only stage, which goes back to user mode just to re-execute the system call,
 * free of an interrupt window the other models do not have.
 */
public final class UserCpu {

    /** Why user execution stopped. */
    public enum Trap {
        /**
         * The thread executes a system call; see {@link UserCpu#syscallKind}. A user trap
         * ({@link Insn.Trap}) or an illegal instruction ({@link Insn.Illegal}, #UD) with a valid
         * exception handler also stops here, as the IPC system call of
         * the exception Call the kernel synthesized ({@code Ipc.raiseException}); without one the thread
         * halts ({@link #HALT}).
         */
        SYSCALL,
        /** The thread halted. */
        HALT,
        /** The run's cycle limit was reached. */
        CYCLE_LIMIT,
        /**
         * The timer interrupt is due ({@code Kernel.nextEventCycle()} reached) at this user instruction
         * boundary: the kernel takes it (non-preemptible kernel: interrupts are taken in user mode). The PC
         * stays on the next instruction; a compute cut by the interrupt keeps its remaining cycles
         * ({@link UserContext#computeLeft()}).
         */
        TIMER,
        /**
         * An FPU instruction found the FPU disabled for the thread (#NM, semantics.md §7 "Lazy FPU"): the
         * kernel takes the trap without blocking ({@code Kernel.fpu().trap}) and returns to user mode; the PC
         * stays on the instruction, which is then re-executed.
         */
        FPU
    }

    private final Kernel kernel;
    private final MemorySystem memory;

    public UserCpu(Kernel kernel) {
        this.kernel = kernel;
        this.memory = kernel.machine().memory();
    }

    /** Runs {@code t} in user mode from its PC. */
    public Trap run(Tcb t) {
        org.stacklab.kernel.trace.KernelTracer tracer = kernel.exec().tracer();
        if (tracer == null) {
            return runUser(t);
        }
        tracer.returningToUser(t);
        Trap trap = runUser(t);
        tracer.kernelEntered(t, trap);
        return trap;
    }

    private Trap runUser(Tcb t) {
        UserContext u = t.user();
        Program p = u.program();
        AddressSpace space = t.space();
        Utcb utcb = u.utcb();
        long limit = kernel.options().cycleLimit();
        kernel.returningToUser(t);
        // events change only in the kernel, so the next one is fixed for this stretch of user code
        long event = kernel.nextEventCycle();
        while (true) {
            if (memory.clock().now() >= limit) {
                return Trap.CYCLE_LIMIT;
            }
            if (u.halted()) {
                return Trap.HALT;
            }
            int pc = u.pc();
            if (pc >= p.size()) {
                u.halt();
                return Trap.HALT;
            }
            Insn insn = p.at(pc);
            boolean exceptionCall = inKernelCall(t, insn);
            if (!(insn instanceof Insn.Syscall) && !exceptionCall && memory.clock().now() >= event) {
                return Trap.TIMER;
            }
            int next = pc + 1;
            if (insn instanceof Insn.Fpu && !kernel.fpu().enabledFor(t)) {
                return Trap.FPU;
            }
            switch (insn) {
                case Insn.Compute c -> {
                    long left = u.computeLeft() > 0 ? u.computeLeft() : c.cycles();
                    long now = memory.clock().now();
                    if (left > event - now) {
                        memory.cycles(event - now);
                        u.setComputeLeft(left - (event - now));
                        return Trap.TIMER;
                    }
                    memory.cycles(left);
                    u.setComputeLeft(0);
                }
                case Insn.Touch touch -> {
                    if (exceptionCall) {
                        u.enterSyscall(); // re-executed with its page-fault Call in progress (stateless restart)
                        return Trap.SYSCALL;
                    }
                    long fault = touch(t, space, touch.address(), touch.bytes(), touch.write());
                    if (fault >= 0) {
                        return pageFault(t, fault, touch.write());
                    }
                }
                case Insn.TouchAt touch -> {
                    if (exceptionCall) {
                        u.enterSyscall();
                        return Trap.SYSCALL;
                    }
                    long fault = touch(t, space, u.reg(touch.ra()) & 0xFFFF_FFFFL, touch.bytes(), touch.write());
                    if (fault >= 0) {
                        return pageFault(t, fault, touch.write());
                    }
                }
                case Insn.SetBr s -> {
                    memory.store(utcb.brAddress(s.br()), Mode.USER);
                    utcb.setBr(s.br(), u.reg(s.rs()));
                }
                case Insn.SetBrImm s -> {
                    memory.store(utcb.brAddress(s.br()), Mode.USER);
                    utcb.setBr(s.br(), s.imm());
                }
                case Insn.Mov m -> {
                    memory.instructions(1);
                    u.setReg(m.rd(), m.imm());
                }
                case Insn.MovReg m -> {
                    memory.instructions(1);
                    u.setReg(m.rd(), u.reg(m.rs()));
                }
                case Insn.Add a -> {
                    memory.instructions(1);
                    u.setReg(a.rd(), u.reg(a.rd()) + a.imm());
                }
                case Insn.And a -> {
                    memory.instructions(1);
                    u.setReg(a.rd(), u.reg(a.rd()) & a.imm());
                }
                case Insn.Or o -> {
                    memory.instructions(1);
                    u.setReg(o.rd(), u.reg(o.rd()) | o.imm());
                }
                case Insn.SetMr s -> {
                    memory.store(utcb.mrAddress(s.mr()), Mode.USER);
                    utcb.setMr(s.mr(), u.reg(s.rs()));
                }
                case Insn.SetMrImm s -> {
                    memory.store(utcb.mrAddress(s.mr()), Mode.USER);
                    utcb.setMr(s.mr(), s.imm());
                }
                case Insn.GetMr g -> {
                    memory.load(utcb.mrAddress(g.mr()), Mode.USER);
                    u.setReg(g.rd(), utcb.mr(g.mr()));
                }
                case Insn.Jump j -> {
                    memory.instructions(1);
                    next = j.target();
                }
                case Insn.BranchNonZero b -> {
                    memory.instructions(1);
                    if (u.reg(b.rs()) != 0) {
                        next = b.target();
                    }
                }
                case Insn.BranchEq b -> {
                    memory.instructions(1);
                    if (u.reg(b.rs()) == b.imm()) {
                        next = b.target();
                    }
                }
                case Insn.Loop l -> {
                    memory.instructions(1);
                    long v = u.reg(l.rd()) - 1;
                    u.setReg(l.rd(), v);
                    if (v != 0) {
                        next = l.target();
                    }
                }
                case Insn.Syscall s -> {
                    memory.instructions(1);
                    if (s.kind() == SyscallKind.IPC) {
                        kernel.callLatency().ipcEntered(t, memory.clock().now()); // the kernel entry of a Call
                    }
                    u.enterSyscall();
                    return Trap.SYSCALL;
                }
                case Insn.Trap trap -> {
                    return exception(t, trap.number(), exceptionCall);
                }
                case Insn.Illegal ud -> {
                    return exception(t, Insn.Illegal.INVALID_OPCODE, exceptionCall);
                }
                case Insn.SetXferTimeouts x -> {
                    memory.store(utcb.xferTimeoutsAddress(), Mode.USER);
                    utcb.setXferTimeouts(x.imm());
                }
                case Insn.SetExceptionHandler h -> {
                    memory.store(utcb.exceptionHandlerAddress(), Mode.USER);
                    utcb.setExceptionHandler(h.imm());
                }
                case Insn.SetVirtualSender vs -> {
                    memory.store(utcb.virtualSenderAddress(), Mode.USER);
                    utcb.setVirtualSender(vs.imm());
                }
                case Insn.SetVirtualSenderReg vs -> {
                    memory.store(utcb.virtualSenderAddress(), Mode.USER);
                    utcb.setVirtualSender(u.reg(vs.rs()));
                }
                case Insn.GetActualSender as -> {
                    memory.load(utcb.virtualSenderAddress(), Mode.USER);
                    u.setReg(as.rd(), utcb.actualSender());
                }
                case Insn.Halt h -> {
                    u.halt();
                    return Trap.HALT;
                }
                case Insn.FMovIn f -> {
                    memory.instructions(1);
                    kernel.fpu().setReg(f.fd(), u.reg(f.rs()));
                }
                case Insn.FMovOut f -> {
                    memory.instructions(1);
                    u.setReg(f.rd(), kernel.fpu().reg(f.fs()));
                }
                case Insn.FAdd f -> {
                    memory.instructions(1);
                    kernel.fpu().setReg(f.fd(), kernel.fpu().reg(f.fd()) + kernel.fpu().reg(f.fs()));
                }
            }
            u.setPc(next);
        }
    }

    /**
     * Whether {@code insn}, at {@code t}'s PC, stands for an exception or page-fault Call the kernel
     * synthesized and has not completed: then executing it means entering that IPC again.
     */
    private static boolean inKernelCall(Tcb t, Insn insn) {
        if (t.exceptionSaved() == null) {
            return false;
        }
        if (t.pageFaultSaved()) {
            return insn instanceof Insn.Touch || insn instanceof Insn.TouchAt;
        }
        return raisesException(insn);
    }

    /**
     * Touches {@code [address, address + bytes)} in {@code t}'s space, from where an earlier attempt
     * stopped ({@link UserContext#touchDone}). Returns -1 when the whole range was touched, else the
     * first address whose page is not mapped with the right (progress kept for the retry).
     */
    private long touch(Tcb t, AddressSpace space, long address, long bytes, boolean write) {
        UserContext u = t.user();
        if (!space.paged()) {
            memory.range(space.window(address), bytes, write, Mode.USER);
            return -1;
        }
        long page = kernel.machine().profile().pageBytes();
        int access = write ? Fpage.W : Fpage.R;
        long done = u.touchDone();
        while (done < bytes) {
            long v = address + done;
            long p = space.translate(v, access);
            if (p < 0) {
                u.setTouchDone(done);
                return v;
            }
            long n = Math.min(bytes - done, page - (v & (page - 1)));
            memory.range(p, n, write, Mode.USER);
            done += n;
        }
        u.setTouchDone(0);
        return -1;
    }

    /** A user page fault at {@code address}: the Call to the pager, or a halt when the thread has none. */
    private Trap pageFault(Tcb t, long address, boolean write) {
        if (!kernel.ipc().raisePageFault(t, address, write ? Fpage.W : Fpage.R)) {
            t.user().halt();
            return Trap.HALT;
        }
        t.user().enterSyscall();
        return Trap.SYSCALL;
    }

    /**
     * A user exception {@code number} at {@code t}'s PC ({@link Insn.Trap}, {@link Insn.Illegal}): raised
     * as the exception Call to the handler ({@code Ipc.raiseException}) and entered as an IPC system call,
     * or, with no valid handler, the thread halts on the instruction. Re-executed with an exception Call
     * already in progress (the stateless model's restart of its receive stage), the Call goes on and
     * nothing is raised again.
     */
    private Trap exception(Tcb t, long number, boolean exceptionCall) {
        memory.instructions(1);
        if (!exceptionCall && !kernel.ipc().raiseException(t, number)) {
            t.user().halt();
            return Trap.HALT;
        }
        t.user().enterSyscall();
        return Trap.SYSCALL;
    }

    /** Whether {@code insn} raises a user exception delivered as IPC ({@link Insn.Trap}, {@link Insn.Illegal}). */
    private static boolean raisesException(Insn insn) {
        return insn instanceof Insn.Trap || insn instanceof Insn.Illegal;
    }

    /** The system call {@code t} is making (its PC is on a {@link Insn.Syscall}). */
    public static SyscallKind syscallKind(Tcb t) {
        Insn insn = t.user().program().at(t.user().pc());
        if (insn instanceof Insn.Syscall s) {
            return s.kind();
        }
        if (inKernelCall(t, insn)) {
            return SyscallKind.IPC; // the exception or page-fault Call (Ipc.raiseException, Ipc.raisePageFault)
        }
        throw new IllegalStateException(t + " is not at a system call (pc " + t.user().pc() + ")");
    }
}
