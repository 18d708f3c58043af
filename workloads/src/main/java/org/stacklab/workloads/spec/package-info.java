/** The workload file format (YAML): {@link org.stacklab.workloads.spec.WorkloadReader}. */
package org.stacklab.workloads.spec;
