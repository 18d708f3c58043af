package org.stacklab.workloads.asm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads a program can name with {@code @name}, and the thread that runs it ({@code @self}).
 *
 * <p>Invariant: names are unique; {@code self} (if not {@code null}) is one of {@code threads}.
 * A replicated thread {@code client} with count N appears as {@code client0..client{N-1}}; its base
 * name is kept in {@link #groups()} only to explain a bare {@code @client}.
 */
public final class Symbols {
    private final Map<String, ThreadSymbol> threads;
    private final Map<String, Integer> groups;
    private final ThreadSymbol self;

    /**
     * @param threads every thread of the workload, in creation order
     * @param groups  base name to count of each replicated thread
     * @param self    the thread that runs the program, or {@code null} (then {@code @self} is an error)
     */
    public Symbols(List<ThreadSymbol> threads, Map<String, Integer> groups, ThreadSymbol self) {
        this(index(threads), Map.copyOf(groups), self);
    }

    private Symbols(Map<String, ThreadSymbol> threads, Map<String, Integer> groups, ThreadSymbol self) {
        if (self != null && !self.equals(threads.get(self.name()))) {
            throw new IllegalArgumentException("self is not one of the threads: " + self);
        }
        this.threads = threads;
        this.groups = groups;
        this.self = self;
    }

    private static Map<String, ThreadSymbol> index(List<ThreadSymbol> threads) {
        Map<String, ThreadSymbol> byName = new LinkedHashMap<>();
        for (ThreadSymbol t : threads) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("thread name used twice: " + t.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /** No threads at all: thread references are errors. */
    public static Symbols none() {
        return new Symbols(List.of(), Map.of(), null);
    }

    /** The same threads, run by {@code newSelf} (shares the tables: cheap for many replicas). */
    public Symbols withSelf(ThreadSymbol newSelf) {
        return new Symbols(threads, groups, newSelf);
    }

    /** The thread called {@code name}, or {@code null}. */
    public ThreadSymbol thread(String name) {
        return threads.get(name);
    }

    /** Threads by name, in creation order. */
    public Map<String, ThreadSymbol> threads() {
        return threads;
    }

    /** Replicated threads: base name to count. */
    public Map<String, Integer> groups() {
        return groups;
    }

    /** The running thread, or {@code null}. */
    public ThreadSymbol self() {
        return self;
    }
}
