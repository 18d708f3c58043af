/**
 * JMH benchmarks of the simulator itself (how fast it simulates, not what it measures). Run:
 *
 * <pre>
 * ./stacklab bench            # builds benchmarks/target/benchmarks.jar and runs every benchmark
 * java -jar benchmarks/target/benchmarks.jar IpcThroughput -f 1 -wi 3 -i 5
 * </pre>
 *
 * The figures and the exact commands that produced them are recorded in the README's performance
 * section.
 */
package org.stacklab.benchmarks;
