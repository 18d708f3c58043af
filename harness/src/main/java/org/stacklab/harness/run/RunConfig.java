package org.stacklab.harness.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.kernel.user.Program;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.workloads.InterruptSpec;
import org.stacklab.workloads.ThreadSpec;
import org.stacklab.workloads.Workload;

/**
 * The full resolved configuration of a run as a JSON tree: enough to trace a figure to exactly what
 * produced it and to run it again.
 *
 * <p>Invariant: deterministic: records are written component by component in declaration order,
 * maps sorted by key, threads in creation order, programs in order of first use.
 */
final class RunConfig {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RunConfig() {}

    static ObjectNode of(RunSpec spec, MachineProfile profile, KernelModelProvider provider, Workload workload, KernelOptions options) {
        ObjectNode root = JSON.objectNode();
        ObjectNode run = root.putObject("run");
        run.put("model", provider.name());
        run.put("workload", workload.name());
        run.put("machine", profile.name());
        run.put("preempt", spec.preempt().cliName());
        run.put("seed", spec.seed());
        ObjectNode asked = run.putObject("asked");
        asked.put("machine", spec.machine());
        asked.put("workload", spec.workload());
        ObjectNode overrides = asked.putObject("params");
        spec.params().forEach(overrides::put);

        ObjectNode model = root.putObject("model");
        model.put("name", provider.name());
        model.put("description", provider.description());
        model.put("provider", provider.getClass().getName());

        root.set("machine", record(profile));
        root.set("kernel_options", record(options));

        ObjectNode w = root.putObject("workload");
        w.put("name", workload.name());
        w.put("description", workload.description());
        ObjectNode params = w.putObject("parameters");
        new TreeMap<>(workload.parameters()).forEach(params::put);
        Map<String, Program> programs = new LinkedHashMap<>();
        ArrayNode threads = w.putArray("threads");
        for (ThreadSpec t : workload.threads()) {
            ObjectNode o = threads.addObject();
            o.put("name", t.name());
            o.put("space", t.space());
            o.put("priority", t.priority());
            if (t.exceptionHandler() != null) {
                o.put("exception_handler", t.exceptionHandler());
            }
            o.put("program", programKey(programs, t.program()));
        }
        ArrayNode irqs = w.putArray("interrupts");
        for (InterruptSpec q : workload.interrupts()) {
            ObjectNode o = irqs.addObject();
            o.put("irq", q.irq());
            o.put("handler", q.handler());
            o.put("period_us", q.periodMicros());
            o.put("first_us", q.firstMicros());
            o.put("count", q.count());
            o.put("period_cycles", Math.max(1, profile.cycles(q.periodMicros()))); // as Workload.install converts them
            o.put("first_cycles", profile.cycles(q.firstMicros()));
        }
        ObjectNode code = w.putObject("programs");
        programs.forEach((key, p) -> {
            ArrayNode insns = code.putArray(key);
            for (int pc = 0; pc < p.size(); pc++) {
                insns.add(p.at(pc).toString());
            }
        });
        return root;
    }

    /** The key under which {@code p} is listed: its name, or its name with {@code #n} if another program has that name. */
    private static String programKey(Map<String, Program> programs, Program p) {
        String key = p.name();
        for (int n = 2; programs.containsKey(key); n++) {
            if (programs.get(key).equals(p)) {
                return key;
            }
            key = p.name() + "#" + n;
        }
        programs.put(key, p);
        return key;
    }

    /** A record as a JSON object, component by component; nested records recurse. */
    static ObjectNode record(Record r) {
        ObjectNode o = JSON.objectNode();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
            }
            switch (v) {
                case null -> o.putNull(c.getName());
                case Record nested -> o.set(c.getName(), record(nested));
                case Integer i -> o.put(c.getName(), i);
                case Long l -> o.put(c.getName(), l);
                case Double d -> o.put(c.getName(), d);
                case Boolean b -> o.put(c.getName(), b);
                case List<?> list -> {
                    ArrayNode a = o.putArray(c.getName());
                    list.forEach(x -> a.add(String.valueOf(x)));
                }
                default -> o.put(c.getName(), v.toString());
            }
        }
        return o;
    }
}
