package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.conformance.Differential;
import org.stacklab.kernel.conformance.RandomWorkloads;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.conformance.EveryModel;
import org.stacklab.kernel.conformance.Outcome;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * Focused reproducers of divergences the random workloads of the conformance kit found
 * ({@code RandomWorkloads} with paged spaces, strings and preemption points), one test each, on every model.
 */
class RandomWorkloadRegressionTest {

    /**
     * Found by the random workloads (soak seed 5): ExchangeRegisters on a thread blocked in a user page fault
     * (its pager has not answered) returned, as the old ip, the instruction after the faulting touch in the
     * perthread and continuation models (the thread is "in a system call", whose ip is the next
     * instruction), but the touch itself in the stateless model. The thread goes on at the touch (a
     * resolved fault runs the instruction again; an aborted fault Call too), so the old ip is the touch.
     */
    @EveryModel
    void exchangeRegistersOnAThreadInAPageFaultReturnsTheFaultingInstructionAsIp(KernelModelProvider model) {
        Scenario s = WorkloadScenarios.of("ip of a thread in a page fault", """
                name: ip-in-page-fault
                threads:
                  - name: pager
                    space: pager
                    priority: 90
                    code: |
                      ipc.wait          # takes the fault and never answers
                      halt
                  - name: w
                    space: app
                    priority: 100
                    code: |
                      mov r9, 1
                      touch 0x100000, 1, write
                      halt
                  - name: c
                    space: app
                    priority: 95
                    code: |
                      exregs @w, 0      # read only
                      mov r10, r3
                      exregs @w, 0x106  # start: abort the fault Call (and resume)
                      mov r11, r3
                      halt
                spaces:
                  - name: app
                    pager: pager
                """).profile(Scenario.smallProfile());
        Outcome o = s.run(model);
        assertThat(o.thread("c").reg(10)).as("old ip while w waits for its pager").isEqualTo(1);
        assertThat(o.thread("c").reg(11)).as("old ip of w, its fault Call aborted").isEqualTo(1);
    }

    /**
     * Found by the random workloads under {@code --preempt pp} (seed 9; shrunk by jqwik to this): a thread t1
     * sends t0 a 43,552-byte string (flat spaces, the copy outlasts the first timer tick); t0 waits for it
     * and is also the handler of irq 1, which fires at that tick. At the first preemption point after the
     * tick the copier takes the interrupt in the kernel, and the interrupt is <em>delivered to t0</em> —
     * still WAITING, as the transfer has not locked it (XFER) yet — so the interrupt message overwrites the
     * string message in t0's UTCB and t0 is made READY; when the copy ends the model makes t0 READY again:
     * every model throws "t0 is already in a ready queue" (with more threads: the message ledger reports the
     * lost message, perthread a stack-pointer mismatch). Expected: the interrupt stays pending while t0 is the
     * receiver of a transfer in progress, t0 gets the string (r0 = t1) and then, in its next open receive,
     * the interrupt. Under np it does. Fixed: the copier locks its partner (XFER) before it takes the
     * interrupt at a preemption point.
     */
    @EveryModel
    void anInterruptAtAPreemptionPointInACopyWaitsUntilTheReceiverHasTheString(KernelModelProvider model) {
        Scenario s = interruptDuringACopy().options(KernelOptions.DEFAULT.withCycleLimit(RandomWorkloads.CYCLE_LIMIT)
                .withPreemption(Preemptibility.PP, 1024));
        Outcome o = s.run(model);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.log("t0").get(0).errorCode()).isZero();
        assertThat(o.log("t0").get(0).from()).isEqualTo(s.ids().local("t1").raw());
        assertThat(o.log("t0").get(1).from()).isEqualTo(org.stacklab.kernel.irq.Interrupts.idOf(1).raw());
        assertThat(o.state("t1")).isEqualTo(ThreadState.HALTED);
    }

    /** The same scenario without preemption points: the interrupt waits for t0's next receive (passes today). */
    @EveryModel
    void withoutPreemptionPointsTheInterruptWaitsUntilTheReceiverHasTheString(KernelModelProvider model) {
        Scenario s = interruptDuringACopy();
        Outcome o = s.run(model);
        assertThat(o.end()).isEqualTo(RunOutcome.QUIESCENT);
        assertThat(o.log("t0").get(0).errorCode()).isZero();
        assertThat(o.log("t0").get(0).from()).isEqualTo(s.ids().local("t1").raw());
        assertThat(o.log("t0").get(1).from()).isEqualTo(org.stacklab.kernel.irq.Interrupts.idOf(1).raw());
        Differential.assertIdentical(s);
    }

    /** The shrunk random workload (its file as the kit printed it), plus a second open receive in t0. */
    private static Scenario interruptDuringACopy() {
        Scenario s = WorkloadScenarios.of("interrupt during a copy", """
                name: random
                threads:
                  - name: t0
                    space: s0
                    priority: 100
                    code: |
                      setbr 0, acceptor(1)
                      setbr 1, buffer(1280000, 0, 0)
                      setbr 2, 0x100000
                      ipc.wait
                      ipc.wait
                      halt
                  - name: t1
                    space: s0
                    priority: 100
                    code: |
                      setmr 0, tag(0x51, 0, 2)
                      setmr 1, string(43552)
                      setmr 2, 0x1085e1
                      ipc.send @t0
                      halt
                """).profile(Scenario.smallProfile()).cycleLimit(RandomWorkloads.CYCLE_LIMIT);
        long tick = s.profile().cycles(org.stacklab.kernel.time.Timers.TICK_MICROS);
        return s.interrupt(1, "t0", tick, tick, 1);
    }
}
