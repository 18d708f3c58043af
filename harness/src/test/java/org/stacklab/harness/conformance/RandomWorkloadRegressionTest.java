package org.stacklab.harness.conformance;

import static org.assertj.core.api.Assertions.assertThat;

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
}
