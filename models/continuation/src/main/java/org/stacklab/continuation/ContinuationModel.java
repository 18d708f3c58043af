package org.stacklab.continuation;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.spi.ThreadMemory;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.TcbField;
import org.stacklab.kernel.tcb.TcbLayout;

/**
 * The continuation kernel (Draves, Bershad, Rashid, Dean, SOSP 1991; Mach 3.0 MK40): one kernel
 * stack per CPU. A thread that must wait inside the kernel saves a {@link Continuation} (a code
 * address) and the few values it needs in its TCB, and its stack is discarded; resuming it calls the
 * continuation on the fresh per-CPU stack. A thread that blocks handing the CPU to the partner it
 * just woke hands it the stack ({@code STACK_HANDOFF}, Draves §2.2), and if that partner waits in
 * {@link Continuation#RECEIVE_COMPLETE} the running path finishes the receive for it directly
 * (continuation recognition, §2.3). The control flow is in {@link ContinuationKernel}.
 *
 * <p>TCB fields this model adds to the shared ones (all charged through {@code Tcb.read/write}):
 * <ul>
 *   <li>{@code continuation} (1 word): the continuation's code address.</li>
 *   <li>the scratch area (2 words, {@code scratch_from_spec}, {@code scratch_rcv_timeout}): the values
 *       a blocked IPC's continuations need — the FromSpecifier and the receive timeout of an IPC that
 *       blocked in its send phase (the receiver reads the first to choose the sender's result path,
 *       {@link Continuation#RECEIVE_PHASE} reads both). Draves' MK40 reserves 28 bytes (7 words) for
 *       {@code mach_msg}'s saved arguments; this kernel's IPC needs only these two.</li>
 *   <li>{@code user_state} (trap frame: user registers + PC + status): the trap entry writes the user
 *       state here instead of on the stack and the exit reads it back, so the stack holds nothing a
 *       blocked thread needs (Draves §3.3).</li>
 *   <li>{@code kernel_sp} (1 word), only with {@link ReceiveBlock#KEEP_STACK}: the saved stack pointer
 *       of a thread blocked in the process-model fallback.</li>
 * </ul>
 *
 * <p>Invariant: outside a system call no stack holds frames, except the stacks kept by threads blocked
 * in the process-model fallback (none with the default {@link ReceiveBlock#DISCARD_STACK}).
 */
public final class ContinuationModel implements KernelModel {
    /** Name on the command line. */
    public static final String NAME = "continuation";

    /**
     * What a receive-phase block does with the kernel stack. The default is the continuation model
     * proper. {@link #KEEP_STACK} makes that block point use the process-model fallback
     * ({@code thread_block(thread_no_continuation)}: keep the stack, context-switch to a fresh per-CPU
     * stack), which is what Mach does at its rare block points without a continuation (kernel-mode page
     * faults, memory allocation, locks) — an ablation that shows what the continuations save, and
     * the mechanism later block points (page faults during a string copy) will use.
     */
    public enum ReceiveBlock {
        /** Save {@link Continuation#RECEIVE_COMPLETE} and discard the stack (Draves). */
        DISCARD_STACK,
        /** Keep the stack (process-model fallback); the CPU continues on a newly allocated stack. */
        KEEP_STACK
    }

    /** Handles of this model's TCB fields ({@code kernelSp} is {@code null} unless stacks can be kept). */
    record Fields(TcbField continuation, TcbField scratchFromSpec, TcbField scratchRcvTimeout, TcbField userState,
                  TcbField kernelSp) {
    }

    private final ReceiveBlock receiveBlock;
    private Fields fields;
    private ContinuationKernel kernel;

    /** The continuation model proper: every block discards the stack. */
    public ContinuationModel() {
        this(ReceiveBlock.DISCARD_STACK);
    }

    public ContinuationModel(ReceiveBlock receiveBlock) {
        if (receiveBlock == null) {
            throw new IllegalArgumentException("receiveBlock must not be null");
        }
        this.receiveBlock = receiveBlock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** np and pp (a preemption point saves a continuation); not fp. */
    @Override
    public boolean supports(Preemptibility p) {
        return p != Preemptibility.FP;
    }

    @Override
    public String whyUnsupported(Preemptibility p) {
        return "its kernel runs on one stack per CPU and a thread gives that stack up only where it can save a continuation,"
                + " so a kernel path cannot be suspended at an arbitrary point";
    }

    public ReceiveBlock receiveBlock() {
        return receiveBlock;
    }

    @Override
    public void declareFields(TcbLayout.Builder layout) {
        TcbField continuation = layout.add("continuation", 1);
        TcbField fromSpec = layout.add("scratch_from_spec", 1);
        TcbField rcvTimeout = layout.add("scratch_rcv_timeout", 1);
        TcbField userState = layout.add("user_state", layout.trapFrameWords());
        // the process-model fallback (a page fault the kernel takes during a string copy, Draves §2.7)
        // keeps the stack in any configuration: its SP is saved here
        TcbField kernelSp = layout.add("kernel_sp", 1);
        fields = new Fields(continuation, fromSpec, rcvTimeout, userState, kernelSp);
    }

    @Override
    public void boot(Kernel k) {
        if (kernel != null) {
            throw new IllegalStateException("a ContinuationModel serves one kernel; create a new one per run");
        }
        if (fields == null) {
            throw new IllegalStateException("boot before declareFields");
        }
        KernelStack cpu0 = k.stacks().allocate("cpu0", k.machine().profile().kernelStackBytes());
        k.exec().useStack(cpu0);
        kernel = new ContinuationKernel(k, fields, receiveBlock, cpu0);
    }

    @Override
    public ThreadMemory placeThread(Kernel k, String name, int tcbBytes) {
        long base = k.tcbs().place(tcbBytes, k.machine().profile().tcbAlignment()); // the virtual TCB array
        return new ThreadMemory(base, tcbBytes, null);
    }

    @Override
    public RunOutcome run(Kernel k) {
        if (kernel == null) {
            throw new IllegalStateException("run before boot");
        }
        return kernel.run();
    }

    /**
     * A blocked thread (WAITING or POLLING) has exactly one way back into the kernel: a continuation in
     * its TCB (its stack was discarded) or, in the process-model fallback, a kept stack holding its call
     * chain. With neither nothing can resume it; with both, the continuation would run over live frames.
     */
    @Override
    public java.util.List<String> invariantViolations(Kernel k) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (fields == null) {
            return out;
        }
        for (org.stacklab.kernel.tcb.Tcb t : k.threads()) {
            org.stacklab.kernel.tcb.ThreadState s = t.peekState();
            if (s != org.stacklab.kernel.tcb.ThreadState.WAITING && s != org.stacklab.kernel.tcb.ThreadState.POLLING) {
                continue;
            }
            boolean continuation = t.peek(fields.continuation()) != ContinuationKernel.NO_CONTINUATION;
            boolean kept = t.stack() != null && t.stack().depth() > 0;
            if (!continuation && !kept) {
                out.add("continuation: " + t + " is " + s + " with neither a continuation nor a kept kernel stack: nothing can resume it");
            } else if (continuation && kept) {
                out.add("continuation: " + t + " is " + s + " with a continuation and a kept kernel stack " + t.stack().frames());
            }
        }
        return out;
    }
}
