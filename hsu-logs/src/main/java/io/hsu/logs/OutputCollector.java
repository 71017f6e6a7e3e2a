package io.hsu.logs;

import io.hsu.core.WorkerId;
import io.hsu.logs.internal.DiscardingReceivers;
import io.hsu.logs.internal.EpollOutputCollector;
import java.nio.file.Path;

/**
 * Drains workers' output pipes continuously from one loop (epoll; no thread per pipe). Bytes go to
 * the worker's pipeline ({@link LogPipeline}) or, for {@link #discarding()}, are counted and dropped.
 *
 * <p>FIFO design: the collector opens the read end itself ({@code O_RDONLY|O_NONBLOCK}, which never
 * blocks even with no writer) and then a write end of its own ({@code O_WRONLY|O_NONBLOCK}, which
 * succeeds because the read end is open). Holding that write end means the FIFO never reports
 * end-of-file or hang-up while attached: a child that exits, or a restarted child that reopens the
 * FIFO, neither makes the loop spin on HUP nor loses its bytes. The kernel pipe buffer is raised to
 * 1 MiB (F_SETPIPE_SZ, best effort). When an output with the {@code block} policy is full the loop
 * stops reading that one FIFO until the output drains, so the pipe fills and only that worker waits
 * on write; other workers keep flowing.
 *
 * <p>Merged output (a worker started with {@code 2>&1}) is one FIFO attached once, as {@link LogStream#STDOUT}.
 * The loop also runs the per-line work of workers that need it (parsing, filters, alerts); plain
 * lines are handed on in chunks.
 *
 * <p>Thread-safe. The owner closes it; closing closes every attachment (draining each first).
 */
public interface OutputCollector extends AutoCloseable {

    /**
     * Starts draining the FIFO at {@code fifo} (created by process control) for {@code worker}'s
     * {@code stream}. The collector opens the read end itself ({@code O_RDONLY|O_NONBLOCK}, which
     * never blocks even with no writer), keeps it open until the attachment is closed (so a writer
     * never gets SIGPIPE/EOF while attached), and hands every byte to the worker's pipeline.
     *
     * @return the attachment, closed by the caller (usually after the process exited and its
     *     {@code wait_delay} passed)
     * @throws io.hsu.core.HsuException of kind IO if the FIFO cannot be opened (the message names the path and errno)
     * @throws IllegalStateException if the collector is closed
     */
    OutputAttachment attach(WorkerId worker, LogStream stream, Path fifo);

    /** Closes every attachment (draining each) and stops the loop; idempotent. */
    @Override
    void close();

    /** A collector that drains and discards (counting bytes); the default until a pipeline is configured. */
    static OutputCollector discarding() {
        return new EpollOutputCollector("hsu-log-discard", new DiscardingReceivers());
    }
}
