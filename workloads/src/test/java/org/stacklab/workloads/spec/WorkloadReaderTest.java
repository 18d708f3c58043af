package org.stacklab.workloads.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.user.Insn;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/** The workload file format: what a file resolves to, and how each kind of mistake is reported. */
class WorkloadReaderTest {
    @TempDir
    Path dir;
    Path yaml;
    String file;

    @BeforeEach
    void setUp() {
        yaml = dir.resolve("w.yaml");
        file = yaml.toString();
    }

    Workload load(String text) {
        return load(text, Map.of());
    }

    Workload load(String text, Map<String, String> overrides) {
        write("w.yaml", text);
        return Workloads.load(file, overrides);
    }

    void write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long id(int index) {
        return Kernel.globalIdOf(index).raw();
    }

    @Nested
    class WhatAFileMeans {
        @Test
        void theSmallestWorkload() {
            Workload w = load("""
                    threads:
                      - name: only
                        space: a
                        code: |
                          halt
                    """);
            assertThat(w.name()).isEqualTo("w");
            assertThat(w.description()).isEmpty();
            assertThat(w.parameters()).isEmpty();
            assertThat(w.threads()).hasSize(1);
            ThreadSpec t = w.threads().get(0);
            assertThat(t.name()).isEqualTo("only");
            assertThat(t.space()).isEqualTo("a");
            assertThat(t.priority()).isEqualTo(100);
            assertThat(t.program().code()).containsExactly(new Insn.Halt());
            assertThat(t.program().name()).isEqualTo("only");
        }

        @Test
        void programFilesAreRelativeToTheWorkloadFile() {
            write("progs/p.s", "compute 3\nhalt\n");
            Workload w = load("""
                    name: named
                    description: "a test"
                    threads:
                      - {name: t, space: a, priority: 7, program: progs/p.s}
                    """);
            assertThat(w.name()).isEqualTo("named");
            assertThat(w.description()).isEqualTo("a test");
            assertThat(w.threads().get(0).priority()).isEqualTo(7);
            assertThat(w.threads().get(0).program().code()).containsExactly(new Insn.Compute(3), new Insn.Halt());
        }

        @Test
        void parametersHaveDefaultsOverridesAndAreSubstitutedEverywhere() {
            String text = """
                    parameters:
                      n: 5
                      prio: {default: 10, min: 1, max: 200}
                      copies: 2
                    threads:
                      - name: t
                        space: a
                        priority: ${prio}
                        count: ${copies}
                        code: |
                          compute ${n}
                          halt
                    """;
            Workload defaults = load(text);
            assertThat(defaults.parameters()).containsExactly(Map.entry("copies", "2"), Map.entry("n", "5"), Map.entry("prio", "10"));
            assertThat(defaults.threads()).hasSize(2);
            assertThat(defaults.threads().get(0).priority()).isEqualTo(10);
            assertThat(defaults.threads().get(0).program().at(0)).isEqualTo(new Insn.Compute(5));

            Workload changed = load(text, Map.of("n", "0x10", "prio", "200", "copies", "3"));
            assertThat(changed.parameters()).containsExactly(Map.entry("copies", "3"), Map.entry("n", "16"), Map.entry("prio", "200"));
            assertThat(changed.threads()).hasSize(3);
            assertThat(changed.threads().get(2).priority()).isEqualTo(200);
            assertThat(changed.threads().get(2).program().at(0)).isEqualTo(new Insn.Compute(16));
        }

        @Test
        void countReplicatesAThreadAsName0ToNameNMinus1() {
            Workload w = load("""
                    threads:
                      - name: server
                        space: s
                        code: |
                          halt
                      - name: client
                        space: c
                        count: 3
                        code: |
                          mov r1, @self
                          mov r2, @client1
                          mov r3, @client0.local
                          mov r4, @server
                          halt
                    """);
            assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("server", "client0", "client1", "client2");
            assertThat(w.threads()).extracting(ThreadSpec::space).containsExactly("s", "c", "c", "c");
            ThreadSpec c2 = w.threads().get(3);
            assertThat(c2.program().code()).startsWith(
                    new Insn.Mov(1, id(3)),
                    new Insn.Mov(2, id(2)),
                    new Insn.Mov(3, Kernel.localIdOf(0).raw()),
                    new Insn.Mov(4, id(0)));
            assertThat(w.threads().get(1).program().at(0)).isEqualTo(new Insn.Mov(1, id(1)));
        }

