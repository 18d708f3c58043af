package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.stacklab.machine.config.ConfigException;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab workloads}. */
@Command(name = "workloads", mixinStandardHelpOptions = true,
        description = "Lists the shipped workloads with their parameters and defaults, one line each.")
final class WorkloadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        int w = Workloads.names().stream().mapToInt(String::length).max().orElse(0);
        int status = 0;
        for (String name : Workloads.names()) {
            try {
                Workload wl = Workloads.load(name, Map.of());
                StringBuilder params = new StringBuilder();
                new TreeMap<>(wl.parameters()).forEach((k, v) -> params.append(params.isEmpty() ? " [" : ", ").append(k).append('=').append(v));
                if (!params.isEmpty()) {
                    params.append(']');
                }
                o.println(Listing.line(w, name, wl.description() + params));
            } catch (ConfigException e) {
                o.println(Listing.line(w, name, "(cannot load: " + e.getMessage() + ")"));
                status = Main.USER_ERROR;
            }
        }
        o.flush();
        return status;
    }
}
