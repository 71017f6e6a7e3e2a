package io.hsu.core.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class SignalTest {

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "SIGTERM", "term", "sigterm", " Term "})
    void fromName_acceptsPrefixAndCase(String name) {
        assertThat(Signal.fromName(name)).contains(Signal.TERM);
    }

    @Test
    void fromName_unknownOrNull_empty() {
        assertThat(Signal.fromName("TREM")).isEmpty();
        assertThat(Signal.fromName("SIG")).isEmpty();
        assertThat(Signal.fromName(null)).isEmpty();
    }

    @Test
    void numbers_areLinux() {
        assertThat(Signal.HUP.number()).isEqualTo(1);
        assertThat(Signal.INT.number()).isEqualTo(2);
        assertThat(Signal.QUIT.number()).isEqualTo(3);
        assertThat(Signal.KILL.number()).isEqualTo(9);
        assertThat(Signal.USR1.number()).isEqualTo(10);
        assertThat(Signal.USR2.number()).isEqualTo(12);
        assertThat(Signal.PIPE.number()).isEqualTo(13);
        assertThat(Signal.ALRM.number()).isEqualTo(14);
        assertThat(Signal.TERM.number()).isEqualTo(15);
        assertThat(Signal.CHLD.number()).isEqualTo(17);
        assertThat(Signal.CONT.number()).isEqualTo(18);
        assertThat(Signal.STOP.number()).isEqualTo(19);
        assertThat(Signal.TSTP.number()).isEqualTo(20);
        assertThat(Signal.SYS.number()).isEqualTo(31);
    }

    @Test
    void fromNumber_roundTripsEveryConstant() {
        for (Signal s : Signal.values()) {
            assertThat(Signal.fromNumber(s.number())).contains(s);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 32, 40, 64, Integer.MAX_VALUE})
    void fromNumber_zeroRealtimeAndOutOfRange_empty(int number) {
        assertThat(Signal.fromNumber(number)).isEmpty();
    }

    @Test
    void parse_acceptsNamesAndNumbers() {
        assertThat(Signal.parse("KILL")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse("9")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse(" 15 ")).isEqualTo(Signal.TERM);
    }

    @Test
    void parse_unknown_listsValidNames() {
        assertThatThrownBy(() -> Signal.parse("TREM"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown signal 'TREM'; expected a number from 1 to 31 or one of HUP, INT, QUIT, ILL, "
                        + "TRAP, ABRT, BUS, FPE, KILL, USR1, SEGV, USR2, PIPE, ALRM, TERM, STKFLT, CHLD, CONT, STOP, "
                        + "TSTP, TTIN, TTOU, URG, XCPU, XFSZ, VTALRM, PROF, WINCH, IO, PWR, SYS");
        assertThatThrownBy(() -> Signal.parse("99")).hasMessageStartingWith("unknown signal '99';");
        assertThatThrownBy(() -> Signal.parse("99999999999")).hasMessageStartingWith("unknown signal '99999999999';");
        assertThatThrownBy(() -> Signal.parse(null)).hasMessageStartingWith("unknown signal 'null';");
    }

    @Test
    void describe_namesKnownAndNumbersOthers() {
        assertThat(Signal.TERM.signalName()).isEqualTo("SIGTERM");
        assertThat(Signal.describe(9)).isEqualTo("SIGKILL");
        assertThat(Signal.describe(40)).isEqualTo("signal 40");
    }
}
