package io.hsu.resources;

import io.hsu.core.event.WorkerEvent;

/**
 * What resource monitoring reports about a worker: a value above its warning threshold, a limit
 * exceeded past the sustained window (with the policy's decision), a return to normal, or OS
 * enforcement that could not be set up. Events fire on change only. Immutable.
 */
public sealed interface ResourceEvent extends WorkerEvent
        permits ResourceWarning, ResourceViolation, ResourceRecovered, EnforcementDegraded {
}
