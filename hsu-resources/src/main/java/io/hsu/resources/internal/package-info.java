/** Implementation of hsu-resources; not API. {@code linux} reads /proc and drives cgroups, {@code oshi} is the portable sampler. */
package io.hsu.resources.internal;
