package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import dev.provision.ExitCode;
import dev.provision.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A non-root login user with sudo, on a private sshd: password login, sudo with and without a
 * become password, sudo refusals, uploads as root through sudo. Creates the user and its
 * sudoers rule, and removes both afterwards.
 */
class SshSudoIT {
    static final String PASSWORD = "s3cret-Pa55 'with quote";
    static PrivateSshd sshd;
    static Path work;
    static Path knownHosts;
    static String user;
    static Path sudoers;

    @BeforeAll
    static void setUp() throws Exception {
        PrivateSshd.assumeCanRun();
        if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI must run the sudo tests: install sudo");
            org.junit.jupiter.api.Assumptions.abort("skipped: needs sudo installed");
        }
        work = Files.createTempDirectory("ssh-sudo-it");
        sshd = PrivateSshd.start(work);
        knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        user = "provtest" + ProcessHandle.current().pid();
        PrivateSshd.exec("useradd", "-m", "-s", "/bin/sh", user);
        Process p = new ProcessBuilder("chpasswd").start();
        p.getOutputStream().write((user + ":" + PASSWORD + "\n").getBytes());
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        sudoers = Path.of("/etc/sudoers.d/" + user);
        sudoRule("ALL=(ALL:ALL) ALL");
    }

    static void sudoRule(String rule) throws Exception {
        Files.writeString(sudoers, user + " " + rule + "\n");
        Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (sshd != null) sshd.close();
        if (sudoers != null) Files.deleteIfExists(sudoers);
        if (user != null) new ProcessBuilder("userdel", "-r", user).start().waitFor();
        if (work != null) PrivateSshd.exec("rm", "-rf", work.toString());
    }

    static Connector open(Optional<Secret> become) {
        Host h = new Host("s1", "127.0.0.1", sshd.port, user, Optional.empty(), Optional.of(Secret.of(PASSWORD)),
                become, List.of("all"), Set.of(), Map.of());
        return new SshConnectorFactory(SshSettings.of(knownHosts, false), Optional.empty()).open(h);
    }

    @Test
    void passwordLoginAndSudoWithTheBecomePassword() throws Exception {
        sudoRule("ALL=(ALL:ALL) ALL");
        try (Connector c = open(Optional.of(Secret.of(PASSWORD)))) {
            assertEquals(user + "\n", c.run(RemoteCommand.of("id", "-un")).stdout());
            ExecResult r = c.run(RemoteCommand.shell("id -u; echo to-stderr >&2; exit 3").asRoot());
            assertEquals(3, r.exitStatus());
            assertEquals("0\n", r.stdout());
            assertEquals("to-stderr\n", r.stderr(), "only the script's own stderr, no sudo marker or prompt");
            // Twice in a row: cached sudo credentials must not leave the password unread.
            ExecResult again = c.run(RemoteCommand.of("cat").asRoot());
            assertEquals("", again.stdout(), "the script's stdin never sees the password");
        }
    }

    @Test
    void aWrongBecomePasswordIsAClearRefusalWithoutThePassword() {
        sudoRuleUnchecked("ALL=(ALL:ALL) ALL");
        try (Connector c = open(Optional.of(Secret.of("not-" + PASSWORD)))) {
            var e = assertThrows(SudoRefusedException.class, () -> c.run(RemoteCommand.of("true").asRoot()));
            assertEquals(ExitCode.UNREACHABLE, e.exitCode());
            assertEquals("s1 (127.0.0.1:" + sshd.port + "): cannot run commands as root: "
                    + "sudo refused the become password (wrong password)", e.getMessage());
        }
    }

    @Test
    void sudoWithoutAPasswordWhenOneIsNeededSaysHowToGiveIt() {
        sudoRuleUnchecked("ALL=(ALL:ALL) ALL");
        try (Connector c = open(Optional.empty())) {
            var e = assertThrows(SudoRefusedException.class, () -> c.run(RemoteCommand.of("true").asRoot()));
            assertTrue(e.reason().startsWith("sudo needs a password"), e.getMessage());
            assertTrue(e.getMessage().contains("--ask-become-pass"), e.getMessage());
        }
    }

    @Test
    void passwordlessSudoWorksWithOrWithoutABecomePassword() throws Exception {
        sudoRule("ALL=(ALL:ALL) NOPASSWD: ALL");
        try (Connector c = open(Optional.empty())) {
            assertEquals("0\n", c.run(RemoteCommand.of("id", "-u").asRoot()).stdout());
        }
        try (Connector c = open(Optional.of(Secret.of(PASSWORD)))) {
            // sudo does not read the password here: the root shell must not get it on stdin.
            ExecResult r = c.run(RemoteCommand.of("cat").asRoot());
            assertEquals("", r.stdout());
            assertFalse(r.stderr().contains(PASSWORD));
        } finally {
            sudoRule("ALL=(ALL:ALL) ALL");
        }
    }

    @Test
    void aUserWithoutSudoRightsIsToldSo() throws Exception {
        Files.delete(sudoers);
        try (Connector c = open(Optional.of(Secret.of(PASSWORD)))) {
            var e = assertThrows(SudoRefusedException.class, () -> c.run(RemoteCommand.of("true").asRoot()));
            assertTrue(e.reason().startsWith("the login user may not use sudo"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD));
        } finally {
            sudoRule("ALL=(ALL:ALL) ALL");
        }
    }

    @Test
    void putFileAsANonRootUserInstallsAsRoot() throws Exception {
        sudoRule("ALL=(ALL:ALL) ALL");
        Path dir = Files.createDirectories(work.resolve("etc-like"));
        Path target = dir.resolve("service.env");
        try (Connector c = open(Optional.of(Secret.of(PASSWORD)))) {
            c.putFile(target.toString(), "A=1\n".getBytes(), FileAttrs.root("0600"));
        }
        assertEquals("A=1\n", Files.readString(target));
        assertEquals("root", Files.getOwner(target).getName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var home = Files.list(Path.of("/home", user))) {
            assertTrue(home.noneMatch(p -> p.getFileName().toString().startsWith(".provision-upload-")));
        }
    }

    private static void sudoRuleUnchecked(String rule) {
        try {
            sudoRule(rule);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
