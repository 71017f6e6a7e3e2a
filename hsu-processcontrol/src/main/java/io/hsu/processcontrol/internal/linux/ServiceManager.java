package io.hsu.processcontrol.internal.linux;

import io.hsu.processcontrol.AttachFailedException;

/**
 * Asks a service manager for a unit's main process, for {@code service-name} discovery. The one
 * implementation is {@link Systemctl}; tests pass their own.
 */
interface ServiceManager {
    /**
     * The unit's main pid, or 0 when the unit has no running main process.
     *
     * @throws AttachFailedException if the service manager cannot be asked (kind PLATFORM) or
     *     answers with something that is not a pid
     */
    int mainPid(String unit);
}
