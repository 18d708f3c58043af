package org.stacklab.harness.cli;

/** Whether the process talks to a terminal, for the progress display. */
final class Terminal {
    private Terminal() {}

    /**
     * Whether stderr is most likely a terminal: the JVM has a console that is a terminal (stdin and
     * stdout attached; JDK 22+ says so with {@code Console.isTerminal()}), and {@code TERM} is not
     * {@code dumb}. A redirected or piped run, CI and tests get plain lines.
     */
    static boolean stderr() {
        java.io.Console c = System.console();
        if (c == null || "dumb".equals(System.getenv("TERM")) || System.getenv("CI") != null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only when attached to a terminal
        }
    }

    /** Columns of the terminal ({@code COLUMNS}, else 100). */
    static int columns() {
        try {
            int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
            return c >= 40 ? c : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