        @Test
        void localIdsCountSlotsPerSpaceInCreationOrder() {
            Workload w = load("""
                    threads:
                      - {name: a, space: one, code: halt}
                      - {name: b, space: two, code: halt}
                      - name: c
                        space: one
                        code: |
                          mov r1, @a.local
                          mov r2, @self.local
                          halt
                    """);
            assertThat(w.threads().get(2).program().code())
                    .startsWith(new Insn.Mov(1, Kernel.localIdOf(0).raw()), new Insn.Mov(2, Kernel.localIdOf(1).raw()));
        }

        @Test
        void countZeroMakesNoThreads() {
            Workload w = load("""
                    threads:
                      - {name: s, space: a, code: halt}
                      - {name: c, space: b, count: 0, code: halt}
                    """);
            assertThat(w.threads()).extracting(ThreadSpec::name).containsExactly("s");
        }

        @Test
        void aProgramFileSharedByThreadsIsResolvedForEach() {
            write("p.s", "mov r1, @self\nhalt\n");
            Workload w = load("""
                    threads:
                      - {name: a, space: x, program: p.s}
                      - {name: b, space: y, program: p.s}
                    """);
            assertThat(w.threads().get(0).program().at(0)).isEqualTo(new Insn.Mov(1, id(0)));
            assertThat(w.threads().get(1).program().at(0)).isEqualTo(new Insn.Mov(1, id(1)));
        }
    }

    @Nested
    class Mistakes {
        void fails(String text, int line, String field, String says) {
            fails(text, Map.of(), line, field, says);
        }

        void fails(String text, Map<String, String> overrides, int line, String field, String says) {
            String where = file + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : "field '" + field + "': ");
            assertThatThrownBy(() -> load(text, overrides))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(where)
                    .hasMessageContaining(says);
        }

        static final String GOOD_THREAD = """
                threads:
                  - name: t
                    space: a
                    code: |
                      halt
                """;

        @Test
        void unknownTopLevelField() {
            fails("name: x\ndescriptoin: y\n" + GOOD_THREAD, 2, "descriptoin",
                    "unknown field (did you mean 'description'?); expected one of: name, description, parameters, threads");
        }

        @Test
        void unknownThreadField() {
            fails("""
                    threads:
                      - name: t
                        space: a
                        prio: 3
                        code: halt
                    """, 4, "threads[0].prio", "unknown field");
        }

        @Test
        void unknownParameterField() {
            fails("parameters:\n  n: {default: 1, minimum: 0}\n" + GOOD_THREAD, 2, "parameters.n.minimum", "unknown field");
        }

        @Test
        void overrideOfAnUnknownParameterNamesIt() {
            fails("parameters:\n  rounds: 5\n" + GOOD_THREAD, Map.of("roundz", "3"), 0, "parameters.roundz",
                    "unknown parameter (--param roundz=3); this workload's parameters: rounds");
        }

        @Test
        void overrideWhenThereAreNoParameters() {
            fails(GOOD_THREAD, Map.of("x", "1"), 0, "parameters.x", "this workload has no parameters");
        }

        @Test
        void overrideThatIsNotAnInteger() {
            fails("parameters:\n  rounds: 5\n" + GOOD_THREAD, Map.of("rounds", "many"), 0, "parameters.rounds",
                    "'many' is not an integer (--param rounds=many)");
            fails("parameters:\n  rounds: 5\n" + GOOD_THREAD, Map.of("rounds", "1.5"), 0, "parameters.rounds", "not an integer");
        }

