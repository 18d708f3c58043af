package org.stacklab.harness.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab machines}: the same as {@code stacklab list machines}, kept for existing scripts. */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = {"Lists the shipped machine profiles (= 'list machines').",
                "",
                "The profiles are config/machines/*.yaml (also inside the jar). Kept for existing scripts; the same output "
                        + "as 'stacklab list machines'."},
        footer = {"", "Examples:",
                "  stacklab machines",
                "  stacklab machines --format json"})
final class MachinesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        return list.print(spec, List.of(Catalog.Kind.machines));
    }
}
