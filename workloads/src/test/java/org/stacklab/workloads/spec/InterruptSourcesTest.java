package org.stacklab.workloads.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.user.Insn;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/** The {@code interrupts:} section of a workload file and the {@code irq(N)} operand. */
class InterruptSourcesTest {
    @TempDir
    Path dir;

    Workload load(String text) {
        return load(text, Map.of());
    }

    Workload load(String text, Map<String, String> overrides) {
        try {
            Path p = dir.resolve("w.yaml");
            Files.writeString(p, text);
            return Workloads.load(p.toString(), overrides);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String file() {
        return dir.resolve("w.yaml").toString();
    }

    static final String THREADS = """
            threads:
              - name: h
                space: a
                code: |
                  ipc.receive irq(3)
                  halt
              - name: b
                space: b
                count: 2
                code: |
                  halt
            """;

    @Test
    void sourcesWithDefaultsAndParameters() {
        Workload w = load("""
                parameters:
                  p: 250
                interrupts:
                  - irq: 3
                    handler: h
                    period_us: ${p}
                  - irq: 4
                    handler: b1
                    period_us: 1000
                    first_us: 0
                    count: 7
                """ + THREADS, Map.of("p", "500"));
        assertThat(w.interrupts()).containsExactly(new InterruptSpec(3, "h", 500, 500, 0), new InterruptSpec(4, "b1", 1000, 0, 7));
        assertThat(w.threads().get(0).program().code()).startsWith(new Insn.Mov(0, ThreadId.NIL.raw()),
                new Insn.Mov(1, ThreadId.global(3, 1).raw()));
    }

    @Test
    void noInterruptsSection() {
        assertThat(load(THREADS).interrupts()).isEmpty();
    }

    @Test
    void anUnknownField() {
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: h
                    period: 1000
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":4: field 'interrupts[0].period': unknown field");
    }

    @Test
    void anIrqOutsideTheSystemRange() {
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 64
                    handler: h
                    period_us: 1000
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":2: field 'interrupts[0].irq': must be 1..63");
    }

    @Test
    void anIrqGivenTwice() {
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: h
                    period_us: 1000
                  - irq: 3
                    handler: h
                    period_us: 1000
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":5: field 'interrupts[1].irq': irq 3 already has a source (line 2)");
    }

    @Test
    void anUnknownHandler() {
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: hh
                    period_us: 1000
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":3: field 'interrupts[0].handler': no thread named 'hh'");
    }

    @Test
    void missingAndBadNumbers() {
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: h
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":2: field 'interrupts[0].period_us': missing (required)");
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: h
                    period_us: 0
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":4: field 'interrupts[0].period_us': must be at least 1");
        assertThatThrownBy(() -> load("""
                interrupts:
                  - irq: 3
                    handler: h
                    period_us: 10
                    count: -1
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":5: field 'interrupts[0].count': must be >= 0");
        assertThatThrownBy(() -> load("""
                interrupts: 3
                """ + THREADS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":1: field 'interrupts': expected a list of interrupt sources");
    }

    @Test
    void irqOperandOutOfRange() {
        assertThatThrownBy(() -> load("""
                threads:
                  - name: h
                    space: a
                    code: |
                      ipc.receive irq(0)
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("irq(): n must be 1..63, got 0");
    }
}
