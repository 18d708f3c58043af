package org.stacklab.harness.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab workloads}: the same as {@code stacklab list workloads}, kept for existing scripts. */
@Command(name = "workloads", mixinStandardHelpOptions = true,
        description = {"Lists the shipped workloads, with parameters (= 'list workloads').",
                "",
                "Each line ends with the workload's parameters and their defaults in brackets. Kept for existing scripts; "
                        + "the same output as 'stacklab list workloads'."},
        footer = {"", "Examples:",
                "  stacklab workloads",
                "  stacklab workloads --format csv"})
final class WorkloadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        return list.print(spec, List.of(Catalog.Kind.workloads));
    }
}
