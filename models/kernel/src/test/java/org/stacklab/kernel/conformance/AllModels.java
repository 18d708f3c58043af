package org.stacklab.kernel.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.opentest4j.TestAbortedException;
import org.stacklab.kernel.reference.ReferenceModel;
import org.stacklab.kernel.spi.KernelModelProvider;

/**
 * Every kernel-stack model on the classpath, found through {@link ServiceLoader} (each model module
 * lists its {@link KernelModelProvider} in {@code META-INF/services}), sorted by name so runs are
 * deterministic. As a JUnit {@link ArgumentsProvider} it feeds {@link EveryModel} tests one
 * {@link KernelModelProvider} argument per model, displayed by name.
 *
 * <p>System properties (for debugging; pass them on the Maven command line):
 * <ul>
 *   <li>{@code stacklab.models=perthread,stateless}: run only these models;</li>
 *   <li>{@code stacklab.kit.reference=true}: add the test-only {@link ReferenceModel} (the SPI contract
 *       read literally), e.g. to run the kit in {@code models/kernel} where no real model exists, or to
 *       compare the real models against it.</li>
 * </ul>
 *
 * <p>With no model on the classpath (e.g. {@code models/kernel} itself, when {@code -Dtest=...} overrides
 * its surefire excludes) every {@link EveryModel} test is aborted, i.e. reported as skipped. The harness
 * has a test that all three models are found, so a missing service file there does not go unnoticed.
 */
public final class AllModels implements ArgumentsProvider {

    /** The models in name order (filtered and extended as the system properties say). */
    public static List<KernelModelProvider> providers() {
        List<KernelModelProvider> found = new ArrayList<>();
        for (KernelModelProvider p : ServiceLoader.load(KernelModelProvider.class)) {
            found.add(p);
        }
        if (Boolean.getBoolean("stacklab.kit.reference")) {
            found.add(ReferenceModel.provider(ReferenceModel.Variant.CORRECT));
        }
        Set<String> names = new TreeSet<>();
        for (KernelModelProvider p : found) {
            if (!names.add(p.name())) {
                throw new IllegalStateException("two KernelModelProviders are named '" + p.name() + "': " + found);
            }
        }
        String only = System.getProperty("stacklab.models", "").trim();
        if (!only.isEmpty()) {
            Set<String> wanted = Arrays.stream(only.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
            found.removeIf(p -> !wanted.contains(p.name()));
        }
        found.sort(Comparator.comparing(KernelModelProvider::name));
        return List.copyOf(found);
    }

    /** The names of {@link #providers()}. */
    public static List<String> names() {
        return providers().stream().map(KernelModelProvider::name).toList();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        List<KernelModelProvider> all = providers();
        if (all.isEmpty()) {
            throw new TestAbortedException("no KernelModelProvider on the classpath (META-INF/services) "
                    + "or none selected by -Dstacklab.models: nothing to run this conformance test on");
        }
        return all.stream().map(p -> Arguments.of(Named.of(p.name(), p)));
    }
}
