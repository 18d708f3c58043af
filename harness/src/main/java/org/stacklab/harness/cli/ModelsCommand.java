package org.stacklab.harness.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab models}: the same as {@code stacklab list models}, kept for existing scripts. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists the kernel-stack models, one line each (= 'list models').",
                "",
                "Kept for existing scripts; the same output as 'stacklab list models'."},
        footer = {"", "Examples:",
                "  stacklab models",
                "  stacklab models --format csv"})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        return list.print(spec, List.of(Catalog.Kind.models));
    }
}
