package org.stacklab.workloads.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.ipc.MsgTag;
import org.stacklab.kernel.ipc.Timeout;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.SyscallKind;

/** The program text format: what each line assembles to. */
class ProgramTextTest {

    /** Threads used to resolve references: server (space s, index 0), client (space c), peer (space c). */
    static final ThreadSymbol SERVER = new ThreadSymbol("server", "s", 0, 0);
    static final ThreadSymbol CLIENT = new ThreadSymbol("client", "c", 1, 0);
    static final ThreadSymbol PEER = new ThreadSymbol("peer", "c", 2, 1);
    static final Symbols AS_CLIENT = new Symbols(List.of(SERVER, CLIENT, PEER), Map.of(), CLIENT);

    static List<Insn> asm(String text) {
        return ProgramText.parse("t.s", 1, text, Map.of("n", 7L, "big", 0x1000L)).assemble("t", AS_CLIENT).code();
    }

    static Insn one(String line) {
        List<Insn> code = asm(line);
        assertThat(code).hasSize(1);
        return code.get(0);
    }

    static long global(ThreadSymbol t) {
        return Kernel.globalIdOf(t.index()).raw();
    }

    /** {@code period(MICROS)} is {@link Timeout#period} for every MICROS it accepts (jqwik: top level, not in a @Nested class). */
    @Property(tries = 200)
    void periodAgreesWithTimeoutPeriodEverywhere(@ForAll @LongRange(min = 1, max = (1L << 41) - 1) long micros) {
        long expected = Timeout.period(micros).raw();
        assertThat(one("mov r2, period(" + micros + ")")).isEqualTo(new Insn.Mov(2, expected));
        assertThat(one("mov r2, timeouts(period(" + micros + "), never)")).isEqualTo(new Insn.Mov(2, expected << 16));
        assertThat(one("mov r2, timeouts(zero, period(" + micros + "))")).isEqualTo(new Insn.Mov(2, 0x0400_0000L | expected));
    }

    @Nested
    class Instructions {
        @Test
        void compute() {
            assertThat(one("compute 100")).isEqualTo(new Insn.Compute(100));
            assertThat(one("compute 0")).isEqualTo(new Insn.Compute(0));
        }

        @Test
        void touchReadsByDefaultAndWritesWhenAsked() {
            assertThat(one("touch 0x1000, 64")).isEqualTo(new Insn.Touch(0x1000, 64, false));
            assertThat(one("touch 0x1000, 64, write")).isEqualTo(new Insn.Touch(0x1000, 64, true));
            assertThat(one("touch 4096, 8, read")).isEqualTo(new Insn.Touch(4096, 8, false));
        }

        @Test
        void movImmediateAndRegister() {
            assertThat(one("mov r3, 42")).isEqualTo(new Insn.Mov(3, 42));
            assertThat(one("mov r15, r0")).isEqualTo(new Insn.MovReg(15, 0));
        }

        @Test
        void add() {
            assertThat(one("add r4, -1")).isEqualTo(new Insn.Add(4, -1));
        }

        @Test
        void setmrWithValueOrRegister() {
            assertThat(one("setmr 1, 99")).isEqualTo(new Insn.SetMrImm(1, 99));
            assertThat(one("setmr 63, r5")).isEqualTo(new Insn.SetMr(63, 5));
        }

        @Test
        void getmr() {
            assertThat(one("getmr r6, 2")).isEqualTo(new Insn.GetMr(6, 2));
        }

        @Test
        void trapAndExceptionHandler() {
            assertThat(one("trap 7")).isEqualTo(new Insn.Trap(7));
            assertThat(one("trap 0x10")).isEqualTo(new Insn.Trap(16));
            assertThat(one("setexh nil")).isEqualTo(new Insn.SetExceptionHandler(0));
            assertThat(one("setexh 0x4001")).isEqualTo(new Insn.SetExceptionHandler(0x4001));
        }

        @Test
        void illegalInstruction() {
            assertThat(one("ud")).isEqualTo(new Insn.Illegal());
            assertThat(one("UD2")).isEqualTo(new Insn.Illegal());
            assertThat(one("illegal")).isEqualTo(new Insn.Illegal());
        }

