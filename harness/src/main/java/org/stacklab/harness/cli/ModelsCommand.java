package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.stacklab.harness.model.Models;
import org.stacklab.kernel.spi.KernelModelProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab models}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the kernel-stack models, one line each.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        int w = Models.names().stream().mapToInt(String::length).max().orElse(0);
        for (KernelModelProvider p : Models.all()) {
            o.println(Listing.line(w, p.name(), p.description()));
        }
        o.flush();
        return 0;
    }
}
