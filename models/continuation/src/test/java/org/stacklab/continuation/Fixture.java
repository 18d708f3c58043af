package org.stacklab.continuation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.stacklab.kernel.Kernel;
import org.stacklab.kernel.KernelOptions;
import org.stacklab.kernel.check.KernelInvariants;
import org.stacklab.kernel.id.ThreadId;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.kernel.spi.KernelModel;
import org.stacklab.kernel.spi.RunOutcome;
import org.stacklab.kernel.tcb.Tcb;
import org.stacklab.kernel.user.Observation;
import org.stacklab.kernel.user.Program;
import org.stacklab.machine.Machine;
import org.stacklab.machine.profile.MachineProfile;
import org.stacklab.machine.profile.MachineProfiles;

/**
 * Builds small kernels for the tests: a workload is a list of threads (name, space, priority,
 * program), run on a fresh machine with a fresh model.
 */
final class Fixture {
    /** One thread of a workload. */
    record Thread(String name, String space, int priority, Program program) {
    }

    /** What a run left behind. */
    record Result(Kernel kernel, RunOutcome outcome) {
        Tcb thread(String name) {
            return kernel.threads().stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no thread " + name));
        }

        List<Observation> log(String name) {
            return thread(name).user().log();
        }

        /** Every thread's log, in creation order. */
        Map<String, List<Observation>> logs() {
            Map<String, List<Observation>> m = new LinkedHashMap<>();
            for (Tcb t : kernel.threads()) {
                m.put(t.name(), t.user().log());
            }
            return m;
        }

        /** Every thread's final PC and registers, in creation order. */
        List<String> userStates() {
            List<String> out = new ArrayList<>();
            for (Tcb t : kernel.threads()) {
                out.add(t.name() + " pc=" + t.user().pc() + " regs=" + java.util.Arrays.toString(t.user().registers()));
            }
            return out;
        }

        long cycles() {
            return kernel.machine().clock().now();
        }
    }

    static final String MACHINE = "ppro200";

    private final List<Thread> threads = new ArrayList<>();

    /** Adds a thread; its global id is {@link Kernel#globalIdOf} of its index. */
    Fixture thread(String name, String space, int priority, Program program) {
        threads.add(new Thread(name, space, priority, program));
        return this;
    }

    /** The global id the {@code index}-th thread (0-based) will get. */
    static ThreadId id(int index) {
        return Kernel.globalIdOf(index);
    }

    static MachineProfile profile() {
        return MachineProfiles.load(MACHINE);
    }

    Result run(KernelModel model) {
        return run(model, KernelOptions.DEFAULT);
    }

    Result run(KernelModel model, KernelOptions options) {
        Kernel k = new Kernel(new Machine(profile()), model, options);
        for (Thread t : threads) {
            k.createThread(t.name(), t.space(), t.priority(), t.program());
        }
        RunOutcome outcome = k.run();
        KernelInvariants.check(k);
        return new Result(k, outcome);
    }

    Result continuation() {
        return run(new ContinuationModel());
    }

    Result keepingStacks() {
        return run(new ContinuationModel(ContinuationModel.ReceiveBlock.KEEP_STACK));
    }

    Result reference() {
        return run(new ReferenceModel(ReferenceModel.Variant.CORRECT, "reference"));
    }

    /** Models to compare against the reference reading of the contract. */
    static List<Supplier<KernelModel>> models() {
        return List.of(ContinuationModel::new, () -> new ContinuationModel(ContinuationModel.ReceiveBlock.KEEP_STACK));
    }
}
