package org.stacklab.workloads.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.stacklab.kernel.user.Insn;
import org.stacklab.kernel.user.Program;
import org.stacklab.kernel.user.ProgramBuilder;
import org.stacklab.kernel.user.SyscallKind;

/** Printing a program and parsing it back gives the same program. */
class ProgramFormatterTest {

    @Test
    void printsLabelsAtBranchTargets() {
        Program p = new ProgramBuilder("p").mov(4, 3).label("top").compute(5).loop(4, "top").halt().build();
        assertThat(ProgramFormatter.format(p)).isEqualTo("""
                # p
                    mov r4, 3
                L1:
                    compute 5
                    loop r4, L1
                    halt
                """);
    }

    @Property(tries = 300)
    void parseOfFormatIsIdentity(@ForAll("programs") Program p) {
        String text = ProgramFormatter.format(p);
        assertThat(ProgramText.parse("p.s", text).assemble(p.name())).isEqualTo(p);
    }

    @Provide
    Arbitrary<Program> programs() {
        return Arbitraries.integers().between(1, 30).flatMap(size ->
                insn(size).list().ofSize(size).map(code -> new Program("random", new ArrayList<>(code))));
    }

    private static Arbitrary<Insn> insn(int size) {
        Arbitrary<Integer> reg = Arbitraries.integers().between(0, 15);
        Arbitrary<Integer> mr = Arbitraries.integers().between(0, 63);
        Arbitrary<Integer> fpu = Arbitraries.integers().between(0, 7);
        Arbitrary<Integer> target = Arbitraries.integers().between(0, size - 1);
        Arbitrary<Long> imm = Arbitraries.longs();
        Arbitrary<Long> small = Arbitraries.longs().between(0, 1L << 20);
        return Arbitraries.oneOf(List.of(
                small.map(Insn.Compute::new),
                Combinators.combine(small, small, Arbitraries.of(true, false)).as(Insn.Touch::new),
                Combinators.combine(reg, imm).as(Insn.Mov::new),
                Combinators.combine(reg, reg).as(Insn.MovReg::new),
                Combinators.combine(reg, imm).as(Insn.Add::new),
                Combinators.combine(mr, reg).as(Insn.SetMr::new),
                Combinators.combine(mr, imm).as(Insn.SetMrImm::new),
                Combinators.combine(reg, mr).as(Insn.GetMr::new),
                target.map(Insn.Jump::new),
                Combinators.combine(reg, target).as(Insn.BranchNonZero::new),
                Combinators.combine(reg, imm, target).as(Insn.BranchEq::new),
                Combinators.combine(reg, target).as(Insn.Loop::new),
                Arbitraries.of(SyscallKind.values()).map(Insn.Syscall::new),
                Arbitraries.just(new Insn.Halt()),
                Arbitraries.just(new Insn.Illegal()),
                Arbitraries.longs().between(0, 1000).map(Insn.Trap::new),
                imm.map(Insn.SetExceptionHandler::new),
                imm.map(Insn.SetVirtualSender::new),
                reg.map(Insn.GetActualSender::new),
                reg.map(Insn.SetVirtualSenderReg::new),
                Combinators.combine(fpu, reg).as(Insn.FMovIn::new),
                Combinators.combine(reg, fpu).as(Insn.FMovOut::new),
                Combinators.combine(fpu, fpu).as(Insn.FAdd::new)));
    }
}
