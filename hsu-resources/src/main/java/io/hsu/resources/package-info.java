/**
 * Resource usage, limits and their enforcement for HSU workers: {@link io.hsu.resources.UsageSampler}
 * reads usage (/proc on Linux, OSHI elsewhere), {@link io.hsu.resources.ResourceLimits} holds the
 * {@code limits} section (read by {@link io.hsu.resources.ResourceLimitsYaml}),
 * {@link io.hsu.resources.ResourceMonitor} samples a worker and publishes
 * {@link io.hsu.resources.ResourceEvent}s with policy decisions, and
 * {@link io.hsu.resources.Enforcement} prepares rlimits and cgroups for the launch chain.
 */
package io.hsu.resources;
