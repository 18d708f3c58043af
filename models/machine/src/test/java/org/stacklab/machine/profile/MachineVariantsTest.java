package org.stacklab.machine.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stacklab.machine.config.ConfigException;

/** The machine variants: kernel entry mechanism ({@code cost.entry}) and TCB lookup ({@code tcbLookup}). */
class MachineVariantsTest {

    /** A valid profile with both entry mechanisms; line numbers are referred to by the tests. */
    static final String BOTH = """
            name: both
            description: "a test machine with trap and fast entry"
            clockMhz: 100
            wordBytes: 8
            cpus: 1
            l1i: {sizeBytes: 1024, ways: 2, lineBytes: 32}
            l1d: {sizeBytes: 1024, ways: 2, lineBytes: 32}
            tlb: {sizeBytes: 65536, ways: 16, lineBytes: 4096}
            cost:
              instruction: 1
              l1Hit: 2
              l2Hit: 10
              memory: 100
              tlbMiss: 30
              entry:
                mechanism: fast
                trap:
                  instructions: int/iret
                  enter: 48
                  exit: 27
                fast:
                  instructions: sysenter/sysexit
                  enter: 20
                  exit: 15
            kernelStackBytes: 4096
            tcbAlignment: 64
            calleeSavedRegisters: 6
            userRegisters: 8
            tcbLookup: virtual-array
            """;

    private static String edit(String yaml, int line, String text) {
        List<String> lines = new java.util.ArrayList<>(yaml.lines().toList());
        if (text == null) {
            lines.remove(line - 1);
        } else {
            lines.set(line - 1, text);
        }
        return String.join("\n", lines) + "\n";
    }

