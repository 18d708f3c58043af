package org.stacklab.kernel.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.kernel.ipc.Ipc;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.ThreadState;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.SyscallKind;

/**
 * User traps delivered as IPC to the thread's exception handler (issue 3, deliverable 4; semantics.md §7):
 * the handler receives label 0xFFB0, u = 2, MR1 = the trap number, MR2 = the PC, from the faulting
 * thread; the faulting thread resumes after the trap with MR0..MR2 and r0..r2 as they were and records
 * no system call; without a handler it halts. On every model and differentially ({@link ExceptionScenarios}).
 */
class ExceptionConformanceTest {

    private static Observation exceptionMessage(long from, long number, long pc) {
        return new Observation(SyscallKind.IPC, from, MsgTag.of((int) Ipc.EXCEPTION_LABEL, 2, 0).raw(), 0,
                new long[] {number, pc});
    }

    @EveryModel
    void theHandlerReceivesTheExceptionMessageAndTheThreadResumesAfterTheTrap(KernelModelProvider model) {
        for (Scenario s : java.util.List.of(ExceptionScenarios.handled("handler waiting first", 20, 10),
                ExceptionScenarios.handled("handler after the trap", 10, 20))) {
            Outcome o = s.run(model);
            long t = s.ids().global("T").raw();
            int pc = ExceptionScenarios.FIRST_TRAP_PC;

            assertThat(o.end()).as(s.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(Ipc.EXCEPTION_LABEL).isEqualTo(0xFFB0);
            assertThat(o.log("H").get(0)).as(s.name()).isEqualTo(exceptionMessage(t, 42, pc));
            assertThat(o.log("H").get(2)).as(s.name()).isEqualTo(exceptionMessage(t, 43, pc + 1));
            assertThat(o.reg("H", 9)).isEqualTo(42);
            assertThat(o.reg("H", 10)).isEqualTo(pc);
            assertThat(o.reg("H", 11)).isEqualTo(43);
            assertThat(o.reg("H", 12)).isEqualTo(pc + 1);
            assertThat(o.log("T")).as("the synthesized Calls are no system calls of T").isEmpty();
            assertThat(o.state("T")).isEqualTo(ThreadState.HALTED);
            assertThat(o.thread("T").pc()).as("past both traps and the copies, on halt").isEqualTo(pc + 8);
            assertThat(o.reg("T", 9)).as("MR0 restored").isEqualTo(0x111);
            assertThat(o.reg("T", 10)).as("MR1 restored").isEqualTo(0x222);
            assertThat(o.reg("T", 11)).as("MR2 restored").isEqualTo(0x333);
            assertThat(o.reg("T", 12)).as("r0 restored").isEqualTo(7);
            assertThat(o.reg("T", 13)).as("r1 restored").isEqualTo(8);
            assertThat(o.reg("T", 14)).as("r2 restored").isEqualTo(9);
            assertThat(o.kernel().counters().exceptions).isEqualTo(2);
        }
    }

    @EveryModel
    void aHandlerInTheSameSpaceSeesTheLocalId(KernelModelProvider model) {
        Scenario s = ExceptionScenarios.sameSpaceHandler();
        Outcome o = s.run(model);

        assertThat(o.log("H").get(0)).isEqualTo(exceptionMessage(s.ids().local("T").raw(), 42, ExceptionScenarios.FIRST_TRAP_PC));
        assertThat(o.reg("T", 9)).isEqualTo(0x111);
    }

    @EveryModel
    void withoutAHandlerTheThreadHalts(KernelModelProvider model) {
        for (Scenario s : java.util.List.of(ExceptionScenarios.noHandler(), ExceptionScenarios.deadHandler())) {
            Outcome o = s.run(model);

            assertThat(o.state("T")).as(s.name()).isEqualTo(ThreadState.HALTED);
            assertThat(o.thread("T").pc()).as("halted on the trap").isEqualTo(ExceptionScenarios.FIRST_TRAP_PC);
            assertThat(o.log("T")).isEmpty();
            assertThat(o.log("H")).as("nothing was delivered").isEmpty();
            assertThat(o.state("H")).isEqualTo(ThreadState.WAITING);
            assertThat(o.kernel().counters().exceptions).isZero();
        }
    }

    @EveryModel
    void anIllegalInstructionIsExceptionSixToTheHandlerAndTheReplyResumesAfterIt(KernelModelProvider model) {
        for (Scenario s : java.util.List.of(ExceptionScenarios.illegalHandled(20, 10), ExceptionScenarios.illegalHandled(10, 20))) {
            Outcome o = s.run(model);
            int pc = ExceptionScenarios.UD_PC;

            assertThat(org.stacklab.kernel.user.Insn.Illegal.INVALID_OPCODE).as("x86 #UD").isEqualTo(6);
            assertThat(o.end()).as(s.name()).isEqualTo(RunOutcome.QUIESCENT);
            assertThat(o.log("H")).as(s.name()).containsExactly(exceptionMessage(s.ids().global("T").raw(), 6, pc), Expect.sent(1));
            assertThat(o.reg("H", 9)).isEqualTo(6);
            assertThat(o.reg("H", 10)).isEqualTo(pc);
            assertThat(o.log("T")).as("no system call of T").isEmpty();
            assertThat(o.state("T")).isEqualTo(ThreadState.HALTED);
            assertThat(o.thread("T").pc()).as("resumed after the ud, on its halt").isEqualTo(pc + 5);
            assertThat(o.reg("T", 9)).as("MR0 restored").isEqualTo(0x111);
            assertThat(o.reg("T", 10)).as("MR1 restored").isEqualTo(0x222);
            assertThat(o.reg("T", 11)).as("MR2 restored").isEqualTo(0x333);
            assertThat(o.reg("T", 12)).as("r0 restored").isEqualTo(7);
            assertThat(o.kernel().counters().exceptions).isEqualTo(1);
        }
    }

    @EveryModel
    void anIllegalInstructionWithoutAHandlerHaltsTheThreadOnIt(KernelModelProvider model) {
        Outcome o = ExceptionScenarios.illegalNoHandler().run(model);

        assertThat(o.state("T")).isEqualTo(ThreadState.HALTED);
        assertThat(o.thread("T").pc()).isEqualTo(ExceptionScenarios.UD_PC);
        assertThat(o.kernel().counters().exceptions).isZero();
    }

    @EveryModel
    void aHandlerInTheSameSpaceMayMoveTheIpWithExchangeRegistersBeforeReplying(KernelModelProvider model) {
        Scenario s = ExceptionScenarios.illegalRedirected();
        Outcome o = s.run(model);

        assertThat(o.log("H")).as("exception 6 at pc 2; ExchangeRegisters sees T receiving, its IP 3 (past the ud)")
                .containsExactly(exceptionMessage(s.ids().local("T").raw(), 6, 2),
                Expect.exregs(s.ids().global("T"), org.stacklab.kernel.thread.ExchangeRegisters.ABORT_RECEIVE, 0, 3, 0, 0, 0),
                Expect.sent(1));
        assertThat(o.state("T")).isEqualTo(ThreadState.HALTED);
        assertThat(o.thread("T").pc()).as("on its halt").isEqualTo(5);
        assertThat(o.reg("T", 3)).as("mov r3, 2 skipped").isEqualTo(1);
        assertThat(o.reg("T", 4)).isEqualTo(5);
    }

    static Stream<Arguments> scenarios() {
        return ExceptionScenarios.catalogue().stream().map(s -> Arguments.of(Named.of(s.name(), s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyModelObservesTheSame(Scenario scenario) {
        assumeTrue(AllModels.providers().size() >= 2, "needs at least two models, found " + AllModels.names());
        Differential.assertIdentical(scenario);
    }
}
