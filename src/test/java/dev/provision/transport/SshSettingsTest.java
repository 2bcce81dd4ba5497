package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.cli.ExitCode;
import dev.provision.cli.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SshSettingsTest {
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
        var s = SshSettings.from(parse());
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), s.knownHostsFile());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(false, s.acceptNewHostKeys());
        assertEquals(Optional.empty(), s.becomePassword());
    }

    @Test
    void optionsAreCarriedOver() {
        var s = SshSettings.from(parse("--known-hosts", "/tmp/kh", "--accept-new-host-keys", "--connect-timeout", "3"));
        assertEquals(Path.of("/tmp/kh"), s.knownHostsFile());
        assertTrue(s.acceptNewHostKeys());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-5", "601", "99999999"})
    void aTimeoutOutsideOneSecondToTenMinutesIsInvalidInput(String seconds) {
        var e = assertThrows(ProvisionException.class, () -> SshSettings.from(parse("--connect-timeout", seconds)));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertEquals("--connect-timeout must be between 1 and 600 seconds, got " + seconds, e.getMessage());
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        assertEquals(Duration.ofSeconds(1), SshSettings.from(parse("--connect-timeout", "1")).connectTimeout());
        assertEquals(Duration.ofSeconds(600), SshSettings.from(parse("--connect-timeout", "600")).connectTimeout());
    }

    @Test
    void askingForTheBecomePasswordWithoutATerminalSaysWhatToDoInstead() {
        // Tests never run on a terminal: System.console() is null here.
        var e = assertThrows(ProvisionException.class, () -> SshSettings.from(parse("--ask-become-pass")));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("PROVISION_BECOME_PASSWORD"), e.getMessage());
    }
}