    private static ConfigException failure(String yaml) {
        try {
            MachineProfiles.parse("m.yaml", yaml);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as("one line").doesNotContain("\n");
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Nested
    @DisplayName("kernel entry mechanism")
    class Entry {
        @Test
        @DisplayName("both mechanisms load; the selected one gives the entry and exit cycles")
        void loads() {
            MachineProfile p = MachineProfiles.parse("m.yaml", BOTH);
            KernelEntry e = p.cost().entry();
            assertThat(e.mechanism()).isEqualTo(EntryMechanism.FAST);
            assertThat(e.trap()).isEqualTo(new EntryCost("int/iret", 48, 27));
            assertThat(e.fast()).isEqualTo(new EntryCost("sysenter/sysexit", 20, 15));
            assertThat(p.cost().kernelEntry()).isEqualTo(20);
            assertThat(p.cost().kernelExit()).isEqualTo(15);

            MachineProfile trap = MachineProfiles.parse("m.yaml", edit(BOTH, 16, "    mechanism: trap"));
            assertThat(trap.cost().kernelEntry()).isEqualTo(48);
            assertThat(trap.cost().kernelExit()).isEqualTo(27);
            assertThat(trap).isEqualTo(p.withEntry(EntryMechanism.TRAP));
        }

        @Test
        @DisplayName("fast absent or null: the machine has only the trap; 'instructions' is optional")
        void trapOnly() {
            String noFast = edit(edit(edit(edit(edit(BOTH, 16, "    mechanism: trap"), 21, null), 21, null), 21, null), 21, null);
            MachineProfile p = MachineProfiles.parse("m.yaml", noFast);
            assertThat(p.cost().entry().hasFast()).isFalse();
            assertThat(MachineProfiles.parse("m.yaml", edit(BOTH, 16, "    mechanism: trap").replace("    fast:\n", "    fast: null\n")
                    .replace("      instructions: sysenter/sysexit\n      enter: 20\n      exit: 15\n", ""))).isEqualTo(p);
            MachineProfile unlabelled = MachineProfiles.parse("m.yaml", edit(noFast, 18, null));
            assertThat(unlabelled.cost().entry().trap()).isEqualTo(new EntryCost(null, 48, 27));
        }

        @Test
        @DisplayName("selecting fast on a machine without it: file, line and field cost.entry.mechanism")
        void fastWithoutFastCosts() {
            String yaml = BOTH.replace("    fast:\n      instructions: sysenter/sysexit\n      enter: 20\n      exit: 15\n", "    fast: null\n");
            ConfigException e = failure(yaml);
            assertThat(e.file()).isEqualTo("m.yaml");
            assertThat(e.line()).isEqualTo(16);
            assertThat(e.field()).isEqualTo("cost.entry.mechanism");
            assertThat(e.getMessage()).startsWith("m.yaml:16: field 'cost.entry.mechanism': 'fast' is not available on this machine");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ds3100", "ppro200"})
        @DisplayName("the shipped machines without fast entry refuse it with file, line and field")
        void shippedWithoutFast(String name) throws IOException {
            String label = MachineProfiles.RESOURCE_DIR + name + ".yaml";
            String text;
            try (InputStream in = getClass().getResourceAsStream("/" + label)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> lines = text.lines().toList();
            int line = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("    mechanism: trap")) {
                    line = i + 1;
                }
            }
            assertThat(line).as("the mechanism line of " + label).isPositive();
            String fast = text.replaceFirst("    mechanism: trap", "    mechanism: fast");
            ConfigException e = failure(fast);
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.field()).isEqualTo("cost.entry.mechanism");
            assertThat(e.problem()).contains("'fast' is not available");
        }

        @Test
        @DisplayName("bad values and shapes point at their line and field")
        void badValues() {
            assertThat(failure(edit(BOTH, 16, "    mechanism: sysenter")).getMessage())
                    .isEqualTo("m.yaml:16: field 'cost.entry.mechanism': unknown value 'sysenter'; expected one of: trap, fast");
            assertThat(failure(edit(BOTH, 16, "    mechanism: trapp")).getMessage())
                    .isEqualTo("m.yaml:16: field 'cost.entry.mechanism': unknown value 'trapp' (did you mean 'trap'?); expected one of: trap, fast");
            assertThat(failure(edit(BOTH, 16, "    mechanism: 1")).getMessage())
                    .isEqualTo("m.yaml:16: field 'cost.entry.mechanism': expected one of trap, fast, got 1");
            assertThat(failure(edit(BOTH, 16, null)).getMessage())
                    .isEqualTo("m.yaml:15: field 'cost.entry.mechanism': missing (required)");
            assertThat(failure(edit(BOTH, 24, "      exit: -1")).getMessage())
                    .isEqualTo("m.yaml:24: field 'cost.entry.fast.exit': must not be negative (cycles), got -1");
            assertThat(failure(edit(BOTH, 19, "      enter: lots")).getMessage())
                    .isEqualTo("m.yaml:19: field 'cost.entry.trap.enter': expected a whole number, got 'lots'");
            String noEntry = BOTH.substring(0, BOTH.indexOf("  entry:")) + BOTH.substring(BOTH.indexOf("kernelStackBytes"));
            assertThat(failure(noEntry).getMessage()).isEqualTo("m.yaml:9: field 'cost.entry': missing (required)");
            String noTrap = edit(edit(edit(edit(BOTH, 17, null), 17, null), 17, null), 17, null);
            assertThat(failure(noTrap).getMessage()).isEqualTo("m.yaml:15: field 'cost.entry.trap': missing (required)");
            assertThat(failure(noEntry.replace("kernelStackBytes", "  entry: trap\nkernelStackBytes")).getMessage())
                    .startsWith("m.yaml:15: field 'cost.entry': expected a mapping with fields mechanism, trap, fast, got 'trap'");
        }

        @Test
        @DisplayName("the old kernelEntry/kernelExit keys are refused with where they moved")
        void oldKeys() {
            String old = BOTH.replace("  tlbMiss: 30\n", "  tlbMiss: 30\n  kernelEntry: 48\n");
            assertThat(failure(old).getMessage()).isEqualTo("m.yaml:15: field 'cost.kernelEntry': unknown field "
                    + "(kernel entry costs moved to cost.entry (mechanism: trap, trap: {enter, exit})); "
                    + "expected one of: instruction, l1Hit, l2Hit, memory, tlbMiss, entry");
        }

        @Test
        @DisplayName("the hand-built constructors keep their meaning: trap entry, table lookup")
        void compatibilityConstructors() {
            CostModel c = new CostModel(1, 2, 3, 4, 5, 48, 27);
            assertThat(c.entry()).isEqualTo(new KernelEntry(EntryMechanism.TRAP, new EntryCost(null, 48, 27), null));
            assertThat(c.kernelEntry()).isEqualTo(48);
            assertThat(c.kernelExit()).isEqualTo(27);
            CacheSpec cache = new CacheSpec(1024, 2, 32, "LRU");
            MachineProfile p = new MachineProfile("hand", "by hand", 100, 4, 1, cache, cache, null, null, c, 4096, 64, 6, 8);
            assertThat(p.tcbLookup()).isEqualTo(TcbLookup.TABLE);
            assertThat(p.cost().entry().mechanism()).isEqualTo(EntryMechanism.TRAP);
            assertThatThrownBy(() -> p.withEntry(EntryMechanism.FAST))
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("'fast' is not available");
        }
    }

    @Nested
    @DisplayName("TCB lookup")
    class Lookup {
        @Test
        @DisplayName("virtual-array and table load; absent means table")
        void loads() {
            assertThat(MachineProfiles.parse("m.yaml", BOTH).tcbLookup()).isEqualTo(TcbLookup.VIRTUAL_ARRAY);
            assertThat(MachineProfiles.parse("m.yaml", edit(BOTH, 29, "tcbLookup: table")).tcbLookup()).isEqualTo(TcbLookup.TABLE);
            assertThat(MachineProfiles.parse("m.yaml", edit(BOTH, 29, null)).tcbLookup()).isEqualTo(TcbLookup.TABLE);
            assertThat(MachineProfiles.parse("m.yaml", edit(BOTH, 29, "tcbLookup: null")).tcbLookup()).isEqualTo(TcbLookup.TABLE);
        }

        @Test
        @DisplayName("an unknown lookup names its line, the field and the choices")
        void unknown() {
            assertThat(failure(edit(BOTH, 29, "tcbLookup: virtual")).getMessage())
                    .isEqualTo("m.yaml:29: field 'tcbLookup': unknown value 'virtual'; expected one of: table, virtual-array");
            assertThat(failure(edit(BOTH, 29, "tcbLookup: tabel")).getMessage())
                    .isEqualTo("m.yaml:29: field 'tcbLookup': unknown value 'tabel' (did you mean 'table'?); expected one of: table, virtual-array");
        }
    }

    @Nested
    @DisplayName("shipped variants")
    class Shipped {
        @Test
        @DisplayName("x86-64 uses syscall/sysret, x86-64-int int/iret; nothing else differs")
        void x8664Variants() {
            MachineProfile fast = MachineProfiles.load("x86-64");
            MachineProfile trap = MachineProfiles.load("x86-64-int");
            assertThat(fast.cost().entry().mechanism()).isEqualTo(EntryMechanism.FAST);
            assertThat(fast.cost().entry().fast().instructions()).isEqualTo("syscall/sysret");
            assertThat(trap.cost().entry().mechanism()).isEqualTo(EntryMechanism.TRAP);
            assertThat(trap.cost().entry().trap().instructions()).isEqualTo("int/iret");
            assertThat(trap.cost().kernelEntry() + trap.cost().kernelExit())
                    .as("int/iret round trip dearer than syscall/sysret")
                    .isGreaterThan(fast.cost().kernelEntry() + fast.cost().kernelExit());
            MachineProfile t = trap.withEntry(EntryMechanism.FAST);
            MachineProfile renamed = new MachineProfile(fast.name(), fast.description(), t.clockMhz(), t.wordBytes(), t.cpus(), t.l1i(),
                    t.l1d(), t.l2(), t.tlb(), t.cost(), t.kernelStackBytes(), t.tcbAlignment(), t.calleeSavedRegisters(),
                    t.userRegisters(), t.tcbLookup(), t.fpuStateBytes());
            assertThat(renamed).as("x86-64-int is x86-64 with trap entry").isEqualTo(fast);
        }

        @Test
        @DisplayName("ds3100 and ppro200 trap and have no fast entry; ppro200 keeps the Pentium's 48/27")
        void papersMachines() {
            MachineProfile ds = MachineProfiles.load("ds3100");
            assertThat(ds.cost().entry().hasFast()).isFalse();
            assertThat(ds.cost().entry().trap().instructions()).isEqualTo("exception vector/rfe");
            MachineProfile pp = MachineProfiles.load("ppro200");
            assertThat(pp.cost().entry().hasFast()).isFalse();
            assertThat(pp.cost().entry()).isEqualTo(new KernelEntry(EntryMechanism.TRAP, new EntryCost("int/iret", 48, 27), null));
            for (String name : MachineProfiles.names()) {
                assertThat(MachineProfiles.load(name).tcbLookup()).as(name).isEqualTo(TcbLookup.TABLE);
            }
        }

        @TempDir
        Path dir;

        @Test
        @DisplayName("a user file can select the virtual TCB array on a shipped machine")
        void virtualArrayVariant() throws IOException {
            Path src = MachineProfilesTest.SHIPPED.resolve("x86-64.yaml");
            Path file = dir.resolve("x86-64-vtcb.yaml");
            Files.writeString(file, Files.readString(src).replaceFirst("(?m)^tcbLookup: table", "tcbLookup: virtual-array"));
            MachineProfile p = MachineProfiles.load(file.toString());
            assertThat(p).isEqualTo(MachineProfiles.load("x86-64").withTcbLookup(TcbLookup.VIRTUAL_ARRAY));
        }
    }
}
