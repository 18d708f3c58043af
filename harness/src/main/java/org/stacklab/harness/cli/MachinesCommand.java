package org.stacklab.harness.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.stacklab.machine.config.ConfigException;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacklab machines}. */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = "Lists the shipped machine profiles (config/machines/*.yaml), one line each.")
final class MachinesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        int w = MachineProfiles.names().stream().mapToInt(String::length).max().orElse(0);
        int status = 0;
        for (String name : MachineProfiles.names()) {
            try {
                MachineProfile p = MachineProfiles.load(name);
                o.println(Listing.line(w, name, p.description() + String.format(Locale.ROOT, " [%s-byte kernel stacks]", p.kernelStackBytes())));
            } catch (ConfigException e) {
                o.println(Listing.line(w, name, "(cannot load: " + e.getMessage() + ")"));
                status = Main.USER_ERROR;
            }
        }
        o.flush();
        return status;
    }
}
