/**
 * What a remote executor implements: it carries a node's electron call to another process (a
 * worker of a cluster) and brings back the fingerprint of the value the worker stored. The
 * coordinator keeps planning, reuse, single flight, leases and node records; only the call, its
 * fingerprint, its encoding and its value's write happen on the worker. See {@code
 * dev.valence.runtime.ValenceWorker} for the worker side.
 */
package dev.valence.runtime.spi.execution;
