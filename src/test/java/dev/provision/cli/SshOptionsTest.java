package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SshOptionsTest {
    static SshOptions parse(String... args) {
        var holder = new Object() {
            @CommandLine.Mixin
            SshOptions ssh;
        };
        new CommandLine(holder).parseArgs(args);
        return holder.ssh;
    }

    @Test
    void defaultsAreTheUsersKnownHostsTenSecondsAndStrictKeys() {
        var s = parse().settings();
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), s.knownHostsFile());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(false, s.acceptNewHostKeys());
        assertEquals(Optional.empty(), s.becomePassword());
    }

    @Test
    void optionsAreCarriedOver() {
        var s = parse("--known-hosts", "/tmp/kh", "--accept-new-host-keys", "--connect-timeout", "3").settings();
        assertEquals(Path.of("/tmp/kh"), s.knownHostsFile());
        assertTrue(s.acceptNewHostKeys());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-5", "601", "99999999"})
    void aTimeoutOutsideOneSecondToTenMinutesIsInvalidInput(String seconds) {
        var e = assertThrows(ProvisionException.class, () -> parse("--connect-timeout", seconds).settings());
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertEquals("--connect-timeout must be between 1 and 600 seconds, got " + seconds, e.getMessage());
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        assertEquals(Duration.ofSeconds(1), parse("--connect-timeout", "1").settings().connectTimeout());
        assertEquals(Duration.ofSeconds(600), parse("--connect-timeout", "600").settings().connectTimeout());
    }

    @Test
    void askingForTheBecomePasswordWithoutATerminalSaysWhatToDoInstead() {
        // Tests never run on a terminal: System.console() is null here.
        var e = assertThrows(ProvisionException.class, () -> parse("--ask-become-pass").settings());
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("PROVISION_BECOME_PASSWORD"), e.getMessage());
    }
}
