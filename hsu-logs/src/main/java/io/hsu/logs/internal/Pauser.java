package io.hsu.logs.internal;

/** A reader that a full {@code block} output pauses; {@link #resume()} may come from any thread. */
interface Pauser {
    /** Called under the output queue's lock: must only count. */
    void pause();

    void resume();
}