        @Test
        void overrideOutsideTheDeclaredRange() {
            fails("parameters:\n  rounds: {default: 5, min: 1}\n" + GOOD_THREAD, Map.of("rounds", "0"), 2, "parameters.rounds",
                    "0 is below the minimum 1 (--param rounds=0)");
            fails("parameters:\n  rounds: {default: 5, max: 9}\n" + GOOD_THREAD, Map.of("rounds", "10"), 2, "parameters.rounds",
                    "10 is above the maximum 9");
        }

        @Test
        void parameterDefaultsAreIntegers() {
            fails("parameters:\n  n: lots\n" + GOOD_THREAD, 2, "parameters.n", "expected an integer, got 'lots'");
            fails("parameters:\n  n: {min: 1}\n" + GOOD_THREAD, 2, "parameters.n.default", "missing (required)");
            fails("parameters:\n  n: {default: 0, min: 1}\n" + GOOD_THREAD, 2, "parameters.n.default", "the default 0 is below the minimum 1");
            fails("parameters:\n  2n: 1\n" + GOOD_THREAD, 2, "parameters.2n", "a parameter name has letters");
        }

        @Test
        void aQuotedNumberIsTextNotAnInteger() {
            fails("parameters:\n  n: \"5\"\n" + GOOD_THREAD, 2, "parameters.n", "expected an integer, got '5'");
            fails("parameters:\n  n: {default: '5'}\n" + GOOD_THREAD, 2, "parameters.n.default", "expected an integer, got '5'");
        }

        @Test
        void valuesAreShownAsWritten() {
            fails("parameters: 5\n" + GOOD_THREAD, 1, "parameters", "expected a mapping of parameter name to default value, got '5'");
            fails("threads:\n  - {name: ~, space: a, code: halt}\n", 2, "threads[0].name", "expected text, got nothing (null)");
            fails("threads:\n  - {name: t, space: a, priority: .inf, code: halt}\n", 2, "threads[0].priority",
                    "expected an integer or ${param}, got '.inf'");
            fails("threads:\n  - 5\n", 2, "threads[0]", "expected a mapping with fields name, space, priority, program, code, count, exception_handler, got '5'");
        }

        @Test
        void undefinedParameterInANumericField() {
            fails("""
                    threads:
                      - name: t
                        space: a
                        count: ${n}
                        code: halt
                    """, 4, "threads[0].count", "undefined parameter '${n}' (the workload defines no parameters)");
        }

        @Test
        void threadsAreRequired() {
            fails("name: x\n", 1, "threads", "missing (required)");
            fails("threads: []\n", 1, "threads", "expected a non-empty list of threads, got an empty list");
        }

        @Test
        void nameAndSpaceAreRequired() {
            fails("threads:\n  - space: a\n    code: halt\n", 2, "threads[0].name", "missing (required)");
            fails("threads:\n  - name: t\n    code: halt\n", 2, "threads[0].space", "missing (required)");
        }

        @Test
        void badThreadNames() {
            fails("threads:\n  - {name: 9lives, space: a, code: halt}\n", 2, "threads[0].name", "a thread name has letters");
            fails("threads:\n  - {name: self, space: a, code: halt}\n", 2, "threads[0].name", "'self' is reserved");
        }

        @Test
        void priorityOutOfRange() {
            fails("""
                    threads:
                      - name: t
                        space: a
                        priority: 256
                        code: halt
                    """, 4, "threads[0].priority", "must be 0..255, got 256");
        }

        @Test
        void priorityNotANumber() {
            fails("threads:\n  - {name: t, space: a, priority: high, code: halt}\n", 2, "threads[0].priority",
                    "expected an integer or ${param}, got 'high'");
        }

        @Test
        void negativeCount() {
            fails("threads:\n  - {name: t, space: a, count: -1, code: halt}\n", 2, "threads[0].count", "must be >= 0, got -1");
        }

        @Test
        void tooManyThreads() {
            fails("threads:\n  - {name: t, space: a, count: 300000, code: halt}\n", 2, "threads[0].count", "too many threads");
        }

        @Test
        void programAndCodeTogether() {
            fails("threads:\n  - name: t\n    space: a\n    program: p.s\n    code: halt\n", 5, "threads[0].code", "not both");
        }

