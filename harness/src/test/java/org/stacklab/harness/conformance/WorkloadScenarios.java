package org.stacklab.harness.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.stacklab.kernel.conformance.Scenario;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.SpaceSpec;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;
import org.stacklab.workloads.Workloads;

/** Conformance scenarios written as workload files (the text format reads better than Java builders for typed items). */
final class WorkloadScenarios {
    private WorkloadScenarios() {
    }

    /** The scenario of the workload {@code yaml} (written to a temporary file and loaded as a user's file would be). */
    static Scenario of(String name, String yaml) {
        return of(name, yaml, Map.of(), "ppro200");
    }

    static Scenario of(String name, String yaml, Map<String, String> params, String machine) {
        try {
            Path dir = Files.createTempDirectory("stacklab-kit");
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9_-]", "_") + ".yaml");
            Files.writeString(file, yaml);
            return of(name, Workloads.load(file.toString(), params), machine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario of a loaded workload on {@code machine}: its threads, paged spaces and interrupt sources. */
    static Scenario of(String name, Workload w, String machine) {
        MachineProfile profile = MachineProfiles.load(machine);
        Scenario s = Scenario.named(name).profile(profile);
        for (ThreadSpec t : w.threads()) {
            s.thread(t.name(), t.space(), t.priority(), t.program());
        }
        for (SpaceSpec sp : w.spaces()) {
            s.pagedSpace(sp.name(), sp.pager(), sp.premapStart(), sp.premapBytes());
        }
        for (InterruptSpec q : w.interrupts()) { // as Workload.install converts them
            s.interrupt(q.irq(), q.handler(), profile.cycles(q.firstMicros()), Math.max(1, profile.cycles(q.periodMicros())), q.count());
        }
        return s;
    }
}
