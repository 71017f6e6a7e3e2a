package io.hsu.health.internal;

import java.net.SocketTimeoutException;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both {@link TcpConnector}s share around their loop thread: attempts handed over from any
 * thread (the loop woken once per batch), and the deadline queue the loop alone keeps, ending an
 * attempt with "connect timed out" when its deadline passes.
 *
 * @param <A> the connector's attempt
 */
abstract class LoopConnector<A extends BaseAttempt> implements TcpConnector {
    private final Queue<A> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    // Owned by the loop thread.
    private final PriorityQueue<A> deadlines = new PriorityQueue<>(BaseAttempt.BY_DEADLINE);

    /** Wakes the loop thread from its wait. */
    abstract void wakeLoop();

    /** On the loop thread: releases the attempt's socket, if it still has one (a reset close). */
    abstract void close(A attempt);

    /** On the loop thread: whether the attempt still holds a socket the loop must close. */
    abstract boolean holdsSocket(A attempt);

    /** Hands {@code attempt} to the loop thread; from any thread. */
    final void submit(A attempt) {
        submitted.add(attempt);
        if (wakeupRequested.compareAndSet(false, true)) {
            wakeLoop();
        }
    }

    /** On the loop thread, after its wait: the attempts submitted since, oldest first, or null. */
    final A nextSubmitted() {
        return submitted.poll();
    }

    /** On the loop thread, when it wakes: later submits wake it again. */
    final void awake() {
        wakeupRequested.set(false);
    }

    /** On the loop thread: how long it may wait for the nearest deadline; -1 when there is none. */
    final int millisToNextDeadline() {
        while (!deadlines.isEmpty() && deadlines.peek().isDone() && !holdsSocket(deadlines.peek())) {
            deadlines.poll();
        }
        A next = deadlines.peek();
        return next == null ? -1 : BaseAttempt.millisUntil(next.deadlineNanos);
    }

    /** On the loop thread: the attempt's deadline is watched from now on (once). */
    final void watchDeadline(A attempt) {
        if (!attempt.queuedForDeadline) {
            attempt.queuedForDeadline = true;
            deadlines.add(attempt);
        }
    }

    /** On the loop thread: ends every attempt whose deadline has passed. */
    final void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty() && deadlines.peek().deadlineNanos - now <= 0) {
            A a = deadlines.poll();
            close(a);
            a.finish(new SocketTimeoutException("connect timed out"));
        }
    }
}
