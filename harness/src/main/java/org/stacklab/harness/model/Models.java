package org.stacklab.harness.model;

import java.util.ArrayList;
import java.util.List;

import org.stacklab.continuation.ContinuationModelProvider;
import org.stacklab.harness.UserError;
import org.stacklab.kernel.Preemptibility;
import org.stacklab.kernel.spi.KernelModelProvider;
import org.stacklab.perthread.PerThreadModelProvider;
import org.stacklab.stateless.StatelessModelProvider;

/**
 * The kernel-stack models the harness knows, listed by hand (as the Caffeine simulator lists its
 * policies) so the order of results is fixed and a missing model is a compile error rather than an
 * empty service lookup.
 *
 * <p>Invariant: {@link #all()} is in the order perthread, continuation, stateless, and every name is unique.
 */
public final class Models {
    /** The value of {@code --model} that selects every model. */
    public static final String ALL = "all";

    private static final List<KernelModelProvider> PROVIDERS = List.of(
            new PerThreadModelProvider(),
            new ContinuationModelProvider(),
            new StatelessModelProvider());

    private Models() {}

    /** Every model, in the fixed order. */
    public static List<KernelModelProvider> all() {
        return PROVIDERS;
    }

    /** Model names, in the fixed order. */
    public static List<String> names() {
        return PROVIDERS.stream().map(KernelModelProvider::name).toList();
    }

    /**
     * The model called {@code name}.
     *
     * @throws UserError naming the valid models if there is none
     */
    public static KernelModelProvider byName(String name) {
        for (KernelModelProvider p : PROVIDERS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new UserError("unknown model '" + name + "'; valid models: " + String.join(", ", names()) + " (or " + ALL + ")");
    }

    /** Whether a list of {@code --model} values names {@code all} (alone or among names). */
    public static boolean selectsAll(List<String> namesOrAll) {
        if (namesOrAll == null) {
            return false;
        }
        for (String n : namesOrAll) {
            for (String part : n.split(",")) {
                if (part.strip().equals(ALL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why {@code model} cannot run with preemptibility {@code p}, as the one-line user message: what is
     * missing, the model's reason, and the configurations it has; {@code null} if it supports {@code p}.
     */
    public static String unsupported(KernelModelProvider model, Preemptibility p) {
        if (model.supports(p)) {
            return null;
        }
        List<String> has = new ArrayList<>();
        for (Preemptibility q : Preemptibility.values()) {
            if (model.supports(q)) {
                has.add("--preempt " + q.cliName());
            }
        }
        return "model '" + model.name() + "' has no " + configuration(p) + " (--preempt " + p.cliName() + "): "
                + model.whyUnsupported(p) + "; use " + String.join(" or ", has.reversed());
    }

    /** "non-preemptible configuration", "configuration with preemption points", "fully preemptible configuration". */
    public static String configuration(Preemptibility p) {
        return switch (p) {
            case NP -> "non-preemptible configuration";
            case PP -> "configuration with preemption points";
            case FP -> "fully preemptible configuration";
        };
    }

    /**
     * Checks that {@code model} supports {@code p}.
     *
     * @throws UserError with {@link #unsupported}'s message if it does not
     */
    public static void requireSupport(KernelModelProvider model, Preemptibility p) {
        String why = unsupported(model, p);
        if (why != null) {
            throw new UserError(why);
        }
    }

    /**
     * The models a list of {@code --model} values selects: names, or {@code all}; duplicates are
     * dropped and the fixed order is kept.
     *
     * @throws UserError if a name is unknown or nothing is selected
     */
    public static List<KernelModelProvider> select(List<String> namesOrAll) {
        if (namesOrAll == null || namesOrAll.isEmpty()) {
            throw new UserError("no model given; valid models: " + String.join(", ", names()) + " (or " + ALL + ")");
        }
        List<KernelModelProvider> chosen = new ArrayList<>();
        for (String n : namesOrAll) {
            for (String part : n.split(",")) {
                String name = part.strip();
                if (name.equals(ALL)) {
                    return PROVIDERS;
                }
                KernelModelProvider p = byName(name);
                if (!chosen.contains(p)) {
                    chosen.add(p);
                }
            }
        }
        List<KernelModelProvider> ordered = new ArrayList<>(PROVIDERS);
        ordered.retainAll(chosen);
        return List.copyOf(ordered);
    }
}
