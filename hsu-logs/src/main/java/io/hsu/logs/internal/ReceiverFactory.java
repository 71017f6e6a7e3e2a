package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogStream;

/** Creates the receiver of one attachment; {@code resume} is run (from any thread) when a pause ends. */
public interface ReceiverFactory {
    StreamReceiver open(WorkerId worker, LogStream stream, Runnable resume);
}
