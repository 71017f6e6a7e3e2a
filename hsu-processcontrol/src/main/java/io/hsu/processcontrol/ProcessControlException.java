package io.hsu.processcontrol;

import io.hsu.core.HsuException;

/**
 * What process control throws on purpose. Messages name the worker, what failed, the value and a
 * hint, and never contain environment values.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract sealed class ProcessControlException extends HsuException
        permits SpawnFailedException, AttachFailedException, StopFailedException, ControlRefusedException {
    private static final long serialVersionUID = 1L;

    ProcessControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
