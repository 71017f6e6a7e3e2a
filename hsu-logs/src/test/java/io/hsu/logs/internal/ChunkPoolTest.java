package io.hsu.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsu.core.WorkerId;
import io.hsu.logs.LogStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class ChunkPoolTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final ChunkPool pool = new ChunkPool(2);
    private final List<LogBatch> batches = new ArrayList<>();

    private static ByteBuffer lines(char c, int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) c);
        for (int i = 99; i < bytes; i += 100) {
            b[i] = '\n';
        }
        return ByteBuffer.wrap(b);
    }

    @Test
    void aBatchNobodyKeeps_givesItsArrayBack_andTheNextLargeReadUsesIt() {
        LineFramer framer = new LineFramer(WorkerId.of("w"), LogStream.STDOUT, 1024, new AtomicLong(), batches::add, pool);

        framer.feed(lines('a', 200_000), 0, T0);
        assertThat(pool.idle()).isEqualTo(1);
        framer.feed(lines('b', 200_000), 0, T0);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(1).data).isSameAs(batches.get(0).data);
        assertThat(batches.get(1).data.length).isEqualTo(ChunkPool.CHUNK_BYTES);
    }

    @Test
    void aRetainedBatch_keepsItsBytes_untilReleased() {
        LineFramer framer = new LineFramer(WorkerId.of("w"), LogStream.STDOUT, 1024, new AtomicLong(), b -> {
            b.retainBytes();
            batches.add(b);
        }, pool);

        framer.feed(lines('a', 200_000), 0, T0);
        framer.feed(lines('b', 200_000), 0, T0);

        assertThat(pool.idle()).isZero();
        assertThat(batches.get(1).data).isNotSameAs(batches.get(0).data);
        assertThat(batches.get(0).data[0]).isEqualTo((byte) 'a');
        LogBatch copy = batches.get(0).withRecords(List.of());   // shares the count
        copy.retainBytes();
        batches.get(0).releaseBytes();
        assertThat(pool.idle()).as("the copy still holds it").isZero();
        copy.releaseBytes();
        assertThat(pool.idle()).isEqualTo(1);
    }

    @Test
    void smallAndOversizedReads_getArraysOfTheirOwn() {
        LineFramer framer = new LineFramer(WorkerId.of("w"), LogStream.STDOUT, 1 << 20, new AtomicLong(), batches::add, pool);

        framer.feed(lines('a', 1000), 0, T0);
        framer.feed(lines('b', ChunkPool.CHUNK_BYTES + 100), 0, T0);

        assertThat(pool.idle()).isZero();
        assertThat(batches.get(0).data.length).isEqualTo(1000);
        assertThat(batches.get(0).chunk).isNull();
        assertThat(batches.get(1).chunk).isNull();
    }
}
