package org.stacklab.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.machine.config.ConfigException;

/**
 * The per-thread workload field {@code exception_handler:} (issue 3, deliverable 4): it presets the UTCB
 * ExceptionHandler TCR with the named thread's global id; bad values are {@code FILE:LINE: field} errors.
 */
class ExceptionHandlerFieldTest {
    @TempDir
    Path dir;
    String file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("w.yaml").toString();
    }

    Workload load(String text) {
        try {
            Files.writeString(Path.of(file), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Workloads.load(file, Map.of());
    }

    static final String TEMPLATE = """
            threads:
              - name: faulter
                space: f
                count: 2
                exception_handler: %s
                code: |
                  trap 1
                  halt
              - name: handler
                space: h
                code: |
                  halt
            """;

    @Test
    void presetsTheExceptionHandlerTcrOfEveryReplica() {
        for (String value : new String[] {"handler", "\"@handler\""}) {
            Workload w = load(TEMPLATE.formatted(value));
            assertThat(w.threads().get(0).exceptionHandler()).isEqualTo("handler");
            assertThat(w.threads().get(2).exceptionHandler()).isNull();
            Kernel k = NoOpModel.kernel();
            w.install(k);
            long handler = k.threads().get(2).globalId().raw();
            assertThat(k.threads().stream().map(Tcb::user).map(u -> u.utcb().exceptionHandler()).toList())
                    .as(value).containsExactly(handler, handler, 0L);
        }
    }

    @Test
    void aReplicaOrAThreadDeclaredLaterMayBeTheHandler() {
        Workload w = load("""
                threads:
                  - {name: a, space: x, exception_handler: b1, code: halt}
                  - {name: b, space: y, count: 2, code: halt}
                """);
        Kernel k = NoOpModel.kernel();
        w.install(k);
        assertThat(k.threads().get(0).user().utcb().exceptionHandler()).isEqualTo(Kernel.globalIdOf(2).raw());
    }

    @Test
    void nilOrEmptyMeansNone() {
        for (String value : new String[] {"nil", "", "null"}) {
            Workload w = load(TEMPLATE.formatted(value));
            assertThat(w.threads().get(0).exceptionHandler()).as(value).isNull();
        }
    }

    @Test
    void badValuesNameFileLineAndField() {
        assertThatThrownBy(() -> load(TEMPLATE.formatted("handlr")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":5: field 'threads[0].exception_handler': no thread named 'handlr' (did you mean 'handler'?); "
                        + "expected a thread name or nil; threads: faulter0, faulter1, handler");
        assertThatThrownBy(() -> load(TEMPLATE.formatted("faulter")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":5: field 'threads[0].exception_handler': no thread named 'faulter' "
                        + "('faulter' has replicas: name one, e.g. faulter0)");
        assertThatThrownBy(() -> load(TEMPLATE.formatted("[handler]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":5: field 'threads[0].exception_handler': expected text, got");
    }
}
