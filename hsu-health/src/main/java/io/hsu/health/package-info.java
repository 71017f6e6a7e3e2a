/**
 * Health probes for supervised processes, with Kubernetes semantics. A {@link io.hsu.health.HealthChecker}
 * runs a worker's startup, readiness and liveness probes (each a {@link io.hsu.health.ProbeConfig}
 * around one {@link io.hsu.health.CheckConfig}: http, grpc, tcp, exec, process, file or composite)
 * on a shared {@link io.hsu.core.Scheduler}, keeps an immutable {@link io.hsu.health.HealthSnapshot}
 * and publishes {@link io.hsu.health.HealthEvent}s only when something changes.
 * {@link io.hsu.health.HealthConfigReader} reads the YAML {@code health_check} and {@code probes} sections.
 */
package io.hsu.health;
