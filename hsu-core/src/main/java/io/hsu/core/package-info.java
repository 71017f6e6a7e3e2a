/**
 * What every HSU module shares: {@link io.hsu.core.WorkerId}, {@link io.hsu.core.ExitStatus},
 * errors ({@link io.hsu.core.HsuException} with an {@link io.hsu.core.ErrorKind}), Go-style
 * durations and byte sizes, and the {@link io.hsu.core.Scheduler} seam between HSU and time.
 * Sub-packages: {@code event} (publish/subscribe), {@code config} (YAML reading with positions),
 * {@code posix} (signals, process groups, rlimits, epoll through JNA).
 */
package io.hsu.core;
