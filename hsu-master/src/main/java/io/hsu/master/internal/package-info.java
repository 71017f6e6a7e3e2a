/**
 * How the master runs workers: the state directory, and the runtime seam
 * ({@link io.hsu.master.internal.WorkerRuntime}) over hsu-processcontrol with hsu-health and
 * hsu-resources attached as extensions. Not API.
 */
package io.hsu.master.internal;
