/** The OSHI sampler for platforms other than Linux. */
package io.hsu.resources.internal.oshi;
