package io.hsu.logs.internal;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogStream;
import java.nio.ByteBuffer;

/** Receivers that drop every byte (the collector still counts them per attachment). */
public final class DiscardingReceivers implements ReceiverFactory {
    @Override
    public StreamReceiver open(WorkerId worker, LogStream stream, Runnable resume) {
        return new StreamReceiver() {
            @Override
            public void onData(ByteBuffer data, long pid) {
                data.position(data.limit());
            }

            @Override
            public boolean paused() {
                return false;
            }

            @Override
            public void onClose(long pid) {
            }
        };
    }
}
