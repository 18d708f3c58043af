/**
 * User workloads for the kernel-stack models: {@link org.stacklab.workloads.Workloads} loads a
 * workload (shipped or by path) into a {@link org.stacklab.workloads.Workload} of
 * {@link org.stacklab.workloads.ThreadSpec}s, which {@link org.stacklab.workloads.Workload#install}
 * creates on a kernel. Sub-packages: {@code asm} (program text format), {@code spec} (workload YAML).
 */
package org.stacklab.workloads;
