package org.stacklab.kernel.fpu;

import org.stacklab.kernel.exec.KernelCode;
import org.stacklab.kernel.exec.KernelExec;
import org.stacklab.kernel.metrics.KernelCounters;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbTable;
import org.stacklab.kernel.user.UserContext;
import org.stacklab.machine.memory.BlockArray;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Mode;
import org.stacklab.machine.memory.Purpose;

/**
 * Lazy FPU switching (semantics.md §7 "Lazy FPU"), shared by every model: one FPU owner per CPU, the
 * FPU disabled on every thread switch, and the device-not-available trap (#NM) that makes the running
 * thread the owner — saving the old owner's state into its save area, allocating the new thread's area
 * on its first FPU use or loading it — before the trapping instruction is re-executed.
 *
 * <p>Save areas are kernel memory ({@link Purpose#FPU}, {@code fpuStateBytes} of the machine profile,
 * one slot per thread number) attached to the TCB; no model keeps FPU state on a stack. Every save and
 * load goes through the memory system.
 *
 * <p>Invariant: the FPU is enabled only for its owner, and only between the #NM trap and the next
 * thread switch; a thread's FPU registers are the CPU's register file while it owns the FPU, else its
 * save area (zero before its first FPU use).
 */
public final class Fpu {
    /** Save-area alignment (FXSAVE needs 16). */
    private static final long ALIGNMENT = 16;

    private final KernelExec exec;
    private final KernelMemory memory;
    private final KernelCounters counters;
    private final int stateBytes;
    private final long[] live = new long[UserContext.FPU_REGISTERS];
    private BlockArray areas;
    private Tcb owner;
    private boolean enabled;

    public Fpu(KernelExec exec, KernelMemory memory, KernelCounters counters) {
        this.exec = exec;
        this.memory = memory;
        this.counters = counters;
        this.stateBytes = exec.profile().fpuStateBytes();
    }

    /** Whether an FPU instruction by {@code t} runs without trapping. */
    public boolean enabledFor(Tcb t) {
        return enabled && owner == t;
    }

    /** The CPU switched threads: the FPU is disabled (CR0.TS set), the owner keeps its registers in the FPU. */
    public void switched() {
        enabled = false;
    }

    /** Whether the FPU is enabled (for its owner, the current thread). */
    public boolean enabled() {
        return enabled;
    }

    /** The FPU owner, or {@code null}. */
    public Tcb owner() {
        return owner;
    }

    /** Register {@code f} of the FPU (the owner's, while enabled for it). */
    public long reg(int f) {
        requireEnabled();
        return live[f];
    }

    public void setReg(int f, long value) {
        requireEnabled();
        live[f] = value;
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new IllegalStateException("FPU register access while the FPU is disabled");
        }
    }

    /**
     * The #NM handler's work for {@code t} (the running thread), on the model's trap entry path: a kernel
     * entry that never blocks.
     */
    public void trap(Tcb t) {
        counters.fpuTraps++;
        exec.call(KernelCode.FPU_TRAP);
        if (owner != t) {
            if (owner != null) {
                memory(owner.fpuArea(), true);
                owner.setFpuSaved(live.clone());
                counters.fpuSaves++;
            }
            if (t.fpuArea() < 0) {
                t.setFpuArea(areas().allocate(t.number(), stateBytes)); // x86_fpu_t::init: fresh state
                java.util.Arrays.fill(live, 0);
            } else {
                memory(t.fpuArea(), false);
                System.arraycopy(t.fpuSaved(), 0, live, 0, live.length);
                counters.fpuRestores++;
            }
            owner = t;
        }
        enabled = true;
        exec.ret(KernelCode.FPU_TRAP);
    }

    /** ThreadControl deleted {@code t}: its save area is freed, and it no longer owns the FPU. */
    public void released(Tcb t) {
        if (owner == t) {
            owner = null;
            enabled = false;
        }
        if (t.fpuArea() >= 0) {
            areas.release(t.number(), stateBytes);
            t.setFpuArea(-1);
            t.setFpuSaved(null);
        }
    }

    /** The FPU registers {@code t} would see (for checks and final-state comparison; touches no memory). */
    public long[] peek(Tcb t) {
        if (owner == t) {
            return live.clone();
        }
        long[] s = t.fpuSaved();
        return s == null ? new long[live.length] : s.clone();
    }

    /** Kernel bytes held by FPU save areas. */
    public long areaBytes() {
        return memory.reserved(Purpose.FPU);
    }

    private void memory(long area, boolean write) {
        exec.memory().range(area, stateBytes, write, Mode.KERNEL);
    }

    private BlockArray areas() {
        if (areas == null) {
            areas = memory.reserveArray(Purpose.FPU, stateBytes, ALIGNMENT, TcbTable.CAPACITY);
        }
        return areas;
    }
}
