package org.stacklab.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stacklab.harness.model.Models;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.conformance.Scenarios;
import org.stacklab.kernel.stack.KernelStack;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.tcb.TcbField;

/**
 * Each model's own invariants ({@code KernelModel.invariantViolations}, checked with the shared ones
 * after every run) hold after a run that leaves threads blocked, and fail with a message naming the
 * model when the model's representation of a blocked thread is corrupted.
 */
class ModelInvariantsTest {

    /** C calls T and stays POLLING; T waits for D, which halts: two threads blocked at the end. */
    private static Kernel blocked(String model) {
        Kernel k = Scenarios.callNeverAnswered().run(Models.byName(model)).kernel(); // run() checks every invariant
        assertThat(KernelInvariants.violations(k)).isEmpty();
        return k;
    }

    private static Tcb thread(Kernel k, String name) {
        return k.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void perthreadABlockedThreadWithoutItsCallChain() {
        Kernel k = blocked("perthread");
        Tcb t = thread(k, "T");
        assertThat(t.stack().depth()).isPositive();
        t.stack().discard();
        assertThat(KernelInvariants.violations(k))
                .containsExactly("perthread: T(65.1) is WAITING but its kernel stack holds no call chain: nothing can resume it");
    }

    @Test
    void continuationABlockedThreadWithoutContinuationOrStack() {
        Kernel k = blocked("continuation");
        Tcb t = thread(k, "T");
        TcbField continuation = t.layout().fields().stream().filter(f -> f.name().equals("continuation")).findFirst().orElseThrow();
        assertThat(t.peek(continuation)).as("blocked with a continuation, stack discarded").isNotZero();
        t.write(continuation, 0);
        assertThat(KernelInvariants.violations(k)).containsExactly(
                "continuation: T(65.1) is WAITING with neither a continuation nor a kept kernel stack: nothing can resume it");
    }

    @Test
    void statelessFramesLeftOnTheCpuStack() {
        Kernel k = blocked("stateless");
        KernelStack cpu = k.stacks().stacks().stream().filter(s -> s.name().equals("cpu0")).findFirst().orElseThrow();
        assertThat(cpu.depth()).isZero();
        cpu.push("IPC_RECEIVE", 2);
        assertThat(KernelInvariants.violations(k)).containsExactly(
                "stateless: no thread runs but the CPU stack holds frames [IPC_RECEIVE] (a blocked thread left kernel state on it)");
    }
}