        @Test
        void neitherProgramNorCode() {
            fails("threads:\n  - name: t\n    space: a\n", 2, "threads[0].program", "missing (required)");
        }

        @Test
        void missingProgramFileIsReportedAtTheProgramField() {
            fails("threads:\n  - name: t\n    space: a\n    program: gone.s\n", 4, "threads[0].program",
                    "no such program file 'gone.s' (looked for " + dir.resolve("gone.s") + ")");
        }

        @Test
        void anErrorInAProgramFileNamesThatFileAndLine() {
            write("p.s", "# header\nhalt\nmov r20, 1\n");
            assertThatThrownBy(() -> load("threads:\n  - {name: t, space: a, program: p.s}\n"))
                    .hasMessageStartingWith(dir.resolve("p.s") + ":3: field 'operand 1': register 'r20' out of range");
        }

        @Test
        void anErrorInInlineCodeNamesTheWorkloadFileAndTheLineInIt() {
            fails("""
                    threads:
                      - name: t
                        space: a
                        code: |
                          compute 1
                          ipc.call @ghost
                          halt
                    """, 6, "operand 1", "undefined thread '@ghost' (threads: t)");
        }

        @Test
        void singleLineInlineCodeIsOnTheKeysLine() {
            fails("threads:\n  - name: t\n    space: a\n    code: bogus\n", 4, "mnemonic", "unknown instruction 'bogus'");
        }

        @Test
        void multiLineInlineCodeMustBeALiteralBlock() {
            fails("threads:\n  - name: t\n    space: a\n    code: \"halt\\nhalt\"\n", 4, "threads[0].code", "literal block");
        }

        @Test
        void multiLineInlineCodeMustNotBeFolded() {
            fails("threads:\n  - name: t\n    space: a\n    code: >\n      halt\n\n      halt\n", 4, "threads[0].code", "literal block");
        }

        @Test
        void duplicateThreadNames() {
            fails("""
                    threads:
                      - {name: t, space: a, code: halt}
                      - {name: t, space: b, code: halt}
                    """, 3, "threads[1].name", "thread name 't' is already used by threads[0] (line 2)");
        }

        @Test
        void aReplicaMayNotReuseAName() {
            fails("""
                    threads:
                      - {name: c1, space: a, code: halt}
                      - {name: c, space: b, count: 2, code: halt}
                    """, 3, "threads[1].name", "replica 'c1' of 'c' (count 2) is already used by threads[0]");
            fails("""
                    threads:
                      - {name: c, space: b, count: 2, code: halt}
                      - {name: c, space: a, code: halt}
                    """, 3, "threads[1].name", "already used by a replicated thread of that name");
        }

        @Test
        void duplicateYamlKey() {
            fails("threads:\n  - name: t\n    name: u\n    space: a\n    code: halt\n", 3, "name", "duplicate key (first given on line 2)");
        }

        @Test
        void yamlSyntaxError() {
            assertThatThrownBy(() -> load("threads:\n  - name: [t\n    space: a\n"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + ":")
                    .hasMessageContaining("not valid YAML");
        }

        @Test
        void yamlAliasesAreRefused() {
            fails("parameters:\n  n: &one 1\n  m: *one\n" + GOOD_THREAD, 3, null, "YAML aliases (*one) are not supported");
        }

        @Test
        void emptyOrNonMappingDocument() {
            fails("", 1, null, "empty document");
            fails("- a\n- b\n", 1, null, "found a list; expected a mapping with fields name, description, parameters, threads");
        }

        @Test
        void aLocalIdAcrossSpacesInAWorkload() {
            fails("""
                    threads:
                      - {name: a, space: one, code: halt}
                      - name: b
                        space: two
                        code: |
                          ipc.send @a.local
                    """, 6, "operand 1", "a local id is valid only within its own space (use @a)");
        }
    }

    @Test
    void aMissingFileIsReported() {
        assertThatThrownBy(() -> Workloads.load(dir.resolve("none.yaml").toString(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("none.yaml") + ": no such file");
    }
}
