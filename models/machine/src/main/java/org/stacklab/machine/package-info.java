/**
 * The simulated hardware every kernel model runs on: a cycle clock, set-associative caches and a
 * TLB, kernel memory with real addresses, and the cost model read from a machine profile.
 *
 * <p>Invariant: the machine knows nothing about kernel-stack models. A model can only make the
 * machine do work (fetch code, load, store, spend cycles); what that work costs is decided here, by
 * the profile, identically for every model (DESIGN.md rule 1).
 */
package org.stacklab.machine;
