package org.stacklab.machine.config;

import java.nio.file.Path;

/**
 * A configuration or workload file that cannot be used, with the place of the problem.
 *
 * <p>Invariant: {@link #getMessage()} is one line a user can act on: {@code FILE:LINE: field 'F': WHAT}.
 * The CLI prints it and exits with status 2 (DESIGN.md rule 5).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param file    the file (as the user named it, or a classpath name)
     * @param line    1-based line, or 0 when unknown
     * @param field   the field (dotted path) at fault, or {@code null}
     * @param problem what is wrong and, where possible, what is expected
     */
    public ConfigException(String file, int line, String field, String problem) {
        super(format(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public ConfigException(Path file, int line, String field, String problem) {
        this(file.toString(), line, field, problem);
    }

    private static String format(String file, int line, String field, String problem) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (field != null && !field.isEmpty()) {
            b.append("field '").append(field).append("': ");
        }
        return b.append(problem).toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
