package io.hsu.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class EventPublisherTest {
    sealed interface Fact permits Started, Stopped {}

    record Started(int n) implements Fact {}

    record Stopped(int n) implements Fact {}

    private final EventPublisher<Fact> publisher = new EventPublisher<>();

    @Test
    void listeners_getEveryEvent_inOrder() {
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> seen.add("first " + e));
        publisher.subscribe(e -> seen.add("second " + e));

        publisher.publish(new Started(1));
        publisher.publish(new Stopped(2));

        assertThat(seen).containsExactly("first Started[n=1]", "second Started[n=1]", "first Stopped[n=2]", "second Stopped[n=2]");
    }

    @Test
    void typedSubscription_seesOnlyItsType() {
        List<Stopped> stops = new ArrayList<>();
        publisher.on(Stopped.class, stops::add);

        publisher.publish(new Started(1));
        publisher.publish(new Stopped(2));

        assertThat(stops).containsExactly(new Stopped(2));
    }

    @Test
    void throwingListener_isIsolated() {
        List<Fact> seen = new ArrayList<>();
        publisher.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        publisher.subscribe(seen::add);

        publisher.publish(new Started(1));
        publisher.publish(new Started(2));

        assertThat(seen).containsExactly(new Started(1), new Started(2));
    }

    @Test
    void close_removesTheListener_andIsIdempotent() {
        List<Fact> seen = new ArrayList<>();
        Subscription kept = publisher.subscribe(e -> { });
        Subscription s = publisher.subscribe(seen::add);
        assertThat(publisher.listenerCount()).isEqualTo(2);

        s.close();
        s.close();
        publisher.publish(new Started(1));

        assertThat(seen).isEmpty();
        assertThat(publisher.listenerCount()).isEqualTo(1);
        kept.close();
        assertThat(publisher.hasListeners()).isFalse();
    }

    @Test
    void listenerMaySubscribeWhilePublishing_withoutSeeingTheCurrentEvent() {
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> publisher.subscribe(x -> seen.add("late " + x)));

        publisher.publish(new Started(1));

        assertThat(seen).isEmpty();
    }
}
