/**
 * One supervised process: {@link io.hsu.processcontrol.ProcessControl} starts a worker (or adopts
 * or attaches to one), stops its whole process tree, and restarts it under a pure
 * {@link io.hsu.processcontrol.RestartPolicy} with {@link io.hsu.processcontrol.Backoff} and a
 * circuit breaker. Configs are immutable ({@link io.hsu.processcontrol.ProcessConfig},
 * {@link io.hsu.processcontrol.AttachConfig}); {@link io.hsu.processcontrol.ProcessConfigReader}
 * reads them from YAML. Health and resources attach through {@link io.hsu.processcontrol.WorkerExtension}.
 */
package io.hsu.processcontrol;
