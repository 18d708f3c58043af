package org.stacklab.machine.profile;

/**
 * A profile record rejected the value of one of its components.
 *
 * <p>Invariant: {@link #field()} is a record component name of the record that threw it, so a loader
 * can point at the right line of the file ({@code l1d.ways}), and {@link #problem()} reads on its own
 * after that name ("must divide ..."). It is an {@link IllegalArgumentException}, so code that builds
 * profiles by hand sees what it always saw.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The record component at fault. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the field name. */
    public String problem() {
        return problem;
    }
}
