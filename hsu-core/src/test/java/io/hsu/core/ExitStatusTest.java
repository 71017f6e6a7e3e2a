package io.hsu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

final class ExitStatusTest {
    @Test
    void exitedZero_isSuccess_signalNever() {
        assertThat(ExitStatus.exited(0).isSuccess()).isTrue();
        assertThat(ExitStatus.exited(137).isSuccess()).isFalse();
        assertThat(ExitStatus.signaled(9).isSuccess()).isFalse();
        assertThat(ExitStatus.unknown("adopted").isSuccess()).isFalse();
    }

    @Test
    void customSuccessCodes() {
        assertThat(ExitStatus.exited(3).isSuccess(Set.of(0, 3))).isTrue();
        assertThat(ExitStatus.signaled(15).isSuccess(Set.of(0, 15))).isFalse();
    }

    @Test
    void killedBy9_isToldApartFromExit137() {
        assertThat(ExitStatus.signaled(9)).isNotEqualTo(ExitStatus.exited(137));
        assertThat(ExitStatus.signaled(9).describe()).isEqualTo("killed by SIGKILL");
        assertThat(ExitStatus.exited(137).describe()).isEqualTo("exited 137");
    }

    @Test
    void oomKill_isShown() {
        ExitStatus.Signaled oom = ExitStatus.signaled(9).asOomKill();
        assertThat(oom.isOomKilled()).isTrue();
        assertThat(oom.describe()).isEqualTo("killed by SIGKILL (oom-killed)");
        assertThat(new ExitStatus.Signaled(11, true, false).describe()).isEqualTo("killed by SIGSEGV (core dumped)");
    }

    @Test
    void outOfRange_isRejected() {
        assertThatThrownBy(() -> ExitStatus.exited(256)).hasMessage("exit code must be in 0..255, but was 256");
        assertThatThrownBy(() -> ExitStatus.exited(-1)).hasMessage("exit code must be in 0..255, but was -1");
        assertThatThrownBy(() -> ExitStatus.signaled(0)).hasMessage("signal must be in 1..64, but was 0");
    }
}