        @Test
        void virtualAndActualSender() {
            assertThat(one("setvs 0x4001")).isEqualTo(new Insn.SetVirtualSender(0x4001));
            assertThat(one("setvs nil")).isEqualTo(new Insn.SetVirtualSender(0));
            assertThat(one("setvs @server")).isEqualTo(new Insn.SetVirtualSender(Kernel.globalIdOf(0).raw()));
            assertThat(one("setvs r0")).isEqualTo(new Insn.SetVirtualSenderReg(0));
            assertThat(one("getas r9")).isEqualTo(new Insn.GetActualSender(9));
        }

        @Test
        void syscallKinds() {
            assertThat(one("syscall ipc")).isEqualTo(new Insn.Syscall(SyscallKind.IPC));
            assertThat(one("syscall threadswitch")).isEqualTo(new Insn.Syscall(SyscallKind.THREAD_SWITCH));
            assertThat(one("syscall thread_switch")).isEqualTo(new Insn.Syscall(SyscallKind.THREAD_SWITCH));
            assertThat(one("syscall exregs")).isEqualTo(new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS));
            assertThat(one("syscall exchange_registers")).isEqualTo(new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS));
        }

        @Test
        void halt() {
            assertThat(one("halt")).isEqualTo(new Insn.Halt());
        }

        @Test
        void branchesResolveLabelsBackwardAndForward() {
            assertThat(asm("""
                    top:
                        jmp end
                        bnz r1, top
                        beq r2, 5, end
                        loop r3, top
                    end:
                        halt
                    """)).containsExactly(
                    new Insn.Jump(4),
                    new Insn.BranchNonZero(1, 0),
                    new Insn.BranchEq(2, 5, 4),
                    new Insn.Loop(3, 0),
                    new Insn.Halt());
        }

        @Test
        void aLabelMayShareALineWithItsInstructionAndTwoLabelsMayMarkOnePlace() {
            assertThat(asm("a: b: halt\njmp a\njmp b")).containsExactly(new Insn.Halt(), new Insn.Jump(0), new Insn.Jump(0));
        }
    }

    @Nested
    class Lexical {
        @Test
        void commentsAndBlankLinesAreIgnored() {
            assertThat(asm("""
                    # a comment
                    ; another

                        compute 1   # trailing
                        halt        ; trailing
                    """)).containsExactly(new Insn.Compute(1), new Insn.Halt());
        }

        @Test
        void mnemonicsRegistersAndKeywordsAreCaseInsensitive() {
            assertThat(asm("MOV R1, NIL\nSysCall IPC\nIPC.WAIT\nHALT")).startsWith(new Insn.Mov(1, 0), new Insn.Syscall(SyscallKind.IPC));
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', value = {
            "42                   | 42",
            "-42                  | -42",
            "0x2A                 | 42",
            "0X2a                 | 42",
            "-0x10                | -16",
            "1_000_000            | 1000000",
            "0xFFFF_FFFF          | 4294967295",
            "0xFFFFFFFFFFFFFFFF   | -1",
            "9223372036854775807  | 9223372036854775807",
            "-9223372036854775808 | -9223372036854775808",
        })
        void numbers(String text, long value) {
            assertThat(one("mov r1, " + text)).isEqualTo(new Insn.Mov(1, value));
        }

        @Test
        void parametersAreSubstitutedAsTextInAnyOperand() {
            assertThat(asm("compute ${n}\nmov r1, ${big}\nsetmr ${n}, -${n}\ntouch ${big}, ${n}0"))
                    .containsExactly(new Insn.Compute(7), new Insn.Mov(1, 0x1000), new Insn.SetMrImm(7, -7), new Insn.Touch(0x1000, 70, false));
        }

        @Test
        void windowsLineEndingsWork() {
            assertThat(asm("compute 1\r\nhalt\r\n")).containsExactly(new Insn.Compute(1), new Insn.Halt());
        }
    }

    @Nested
    class Values {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "nil             | 0",
            "nilthread       | 0",
            "any             | 0xFFFFFFFF",
            "anythread       | 0xFFFFFFFF",
            "anylocal        | 0xFFFFFFC0",
            "anylocalthread  | 0xFFFFFFC0",
            "never           | 0",
            "zero            | 0x400",
            "timeouts(zero, never) | 0x04000000",
            "timeouts(never, zero) | 0x00000400",
            "timeouts(0x1271, 0)   | 0x12710000",
            "period(1)             | 0x0001",
            "period(10_000)        | 0x1271",
            "PERIOD( 1025 )        | 0x0600",
            "period(0x3E8)         | 0x03E8",
            "period(${big})        | 0x0E00",
            "timeouts(never, period(35000))    | 0x00001A22",
            "timeouts(period(1000000), zero)   | 0x2BD00400",
            "timeouts( period(${n}) , period(1000) ) | 0x000703E8",
        })
        void keywords(String text, String raw) {
            assertThat(one("mov r1, " + text)).isEqualTo(new Insn.Mov(1, Long.decode(raw)));
        }

        @Test
        void tagIsAMessageTag() {
            assertThat(one("setmr 0, tag(0x12, 2, 1)")).isEqualTo(new Insn.SetMrImm(0, MsgTag.of(0x12, 2, 1).raw()));
            assertThat(one("mov r1, TAG( ${n} , 0, 0 )")).isEqualTo(new Insn.Mov(1, MsgTag.of(7, 0, 0).raw()));
            assertThat(one("setmr 0, tag(0x12, 1, 0, p)")).isEqualTo(new Insn.SetMrImm(0, MsgTag.of(0x12, 1, 0).raw() | 0x1000));
            assertThat(one("setmr 0, tag(0x12, 1, 0, P)")).isEqualTo(new Insn.SetMrImm(0, MsgTag.of(0x12, 1, 0).raw() | MsgTag.PROPAGATED));
        }

        @Test
        void threadNamesAreGlobalIdsInCreationOrder() {
            assertThat(one("mov r1, @server")).isEqualTo(new Insn.Mov(1, Kernel.globalIdOf(0).raw()));
            assertThat(one("mov r1, @peer")).isEqualTo(new Insn.Mov(1, Kernel.globalIdOf(2).raw()));
        }

        @Test
        void selfIsTheRunningThread() {
            assertThat(one("mov r1, @self")).isEqualTo(new Insn.Mov(1, Kernel.globalIdOf(1).raw()));
            assertThat(one("mov r1, @self.local")).isEqualTo(new Insn.Mov(1, Kernel.localIdOf(0).raw()));
        }

        @Test
        void localIdsAreUtcbSlotsWithinTheSpace() {
            assertThat(one("mov r1, @peer.local")).isEqualTo(new Insn.Mov(1, Kernel.localIdOf(1).raw()));
            assertThat(ThreadId.of(Kernel.localIdOf(1).raw()).isLocal()).isTrue();
        }

        @Test
        void thread_references_in_every_value_position() {
            long server = global(SERVER);
            assertThat(asm("add r1, @server\nsetmr 1, @server\nx: beq r0, @server, x"))
                    .containsExactly(new Insn.Add(1, server), new Insn.SetMrImm(1, server), new Insn.BranchEq(0, server, 2));
        }
    }

    /** {@code period(MICROS)} is {@link Timeout#period}, the library encoder (semantics.md §4.1 table). */
    @Nested
    class Periods {
        @ParameterizedTest(name = "period({0}) = {1}")
        @CsvSource(delimiter = '|', value = {
            "1              | 0x0001",
            "1000           | 0x03E8",
            "1023           | 0x03FF",
            "1024           | 0x0600",
            "1025           | 0x0600",
            "10000          | 0x1271",
            "1000000        | 0x2BD0",
            "60000000       | 0x4393",
            "2199023255551  | 0x7FFF",
        })
        void isTheLibraryEncoder(long micros, String raw) {
            assertThat(one("mov r2, period(" + micros + ")")).isEqualTo(new Insn.Mov(2, Integer.decode(raw)));
            assertThat(Timeout.period(micros).raw()).isEqualTo(Integer.decode(raw));
        }
    }

    @Nested
    class PseudoInstructions {
        final long server = global(SERVER);
        final long nil = ThreadId.NIL.raw();
        final long any = ThreadId.ANY.raw();
        final Insn ipc = new Insn.Syscall(SyscallKind.IPC);
        final Insn exregs = new Insn.Syscall(SyscallKind.EXCHANGE_REGISTERS);

        @Test
        void threadDeleteIsThreadControlWithOperation0() {
            assertThat(asm("thread.delete @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, 0),
                    new Insn.Syscall(SyscallKind.THREAD_CONTROL));
            assertThat(one("syscall threadcontrol")).isEqualTo(new Insn.Syscall(SyscallKind.THREAD_CONTROL));
        }

        @Test
        void threadCreateTakesTheNumberUnderANewVersionAndALabel() {
            long v3 = ThreadId.global(ThreadId.of(server).number(), 3).raw();
            assertThat(asm("thread.create @server, 3, start, 20\nstart: halt")).containsExactly(new Insn.Mov(0, v3), new Insn.Mov(1, 1),
                    new Insn.Mov(2, 5), new Insn.Mov(3, 20), new Insn.Syscall(SyscallKind.THREAD_CONTROL), new Insn.Halt());
        }

        @Test
        void abortSendAndReceiveSetTheControlBits() {
            assertThat(asm("abort.send @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, 4), exregs);
            assertThat(asm("abort.recv @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, 2), exregs);
            assertThat(asm("abort @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, 6), exregs);
        }

        @Test
        void exregsMovesItsOperandsIntoR0UpAndCopiesRegistersFirst() {
            assertThat(asm("exregs @server, 0x18, r1, 5")).containsExactly(new Insn.MovReg(2, 1), new Insn.Mov(0, server),
                    new Insn.Mov(1, 0x18), new Insn.Mov(3, 5), exregs);
            assertThat(asm("exregs r0, 0, 1, 2, 3, 4, 5")).containsExactly(new Insn.MovReg(0, 0), new Insn.Mov(1, 0), new Insn.Mov(2, 1),
                    new Insn.Mov(3, 2), new Insn.Mov(4, 3), new Insn.Mov(5, 4), new Insn.Mov(6, 5), exregs);
        }

        @Test
        void callSendsAndWaitsForTheSameThread() {
            assertThat(asm("ipc.call @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, server), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void sendHasNoReceivePhase() {
            assertThat(asm("ipc.send @server")).containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, nil), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void sendZeroAndReplyUseAZeroSendTimeout() {
            List<Insn> expected = List.of(new Insn.Mov(0, server), new Insn.Mov(1, nil), new Insn.Mov(2, 0x0400_0000L), ipc);
            assertThat(asm("ipc.send.zero @server")).isEqualTo(expected);
            assertThat(asm("ipc.reply @server")).isEqualTo(expected);
        }

        @Test
        void receiveIsAClosedWait() {
            assertThat(asm("ipc.receive @server")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, server), new Insn.Mov(2, 0), ipc);
            assertThat(asm("ipc.receive anylocal"))
                    .containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, ThreadId.ANY_LOCAL.raw()), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void waitIsAnOpenWait() {
            assertThat(asm("ipc.wait")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, any), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void replyWaitRepliesWithZeroTimeoutAndWaitsForAnyone() {
            assertThat(asm("ipc.replywait @server"))
                    .containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, any), new Insn.Mov(2, 0x0400_0000L), ipc);
        }

        @Test
        void nullIpcHasNeitherPhase() {
            assertThat(asm("ipc.null")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, nil), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void aRegisterOperandIsCopiedBeforeR0AndR1AreOverwritten() {
            assertThat(asm("ipc.replywait r0")).containsExactly(new Insn.MovReg(0, 0), new Insn.Mov(1, any), new Insn.Mov(2, 0x0400_0000L), ipc);
            assertThat(asm("ipc.receive r0")).containsExactly(new Insn.MovReg(1, 0), new Insn.Mov(0, nil), new Insn.Mov(2, 0), ipc);
            assertThat(asm("ipc.call r5")).containsExactly(new Insn.MovReg(0, 5), new Insn.MovReg(1, 5), new Insn.Mov(2, 0), ipc);
        }

        @Test
        void callTakesATimeoutsWord() {
            long word = Timeout.word(Timeout.NEVER, Timeout.period(35_000));
            assertThat(asm("ipc.call @server, timeouts(never, period(35000))"))
                    .containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, server), new Insn.Mov(2, word), ipc);
            assertThat(asm("ipc.call @server, 0x12710400"))
                    .containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, server), new Insn.Mov(2, 0x1271_0400L), ipc);
            assertThat(asm("ipc.call r5, timeouts(zero, zero)"))
                    .containsExactly(new Insn.MovReg(0, 5), new Insn.MovReg(1, 5), new Insn.Mov(2, 0x0400_0400L), ipc);
        }

        @Test
        void sendTakesTheSendTimeout() {
            assertThat(asm("ipc.send @server, period(10000)"))
                    .containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, nil), new Insn.Mov(2, 0x1271_0000L), ipc);
            assertThat(asm("ipc.send @server, zero")).isEqualTo(asm("ipc.send.zero @server"));
            assertThat(asm("ipc.send @server, never")).isEqualTo(asm("ipc.send @server"));
        }

        @Test
        void receiveAndWaitTakeTheReceiveTimeout() {
            assertThat(asm("ipc.receive @server, period(1000)"))
                    .containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, server), new Insn.Mov(2, 0x03E8L), ipc);
            assertThat(asm("ipc.wait period(${n})")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, any), new Insn.Mov(2, 7), ipc);
            assertThat(asm("ipc.wait zero")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, any), new Insn.Mov(2, 0x0400L), ipc);
            assertThat(asm("ipc.wait 0x1271")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, any), new Insn.Mov(2, 0x1271L), ipc);
            assertThat(asm("ipc.receive r0, period(1000)"))
                    .containsExactly(new Insn.MovReg(1, 0), new Insn.Mov(0, nil), new Insn.Mov(2, 0x03E8L), ipc);
        }

        /** Sleep(T) is a receive from oneself (semantics.md §8 vector 3). */
        @Test
        void sleepIsAReceiveFromSelfWithATimeout() {
            assertThat(asm("ipc.receive @self, period(20000)")).containsExactly(new Insn.Mov(0, nil), new Insn.Mov(1, global(CLIENT)),
                    new Insn.Mov(2, Timeout.period(20_000).raw()), ipc);
        }

        @Test
        void replyWaitTakesATimeoutsWord() {
            assertThat(asm("ipc.replywait @server, timeouts(zero, period(1000))"))
                    .containsExactly(new Insn.Mov(0, server), new Insn.Mov(1, any), new Insn.Mov(2, 0x0400_03E8L), ipc);
        }

        @Test
        void aLabelBeforeAPseudoInstructionMarksItsFirstInstruction() {
            List<Insn> code = asm("compute 1\nagain: ipc.wait\njmp again");
            assertThat(code).hasSize(6);
            assertThat(code.get(5)).isEqualTo(new Insn.Jump(1));
        }
    }

    @Nested
    class Binding {
        @Test
        void linesAreCountedFromFirstLine() {
            ProgramText p = ProgramText.parse("w.yaml", 10, "halt\nhalt\n", Map.of());
            assertThat(p.size()).isEqualTo(2);
            assertThat(p.file()).isEqualTo("w.yaml");
        }

        @Test
        void oneTextAssemblesDifferentlyForEachThread() {
            ProgramText p = ProgramText.parse("t.s", "mov r1, @self\nhalt");
            Symbols all = new Symbols(List.of(SERVER, CLIENT), Map.of(), null);
            Program a = p.assemble("server", all.withSelf(SERVER));
            Program b = p.assemble("client", all.withSelf(CLIENT));
            assertThat(a.at(0)).isEqualTo(new Insn.Mov(1, global(SERVER)));
            assertThat(b.at(0)).isEqualTo(new Insn.Mov(1, global(CLIENT)));
            assertThat(a.name()).isEqualTo("server");
        }
    }
}
