/**
 * Typed events and listeners: {@link io.hsu.core.event.EventSource} to subscribe,
 * {@link io.hsu.core.event.EventPublisher} to publish, {@link io.hsu.core.event.Subscription} to
 * stop listening. Every module's event family implements {@link io.hsu.core.event.WorkerEvent}.
 */
package io.hsu.core.event;
