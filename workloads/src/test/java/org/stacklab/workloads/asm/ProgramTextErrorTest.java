package org.stacklab.workloads.asm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stacklab.machine.config.ConfigException;

/**
 * Bad program text is one {@link ConfigException}: {@code FILE:LINE: field 'F': problem}. Every case
 * puts the bad instruction on line 3, after two good lines, so the line number is checked too.
 */
class ProgramTextErrorTest {
    static final ThreadSymbol SERVER = new ThreadSymbol("server", "s", 0, 0);
    static final ThreadSymbol CLIENT = new ThreadSymbol("client", "c", 1, 0);
    static final Symbols AS_CLIENT = new Symbols(List.of(SERVER, CLIENT), Map.of("worker", 3), CLIENT);

    static Stream<Arguments> badLines() {
        return Stream.of(
                // what is wrong                    bad line 3                    field         the message says
                Arguments.of("unknown mnemonic", "frobnicate r1", "mnemonic", "unknown instruction 'frobnicate'"),
                Arguments.of("too few operands", "mov r1", "operands", "'mov' takes 2 operands (rD, VALUE|rS); got 1 operand"),
                Arguments.of("too many operands", "halt now", "operands", "'halt' takes no operands; got 1"),
                Arguments.of("pseudo with operand missing", "ipc.call", "operands",
                        "'ipc.call' takes 1 or 2 operands (TARGET[, timeouts(SND, RCV)]); got 0 operands"),
                Arguments.of("pseudo with an operand too many", "ipc.send @server, zero, zero", "operands",
                        "'ipc.send' takes 1 or 2 operands (TARGET[, SND]); got 3 operands"),
                Arguments.of("wait with two timeouts", "ipc.wait zero, never", "operands", "'ipc.wait' takes 0 or 1 operand ([RCV]); got 2"),
                Arguments.of("reply takes no timeout", "ipc.reply @server, zero", "operands", "'ipc.reply' takes 1 operand (TARGET); got 2"),
                Arguments.of("touch arity", "touch 0", "operands", "'touch' takes 2 or 3 operands (ADDR, BYTES[, write|read]); got 1"),
                Arguments.of("empty operand", "mov r1,", "operand 2", "missing operand"),
                Arguments.of("register above r15", "mov r16, 1", "operand 1", "register 'r16' out of range r0..r15"),
                Arguments.of("source register above r15", "mov r1, r99", "operand 2", "register 'r99' out of range r0..r15"),
                Arguments.of("not a register", "mov 5, 1", "operand 1", "expected a register r0..r15, got '5'"),
                Arguments.of("register where a value is needed", "add r1, r2", "operand 2", "got register 'r2'"),
                Arguments.of("MR index above 63", "setmr 64, 1", "operand 1", "message register index 64 out of range 0..63"),
                Arguments.of("MR index negative", "getmr r1, -1", "operand 2", "message register index -1 out of range 0..63"),
                Arguments.of("undefined label", "jmp nowhere", "operand 1", "undefined label 'nowhere'"),
                Arguments.of("not a label", "bnz r1, 12", "operand 2", "expected a label, got '12'"),
                Arguments.of("undefined parameter", "compute ${cycles}", "operand 1", "undefined parameter '${cycles}' (parameters: n, zero)"),
                Arguments.of("malformed parameter", "compute ${}", "operand 1", "bad parameter reference"),
                Arguments.of("dollar without braces", "compute $n", "operand 1", "bad parameter reference"),
                Arguments.of("undefined thread", "mov r1, @nobody", "operand 2", "undefined thread '@nobody' (threads: worker0.., server, client)"),
                Arguments.of("replicated thread named bare", "ipc.call @worker", "operand 1", "name one replica, @worker0 .. @worker2"),
                Arguments.of("local id across spaces", "mov r1, @server.local", "operand 2",
                        "thread 'server' runs in space 's', this thread in 'c'; a local id is valid only within its own space"),
                Arguments.of("bad id suffix", "mov r1, @server.global", "operand 2", "unknown suffix '.global'"),
                Arguments.of("not a value", "mov r1, banana", "operand 2", "expected a value, got 'banana'"),
                Arguments.of("number too big", "mov r1, 99999999999999999999", "operand 2", "does not fit in 64 bits"),
                Arguments.of("negative compute", "compute -1", "operand 1", "must be >= 0, got -1"),
                Arguments.of("thread id as a cycle count", "compute @server", "operand 1", "expected a number, got '@server'"),
                Arguments.of("touch mode", "touch 0, 8, rw", "operand 3", "expected 'write' or 'read'"),
                Arguments.of("touch outside user space", "touch 0xFFFFFFF0, 64", "operand 2", "leaves the 32-bit user address space"),
                Arguments.of("unknown system call", "syscall fork", "operand 1", "unknown system call 'fork'"),
                Arguments.of("FPU register above f7", "fmov f8, r1", "operand 1", "FPU register 'f8' out of range f0..f7"),
                Arguments.of("fmov between GPRs", "fmov r1, r2", "operand 2", "expected an FPU register f0..f7, got 'r2'"),
                Arguments.of("fmov from a value", "fmov 5, f1", "operand 1", "expected an FPU register f0..f7 or a register r0..r15, got '5'"),
                Arguments.of("fmov between FPU registers", "fmov f1, f2", "operand 2", "expected a register r0..r15, got 'f2'"),
                Arguments.of("fadd with a GPR", "fadd f1, r2", "operand 2", "expected an FPU register f0..f7, got 'r2'"),
                Arguments.of("fadd arity", "fadd f1", "operands", "'fadd' takes 2 operands (fD, fS); got 1 operand"),
                Arguments.of("exregs without control", "exregs @server", "operands",
                        "'exregs' takes 2 to 7 operands (TARGET, CONTROL[, SP[, IP[, FLAGS[, HANDLE[, PAGER]]]]]); got 1 operand"),
                Arguments.of("exregs operand too many", "exregs @server, 0, 1, 2, 3, 4, 5, 6", "operands", "'exregs' takes 2 to 7 operands"),
                Arguments.of("exregs bad control", "exregs @server, banana", "operand 2", "expected a value, got 'banana'"),
                Arguments.of("abort of an undefined thread", "abort.send @nobody", "operand 1", "undefined thread '@nobody'"),
                Arguments.of("abort arity", "abort.recv @server, 1", "operands", "'abort.recv' takes 1 operand (TARGET); got 2"),
                Arguments.of("thread.delete arity", "thread.delete", "operands", "'thread.delete' takes 1 operand (TARGET); got 0"),
                Arguments.of("thread.create arity", "thread.create @server, 2", "operands",
                        "'thread.create' takes 4 operands (THREAD, VERSION, LABEL, PRIORITY); got 2"),
                Arguments.of("thread.create version 0", "thread.create @server, 0, x, 1", "operand 2", "version 0 out of range 1..16383"),
                Arguments.of("thread.create priority", "thread.create @server, 2, x, 256", "operand 4", "priority 256 out of range 0..255"),
                Arguments.of("thread.create label", "thread.create @server, 2, nowhere, 1", "operand 3", "undefined label 'nowhere'"),
                Arguments.of("thread.delete of an undefined thread", "thread.delete @ghost", "operand 1", "undefined thread '@ghost'"),
                Arguments.of("tag u out of range", "setmr 0, tag(1, 64, 0)", "operand 2", "u and t must be 0..63"),
                Arguments.of("tag label out of range", "setmr 0, tag(0x10000, 0, 0)", "operand 2", "label must be 0..0xFFFF"),
                Arguments.of("tag arity", "setmr 0, tag(1, 2)", "operand 2", "tag() takes three numbers"),
                Arguments.of("tag flag", "setmr 0, tag(1, 2, 0, q)", "operand 2", "tag(): the fourth argument may only be p (propagate), got 'q'"),
                Arguments.of("setvs arity", "setvs", "operands", "'setvs' takes 1 operand (VALUE|rS); got 0"),
                Arguments.of("getas register", "getas 5", "operand 1", "expected a register r0..r15, got '5'"),
                Arguments.of("ud arity", "ud 6", "operands", "'ud' takes no operands; got 1"),
                Arguments.of("tag argument", "setmr 0, tag(x, 2, 0)", "operand 2", "tag(): label must be a number, got 'x'"),
                Arguments.of("timeouts argument", "mov r2, timeouts(zero, forever)", "operand 2",
                        "timeouts(): rcv must be never, zero, period(MICROS) or a raw 16-bit value, got 'forever'"),
                Arguments.of("timeouts raw above 16 bits", "mov r2, timeouts(0x10000, never)", "operand 2",
                        "timeouts(): snd must be never, zero, period(MICROS) or a raw 16-bit value, got '0x10000'"),
                Arguments.of("timeouts arity", "mov r2, timeouts(zero)", "operand 2", "timeouts() takes two timeouts"),
                Arguments.of("period(0) is Never in L4", "mov r2, period(0)", "operand 2", "period(0) is L4_Never in L4"),
                Arguments.of("period(0) inside timeouts", "ipc.call @server, timeouts(never, period(0))", "operand 2",
                        "write never for no timeout or zero to fail at once"),
                Arguments.of("period(0) from a parameter", "ipc.wait period(${zero})", "operand 1", "period(0) is L4_Never"),
                Arguments.of("negative period", "ipc.wait period(-5)", "operand 1", "period(): micros must be > 0, got -5"),
                Arguments.of("period beyond 2^41", "ipc.wait period(2199023255552)", "operand 1",
                        "period(2199023255552) is 2^41 us or more, beyond the 16-bit encoding"),
                Arguments.of("period not a number", "mov r2, period(soon)", "operand 2", "period(): micros must be a number, got 'soon'"),
                Arguments.of("period arity", "mov r2, period(1, 2)", "operand 2", "period() takes one number of microseconds"),
                Arguments.of("period empty", "mov r2, period()", "operand 2", "period() takes one number of microseconds"),
                Arguments.of("period number too big", "mov r2, period(99999999999999999999)", "operand 2", "does not fit in 64 bits"),
                Arguments.of("one-phase with a timeouts word", "ipc.send @server, timeouts(zero, never)", "operand 2",
                        "'ipc.send' has only a send phase; give its one timeout"),
                Arguments.of("receive with a timeouts word", "ipc.wait timeouts(never, zero)", "operand 1",
                        "'ipc.wait' has only a receive phase"),
                Arguments.of("one-phase timeout above 16 bits", "ipc.receive @server, 0x10000", "operand 2",
                        "receive timeout must be never, zero, period(MICROS) or a raw 16-bit value, got '0x10000'"),
                Arguments.of("one-phase timeout that is a thread", "ipc.send @server, @client", "operand 2",
                        "send timeout must be never, zero, period(MICROS) or a raw 16-bit value, got '@client'"),
                Arguments.of("timeout in a register", "ipc.wait r2", "operand 1", "expected a receive timeout"),
                Arguments.of("two-phase with one timeout", "ipc.call @server, period(35000)", "operand 2",
                        "'ipc.call' has a send and a receive phase; give both timeouts as timeouts(SND, RCV)"),
                Arguments.of("two-phase with never", "ipc.replywait @server, never", "operand 2", "'ipc.replywait' has a send and a receive phase"),
                Arguments.of("two-phase word above 32 bits", "ipc.call @server, 0x100000000", "operand 2", "raw 32-bit Timeouts word"),
                Arguments.of("two-phase word in a register", "ipc.call @server, r2", "operand 2", "got 'r2'"),
                Arguments.of("bad target before a good timeout", "ipc.send @nobody, zero", "operand 1", "undefined thread '@nobody'"),
                Arguments.of("unknown function", "mov r1, foo(1)", "operand 2", "unknown function 'foo()'"),
                Arguments.of("unbalanced parenthesis", "mov r1, tag(1, 2, 3", "operand 2", "missing ')'"),
                Arguments.of("stray parenthesis", "mov r1, 3)", "operand 2", "unbalanced ')'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void reportsFileLineAndField(String what, String badLine, String field, String says) {
        String text = "start:\n    compute 1\n    " + badLine + "\n    halt\n";
        assertThatThrownBy(() -> ProgramText.parse("progs/t.s", 1, text, Map.of("n", 5L, "zero", 0L)).assemble("t", AS_CLIENT))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("progs/t.s:3: field '" + field + "': ")
                .hasMessageContaining(says)
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.file()).isEqualTo("progs/t.s");
                    assertThat(c.line()).isEqualTo(3);
                    assertThat(c.field()).isEqualTo(field);
                });
    }

    @Test
    void duplicateLabelNamesTheFirstDefinition() {
        assertThatThrownBy(() -> ProgramText.parse("t.s", "a:\nhalt\na: halt"))
                .hasMessage("t.s:3: field 'label': label 'a' is already defined on line 1");
    }

    @Test
    void aBranchToTheEndOfTheProgramIsReportedAtTheBranch() {
        assertThatThrownBy(() -> ProgramText.parse("t.s", "jmp end\nhalt\nend:\n"))
                .hasMessageStartingWith("t.s:1: field 'operand 1': label 'end' (line 3) marks the end of the program");
    }

    @Test
    void anEmptyProgramIsAnError() {
        assertThatThrownBy(() -> ProgramText.parse("t.s", "# nothing\n\n")).hasMessage("t.s:1: the program has no instructions");
    }

    @Test
    void linesCountFromTheFirstLineOfInlineCode() {
        assertThatThrownBy(() -> ProgramText.parse("w.yaml", 20, "halt\n\nbogus\n", Map.of()))
                .hasMessageStartingWith("w.yaml:22: field 'mnemonic': ");
    }

    @Test
    void selfNeedsARunningThread() {
        ProgramText p = ProgramText.parse("t.s", "mov r1, @self\nhalt");
        assertThatThrownBy(() -> p.assemble("t"))
                .hasMessage("t.s:1: field 'operand 2': '@self' is not available: the program is not attached to a thread");
    }

    @Test
    void withoutThreadsEveryNameIsUndefined() {
        assertThatThrownBy(() -> ProgramText.parse("t.s", "ipc.call @server").assemble("t"))
                .hasMessage("t.s:1: field 'operand 1': undefined thread '@server' (no threads are defined)");
    }

    @Test
    void theFirstBadLineIsReported() {
        assertThatThrownBy(() -> ProgramText.parse("t.s", "halt\nmov r99, 1\nbogus"))
                .hasMessageStartingWith("t.s:2: field 'operand 1'");
    }
}
