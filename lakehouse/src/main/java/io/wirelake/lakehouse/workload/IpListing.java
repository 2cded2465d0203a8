package io.wirelake.lakehouse.workload;

/**
 * The answer about addresses: who held them in the window, a page at a time, and for one address at one
 * instant what it resolves to (as the pipeline would attach it to traffic at that time).
 *
 * @param resolution for one address at one instant, its resolution; else null
 */
public record IpListing(Paged<IpHolding> page, WorkloadRef resolution) {}
