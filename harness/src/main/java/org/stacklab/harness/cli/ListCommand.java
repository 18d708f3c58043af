package org.stacklab.harness.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacklab list [models|machines|workloads|experiments]}: what can be named on the command line,
 * one line each ({@link Catalog}).
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists models, machines, workloads and experiments, one line each.",
                "",
                "Each entry is one line: NAME, two blanks, a one-line description, and [details] (a workload's parameters "
                        + "with their defaults, a machine's kernel stack size, an experiment's number of points and file). "
                        + "Without KIND, all four sections, each under a heading line 'KIND:' with its entries indented.",
                "",
                "Experiments are the *.yaml files of config/experiments/ under the working directory and under the stacklab "
                        + "folder (when started by ./stacklab), then the shipped ones not found there (read from the jar); an "
                        + "experiment's name is its 'name:', its description the first sentence of its 'description:'. An entry "
                        + "that cannot be loaded is listed with the reason, and the exit status is 2."},
        footer = {"", "Examples:",
                "  stacklab list",
                "  stacklab list experiments",
                "  stacklab list workloads --format csv",
                "  stacklab list models --format json"})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND",
            description = "One section: ${COMPLETION-CANDIDATES}. Default: all four.")
    Catalog.Kind kind;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        return list.print(spec, kind == null ? List.of(Catalog.Kind.values()) : List.of(kind));
    }
}
