/**
 * The Java mechanism behind the per-thread model's kept kernel stacks: one virtual thread per
 * simulated thread, parked while that thread is blocked inside the kernel, with a strict
 * one-at-a-time baton so the simulation stays single-threaded and deterministic. See
 * {@link org.stacklab.perthread.carrier.Baton}.
 */
package org.stacklab.perthread.carrier;
