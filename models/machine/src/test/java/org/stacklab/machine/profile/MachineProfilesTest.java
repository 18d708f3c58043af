package org.stacklab.machine.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.machine.Machine;
import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.memory.KernelMemory;
import org.stacklab.machine.memory.Mode;

class MachineProfilesTest {
    /** The repository's profile folder (surefire runs in the module directory). */
    static final Path SHIPPED = Path.of("../../config/machines");

    @Nested
    @DisplayName("shipped profiles")
    class Shipped {
        @Test
        @DisplayName("names() lists the shipped profiles, sorted")
        void names() {
            assertThat(MachineProfiles.names()).containsExactly("ds3100", "ppro200", "x86-64", "x86-64-int");
        }

        @Test
        @DisplayName("index.txt lists exactly the .yaml files in config/machines")
        void indexMatchesFolder() throws IOException {
            List<String> files;
            try (Stream<Path> s = Files.list(SHIPPED)) {
                files = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml"))
                        .map(n -> n.substring(0, n.length() - ".yaml".length()))
                        .sorted()
                        .toList();
            }
            assertThat(MachineProfiles.names()).isEqualTo(files);
        }

        @ParameterizedTest
        @ValueSource(strings = {"ds3100", "ppro200", "x86-64", "x86-64-int"})
        @DisplayName("every shipped profile loads by name, is named after its file and runs a machine")
        void loads(String name) {
            MachineProfile p = MachineProfiles.load(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(p.description()).isNotBlank();
            assertThat(p.cpus()).isEqualTo(1);
            assertThat(p.tlb()).isNotNull();
            Machine m = new Machine(p);
            m.memory().load(KernelMemory.KERNEL_BASE, Mode.KERNEL);
            assertThat(m.clock().now()).isPositive();
        }

        @ParameterizedTest
        @ValueSource(strings = {"ds3100", "ppro200", "x86-64", "x86-64-int"})
        @DisplayName("loading the repository file by path gives the same profile as loading by name")
        void byPathEqualsByName(String name) {
            assertThat(MachineProfiles.load(SHIPPED.resolve(name + ".yaml").toString())).isEqualTo(MachineProfiles.load(name));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ds3100", "ppro200", "x86-64", "x86-64-int"})
        @DisplayName("every cost figure states its source or reasoning in a comment")
        void costsAreDocumented(String name) throws IOException {
            List<String> lines = Files.readAllLines(SHIPPED.resolve(name + ".yaml"), StandardCharsets.UTF_8);
            int cost = lines.indexOf("cost:");
            assertThat(cost).isPositive();
            List<String> undocumented = new ArrayList<>();
            for (String line : lines.subList(cost + 1, lines.size())) {
                if (!line.startsWith(" ")) {
                    break;
                }
                if (!line.strip().startsWith("#") && !line.contains("#")) {
                    undocumented.add(line);
                }
            }
            assertThat(undocumented).isEmpty();
        }

        @Test
        @DisplayName("ds3100: Draves's DECstation 3100")
        void ds3100() {
            MachineProfile p = MachineProfiles.load("ds3100");
            assertThat(p.clockMhz()).isEqualTo(16.67);
            assertThat(p.wordBytes()).isEqualTo(4);
            assertThat(p.l1i()).isEqualTo(new CacheSpec(65536, 1, 4, "LRU"));
            assertThat(p.l1d()).isEqualTo(new CacheSpec(65536, 1, 4, "LRU"));
            assertThat(p.l1d().sets()).isEqualTo(16384);
            assertThat(p.l2()).isNull();
            assertThat(p.tlb().sets()).as("fully associative").isEqualTo(1);
            assertThat(p.tlb().sizeBytes() / p.tlb().lineBytes()).as("entries").isEqualTo(64);
            assertThat(p.tlb().lineBytes()).isEqualTo(4096);
            assertThat(p.kernelStackBytes()).isEqualTo(4096);
            assertThat(p.calleeSavedRegisters()).isEqualTo(9);
            assertThat(p.userRegisters()).isEqualTo(32);
        }

        @Test
        @DisplayName("ppro200: Fluke's Pentium Pro, with the Pentium int/iret costs")
        void ppro200() {
            MachineProfile p = MachineProfiles.load("ppro200");
            assertThat(p.clockMhz()).isEqualTo(200);
            assertThat(p.l1i()).isEqualTo(new CacheSpec(8192, 4, 32, "LRU"));
            assertThat(p.l1d()).isEqualTo(new CacheSpec(8192, 2, 32, "LRU"));
            assertThat(p.l2()).isEqualTo(new CacheSpec(262144, 4, 32, "LRU"));
            assertThat(p.tlb()).isEqualTo(new CacheSpec(64 * 4096, 4, 4096, "LRU"));
            assertThat(p.cost().kernelEntry()).isEqualTo(48);
            assertThat(p.cost().kernelExit()).isEqualTo(27);
            assertThat(p.calleeSavedRegisters()).isEqualTo(6);
            assertThat(p.userRegisters()).isEqualTo(8);
            assertThat(p.kernelStackBytes()).isEqualTo(4096);
        }

        @Test
        @DisplayName("x86-64: a modern 64-bit core with 16 KB kernel stacks")
        void x8664() {
            MachineProfile p = MachineProfiles.load("x86-64");
            assertThat(p.wordBytes()).isEqualTo(8);
            assertThat(p.l1d()).isEqualTo(new CacheSpec(32768, 8, 64, "LRU"));
            assertThat(p.l2()).isEqualTo(new CacheSpec(1 << 20, 16, 64, "LRU"));
            assertThat(p.tlb()).isEqualTo(new CacheSpec(64 * 4096, 4, 4096, "LRU"));
            assertThat(p.kernelStackBytes()).isEqualTo(16384);
            assertThat(p.calleeSavedRegisters()).isEqualTo(6);
            assertThat(p.userRegisters()).isEqualTo(16);
        }

        @Test
        @DisplayName("an unknown name is refused with the list of available profiles")
        void unknownName() {
            assertThatThrownBy(() -> MachineProfiles.load("pdp11"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("config/machines/pdp11.yaml: no machine profile named 'pdp11'; "
                            + "available: ds3100, ppro200, x86-64, x86-64-int (or give the path of a .yaml file)");
        }

        @Test
        @DisplayName("a missing file is named in the message")
        void missingFile() {
            assertThatThrownBy(() -> MachineProfiles.load("no/such/machine.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(Path.of("no/such/machine.yaml") + ": no such file");
        }
    }

    /**
     * A valid profile; the tests break one line of it and expect that line and field in the message.
     * Line numbers are 1-based, as an editor shows them.
     */
    static final String VALID = """
            name: tiny
            description: "a test machine"
            clockMhz: 100
            wordBytes: 4
            cpus: 1
            l1i:
              sizeBytes: 1024
              ways: 2
              lineBytes: 32
            l1d:
              sizeBytes: 1024
              ways: 2
              lineBytes: 32
            tlb:
              sizeBytes: 65536
              ways: 16
              lineBytes: 4096
            cost:
              instruction: 1
              l1Hit: 2
              l2Hit: 10
              memory: 100
              tlbMiss: 30
              entry: {mechanism: trap, trap: {enter: 50, exit: 40}}
              # no fast entry: fast is absent
            kernelStackBytes: 4096
            tcbAlignment: 64
            calleeSavedRegisters: 6
            userRegisters: 8
            """;

    @Nested
    @DisplayName("files")
    class Files_ {
        @TempDir
        Path dir;

        /** Writes VALID with line {@code n} replaced ({@code null}: deleted) and returns the path. */
        private Path write(Map<Integer, String> edits) throws IOException {
            List<String> lines = new ArrayList<>(VALID.lines().toList());
            new TreeMap<>(edits).descendingMap().forEach((n, text) -> {
                if (text == null) {
                    lines.remove(n - 1);
                } else {
                    lines.set(n - 1, text);
                }
            });
            Path file = dir.resolve("machine.yaml");
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        }

        private Path write(int line, String text) throws IOException {
            Map<Integer, String> edits = new TreeMap<>();
            edits.put(line, text);
            return write(edits);
        }

        private ConfigException failure(Path file) {
            ThrowingCallable load = () -> MachineProfiles.load(file.toString());
            assertThatThrownBy(load).isInstanceOf(ConfigException.class);
            try {
                MachineProfiles.load(file.toString());
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as("one line").doesNotContain("\n");
                assertThat(e.file()).isEqualTo(file.toString());
                return e;
            }
            throw new AssertionError("unreachable");
        }

        @Test
        @DisplayName("the valid file loads; an absent l2 means no L2 and policy defaults to LRU")
        void valid() throws IOException {
            MachineProfile p = MachineProfiles.load(write(Map.of()).toString());
            assertThat(p.name()).isEqualTo("tiny");
            assertThat(p.l2()).isNull();
            assertThat(p.l1d().policy()).isEqualTo("LRU");
            assertThat(p.cost()).isEqualTo(new CostModel(1, 2, 10, 100, 30, 50, 40));
        }

        @Test
        @DisplayName("fpuStateBytes: absent means the default, a value is kept, a negative one names its line and field")
        void fpuStateBytes() throws IOException {
            assertThat(MachineProfiles.load(write(Map.of()).toString()).fpuStateBytes())
                    .isEqualTo(MachineProfile.DEFAULT_FPU_STATE_BYTES);
            assertThat(MachineProfiles.load(write(29, "userRegisters: 8\nfpuStateBytes: 108").toString()).fpuStateBytes())
                    .isEqualTo(108);
            assertThat(failure(write(29, "userRegisters: 8\nfpuStateBytes: -4")).getMessage())
                    .endsWith(":30: field 'fpuStateBytes': must be positive (or absent for the default 64), got -4");
        }

        @Test
        @DisplayName("shipped profiles give the FPU save area of their machine; the old constructors default it")
        void shippedFpuStateBytes() {
            assertThat(MachineProfiles.load("ppro200").fpuStateBytes()).as("x87 FSAVE").isEqualTo(108);
            assertThat(MachineProfiles.load("x86-64").fpuStateBytes()).as("FXSAVE").isEqualTo(512);
            assertThat(MachineProfiles.load("x86-64-int").fpuStateBytes()).isEqualTo(512);
            assertThat(MachineProfiles.load("ds3100").fpuStateBytes()).as("R2010: 32 FP registers + FCR31").isEqualTo(132);
            MachineProfile p = MachineProfiles.load("ppro200");
            MachineProfile old = new MachineProfile(p.name(), p.description(), p.clockMhz(), p.wordBytes(), p.cpus(), p.l1i(),
                    p.l1d(), p.l2(), p.tlb(), p.cost(), p.kernelStackBytes(), p.tcbAlignment(), p.calleeSavedRegisters(),
                    p.userRegisters());
            assertThat(old.fpuStateBytes()).isEqualTo(MachineProfile.DEFAULT_FPU_STATE_BYTES);
            assertThat(p.withEntry(p.cost().entry().mechanism()).fpuStateBytes()).isEqualTo(108);
            assertThat(p.withTcbLookup(TcbLookup.VIRTUAL_ARRAY).fpuStateBytes()).isEqualTo(108);
        }

        @Test
        @DisplayName("a file is recognised as a path even without a .yaml suffix")
        void existingFileWithoutSuffix() throws IOException {
            Path file = dir.resolve("tinyprofile");
            Files.writeString(file, VALID, StandardCharsets.UTF_8);
            assertThat(MachineProfiles.load(file.toString()).name()).isEqualTo("tiny");
        }

        @Test
        @DisplayName("'l2: null' means no L2; an l2 mapping gives one")
        void l2() throws IOException {
            assertThat(MachineProfiles.load(write(29, "userRegisters: 8\nl2: null").toString()).l2()).isNull();
            Path withL2 = write(29, "userRegisters: 8\nl2:\n  sizeBytes: 4096\n  ways: 4\n  lineBytes: 32");
            assertThat(MachineProfiles.load(withL2.toString()).l2()).isEqualTo(new CacheSpec(4096, 4, 32, "LRU"));
        }

        @Test
        @DisplayName("a value the record rejects: file, line and dotted field, then the record's reason")
        void rejectedByRecord() throws IOException {
            Path file = write(12, "  ways: 3");
            assertThat(failure(file)).hasMessage(
                    file + ":12: field 'l1d.ways': must divide the 32 lines into a power-of-two number of sets, got 3");
            ConfigException e = failure(file);
            assertThat(e.line()).isEqualTo(12);
            assertThat(e.field()).isEqualTo("l1d.ways");
        }

        @Test
        @DisplayName("other record checks point at their own line and field")
        void otherRecordChecks() throws IOException {
            assertThat(failure(write(7, "  sizeBytes: 1000")).getMessage())
                    .endsWith(":7: field 'l1i.sizeBytes': must be a power of two, got 1000");
            assertThat(failure(write(22, "  memory: -1")).getMessage())
                    .endsWith(":22: field 'cost.memory': must not be negative (cycles), got -1");
            assertThat(failure(write(4, "wordBytes: 6")).getMessage())
                    .endsWith(":4: field 'wordBytes': must be 4 or 8, got 6");
            assertThat(failure(write(5, "cpus: 2")).getMessage()).contains(":5: field 'cpus': must be 1");
            assertThat(failure(write(26, "kernelStackBytes: 3000")).getMessage())
                    .endsWith(":26: field 'kernelStackBytes': must be a power of two, got 3000");
            assertThat(failure(write(13, "  lineBytes: 32\n  policy: FIFO")).getMessage())
                    .endsWith(":14: field 'l1d.policy': unknown replacement policy 'FIFO' (supported: LRU)");
            assertThat(failure(write(3, "clockMhz: 0")).getMessage())
                    .endsWith(":3: field 'clockMhz': must be a positive number, got 0.0");
        }

        @Test
        @DisplayName("a value of the wrong type names what was expected and what was found")
        void wrongType() throws IOException {
            assertThat(failure(write(3, "clockMhz: fast")).getMessage())
                    .endsWith(":3: field 'clockMhz': expected a number, got 'fast'");
            assertThat(failure(write(4, "wordBytes: 4.5")).getMessage())
                    .endsWith(":4: field 'wordBytes': expected a whole number, got 4.5");
            assertThat(failure(write(20, "  l1Hit: \"2\"")).getMessage())
                    .endsWith(":20: field 'cost.l1Hit': expected a whole number, got '2'");
            assertThat(failure(write(1, "name: 123")).getMessage())
                    .endsWith(":1: field 'name': expected text, got 123");
            assertThat(failure(write(8, "  ways: [2]")).getMessage())
                    .endsWith(":8: field 'l1i.ways': expected a whole number, got a list");
            assertThat(failure(write(Map.of(14, "tlb: 64", 15, "", 16, "", 17, ""))).getMessage())
                    .endsWith(":14: field 'tlb': expected a mapping with fields sizeBytes, ways, lineBytes, policy, got 64");
        }

        @Test
        @DisplayName("a number must be finite: YAML's .inf and .nan, and overflowing decimals, are refused")
        void finiteNumbers() throws IOException {
            assertThat(failure(write(3, "clockMhz: .inf")).getMessage())
                    .endsWith(":3: field 'clockMhz': expected a finite number, got .inf");
            assertThat(failure(write(3, "clockMhz: .nan")).getMessage())
                    .endsWith(":3: field 'clockMhz': expected a finite number, got .nan");
            assertThat(failure(write(3, "clockMhz: 1e400")).getMessage())
                    .endsWith(":3: field 'clockMhz': expected a finite number, got 1e400");
        }

        @Test
        @DisplayName("numbers too large for the field are refused")
        void outOfRange() throws IOException {
            assertThat(failure(write(7, "  sizeBytes: 4294967296")).getMessage())
                    .endsWith(":7: field 'l1i.sizeBytes': must fit in a 32-bit integer, got 4294967296");
            assertThat(failure(write(7, "  sizeBytes: 99999999999999999999999")).getMessage())
                    .contains(":7: field 'l1i.sizeBytes': must fit in a 32-bit integer");
        }

        @Test
        @DisplayName("a missing field points at its mapping's line")
        void missingField() throws IOException {
            assertThat(failure(write(23, null)).getMessage())
                    .endsWith(":18: field 'cost.tlbMiss': missing (required)");
            assertThat(failure(write(29, null)).getMessage())
                    .endsWith(":1: field 'userRegisters': missing (required)");
            assertThat(failure(write(17, "  lineBytes:")).getMessage())
                    .endsWith(":17: field 'tlb.lineBytes': must have a value (it is required)");
        }

        @Test
        @DisplayName("an unknown field is an error (typo protection), with a suggestion")
        void unknownField() throws IOException {
            assertThat(failure(write(12, "  wayz: 2")).getMessage())
                    .endsWith(":12: field 'l1d.wayz': unknown field (did you mean 'ways'?); "
                            + "expected one of: sizeBytes, ways, lineBytes, policy");
            assertThat(failure(write(3, "clockMHz: 100")).getMessage())
                    .contains(":3: field 'clockMHz': unknown field (did you mean 'clockMhz'?)");
            assertThat(failure(write(29, "userRegisters: 8\nfrequency: 3")).getMessage())
                    .contains(":30: field 'frequency': unknown field; expected one of: name, description, clockMhz");
        }

        @Test
        @DisplayName("a key given twice is an error, not a silent overwrite")
        void duplicateKey() throws IOException {
            assertThat(failure(write(13, "  ways: 4")).getMessage())
                    .endsWith(":13: duplicate key 'ways' (first given on line 12)");
        }

        @Test
        @DisplayName("a YAML syntax error gives the file and the line")
        void syntaxError() throws IOException {
            Path unclosed = write(12, "  ways: [2");
            assertThat(failure(unclosed)).hasMessage(unclosed
                    + ":13: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence started on line 12)");
            ConfigException tab = failure(write(9, "\tlineBytes: 32"));
            assertThat(tab.line()).isEqualTo(9);
            assertThat(tab.problem()).contains("TAB");
        }

        @Test
        @DisplayName("YAML aliases are refused rather than misread")
        void aliases() throws IOException {
            Path file = write(Map.of(19, "  instruction: &one 1", 20, "  l1Hit: *one"));
            assertThat(failure(file).getMessage()).endsWith(":20: YAML aliases (*one) are not supported; write the value out");
        }

        @Test
        @DisplayName("an empty file or a document that is not a mapping is refused")
        void notAMapping() throws IOException {
            Path empty = dir.resolve("empty.yaml");
            Files.writeString(empty, "# nothing here\n", StandardCharsets.UTF_8);
            assertThat(failure(empty).getMessage())
                    .startsWith(empty + ":1: empty document; expected a mapping with fields name, description, clockMhz");
            Path list = dir.resolve("list.yaml");
            Files.writeString(list, "\n- a\n- b\n", StandardCharsets.UTF_8);
            assertThat(failure(list).getMessage()).startsWith(list + ":2: found a list; expected a mapping");
        }

        @Test
        @DisplayName("a second YAML document is refused")
        void twoDocuments() throws IOException {
            Path file = write(29, "userRegisters: 8\n---\nname: other");
            assertThat(failure(file).getMessage()).contains("only one YAML document is allowed");
        }
    }

    @Test
    @DisplayName("parse() labels messages with the given name")
    void parseWithLabel() {
        assertThatThrownBy(() -> MachineProfiles.parse("inline", "name: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("inline:1: field 'description': missing (required)");
    }
}
