package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class WorkerIdTest {
    @Test
    void valid_ids_areAccepted() {
        assertThat(WorkerId.of("web-1").value()).isEqualTo("web-1");
        assertThat(WorkerId.of("A_b-9").toString()).isEqualTo("A_b-9");
        assertThat(WorkerId.of("x".repeat(64))).isNotNull();
        assertThat(WorkerId.of("web").replica(3)).isEqualTo(WorkerId.of("web#3"));
    }

    @Test
    void empty_isRejected() {
        assertThatThrownBy(() -> WorkerId.of("")).hasMessage("worker id must not be empty");
    }

    @Test
    void tooLong_isRejectedWithTheLength() {
        assertThatThrownBy(() -> WorkerId.of("x".repeat(65))).hasMessage("worker id must be at most 64 characters, but was 65");
    }

    @Test
    void badCharacter_isNamedWithItsPosition() {
        assertThatThrownBy(() -> WorkerId.of("web 1"))
                .hasMessage("worker id 'web 1' has ' ' at position 4; use only letters A-Z a-z, digits, '_' and '-'");
        assertThatThrownBy(() -> WorkerId.of("wéb"))
                .hasMessage("worker id 'wéb' has 'é' at position 2; use only letters A-Z a-z, digits, '_' and '-'");
        assertThatThrownBy(() -> WorkerId.of("a\tb")).hasMessageContaining("'\\u0009' at position 2");
    }

    @Test
    void replicaSuffix_mustBeANumber() {
        assertThatThrownBy(() -> WorkerId.of("web#x")).hasMessage("worker id 'web#x' must end in '#' and a replica number, like 'web#0'");
        assertThatThrownBy(() -> WorkerId.of("#1")).hasMessage("worker id must not start with '#'");
        assertThatThrownBy(() -> WorkerId.of("web").replica(-1)).hasMessage("replica index must be >= 0, but was -1");
    }

    @Test
    void null_isRejected() {
        assertThatThrownBy(() -> WorkerId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("worker id must not be null");
    }
}
