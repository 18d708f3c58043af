/**
 * The experiment runner and the command line.
 *
 * <p>Where to look: {@code run} one run of a workload on a model and machine ({@link
 * org.stacklab.harness.run.Runner}); {@code model} the hand-written registry of the three kernel-stack
 * models; {@code metrics} the columns of a result row, as data; {@code cli} the picocli commands.
 */
package org.stacklab.harness;
