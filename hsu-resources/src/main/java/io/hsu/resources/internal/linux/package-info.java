/** Linux: the /proc sampler, cgroup v1/v2 handling and the throttles. */
package io.hsu.resources.internal.linux;
