/**
 * Observation hooks for traces: {@link org.stacklab.kernel.trace.KernelTracer}, called from the shared
 * kernel code so that every model is traced the same way. Off by default (a field check per hook).
 */
package org.stacklab.kernel.trace;
