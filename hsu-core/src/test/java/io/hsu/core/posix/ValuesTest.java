package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ValuesTest {

    @Test
    void rlimit_softAboveHard_rejected() {
        assertThatThrownBy(() -> new Rlimit(10, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("soft limit (10) must be <= hard limit (5)");
        assertThatThrownBy(() -> new Rlimit(-1, 5))
                .hasMessage("rlimit values must be >= 0, but were soft=-1, hard=5");
    }

    @Test
    void rlimit_unlimitedIsShownAsWord() {
        assertThat(new Rlimit(1024, Rlimit.UNLIMITED)).hasToString("1024:unlimited");
        assertThat(new Rlimit(1024, Rlimit.UNLIMITED).isHardUnlimited()).isTrue();
        assertThat(Rlimit.of(64).isSoftUnlimited()).isFalse();
    }

    @Test
    void resource_numbersAreLinux() {
        assertThat(Resource.CPU.number()).isZero();
        assertThat(Resource.CORE.number()).isEqualTo(4);
        assertThat(Resource.NPROC.number()).isEqualTo(6);
        assertThat(Resource.NOFILE.number()).isEqualTo(7);
        assertThat(Resource.AS.number()).isEqualTo(9);
        assertThat(Resource.RTTIME.number()).isEqualTo(15);
        assertThat(Resource.NOFILE.procLimitsName()).isEqualTo("Max open files");
    }

    @Test
    void waitResult_exited() {
        WaitResult r = WaitResult.exited(42, 137);

        assertThat(r.exited()).isTrue();
        assertThat(r.killed()).isFalse();
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.signal()).isEmpty();
        assertThat(r).hasToString("pid 42 exited 137").isEqualTo(WaitResult.exited(42, 137));
        assertThatThrownBy(r::signalNumber)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pid 42 was not killed by a signal, it exited 137");
    }

    @Test
    void waitResult_killed() {
        WaitResult r = WaitResult.killed(42, 11, true);

        assertThat(r.killed()).isTrue();
        assertThat(r.signal()).contains(Signal.SEGV);
        assertThat(r.coreDumped()).isTrue();
        assertThat(r).hasToString("pid 42 killed by SIGSEGV (core dumped)").isNotEqualTo(WaitResult.exited(42, 11));
        assertThat(WaitResult.killed(7, 40, false)).hasToString("pid 7 killed by signal 40");
        assertThatThrownBy(r::exitCode).hasMessage("pid 42 did not exit, it was killed by SIGSEGV");
    }
}
