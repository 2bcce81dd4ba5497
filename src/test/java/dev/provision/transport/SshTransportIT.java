package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.ExitCode;
import dev.provision.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH transport against a real OpenSSH server started privately on 127.0.0.1: host key
 * checks, key auth, commands, uploads. Runs as root (sshd needs it); skips elsewhere, but
 * never in CI.
 */
class SshTransportIT {
    static PrivateSshd sshd;
    static Path clientKey;
    static Path work;

    @BeforeAll
    static void startSshd() throws Exception {
        PrivateSshd.assumeCanRun();
        work = Files.createTempDirectory("ssh-it");
        sshd = PrivateSshd.start(work);
        clientKey = PrivateSshd.keygen(work.resolve("client_ed25519"), "ed25519");
        sshd.authorize(clientKey);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) sshd.close();
        if (work != null) PrivateSshd.exec("rm", "-rf", work.toString());
    }

    static Host host(String user, Optional<Path> key, Optional<Secret> password, Optional<Secret> become) {
        return new Host("t1", "127.0.0.1", sshd.port, user, key, password, become, List.of("all"), Set.of(), Map.of());
    }

    static Host rootHost() {
        return host("root", Optional.of(clientKey), Optional.empty(), Optional.empty());
    }

    /** A known_hosts file that already trusts the private sshd. */
    static Path trustingKnownHosts(Path dir) throws Exception {
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, sshd.knownHostsLine() + "\n");
        return kh;
    }

    static SshConnectorFactory factory(Path knownHosts, boolean acceptNew) {
        return new SshConnectorFactory(SshSettings.of(knownHosts, acceptNew), Optional.empty());
    }

    @Test
    void runReturnsStdoutStderrAndExitStatus(@TempDir Path tmp) throws Exception {
        try (Connector c = factory(trustingKnownHosts(tmp), false).open(rootHost())) {
            ExecResult r = c.run(RemoteCommand.shell("echo out; echo err >&2; exit 7"));
            assertEquals(7, r.exitStatus());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            // Quoted tokens reach the remote command unchanged.
            ExecResult q = c.run(RemoteCommand.of("printf", "%s|", "a b", "it's", "$HOME", "`x`"));
            assertEquals("a b|it's|$HOME|`x`|", q.stdout());
        }
    }

    @Test
    void unknownHostIsRefusedWithFingerprintAndAdvice(@TempDir Path tmp) throws Exception {
        Path kh = tmp.resolve("known_hosts");
        var e = assertThrows(ProvisionException.class, () -> factory(kh, false).open(rootHost()));
        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        String m = e.getMessage();
        assertTrue(m.startsWith("t1 (127.0.0.1:" + sshd.port + "): host key of [127.0.0.1]:" + sshd.port + " is not known"), m);
        assertTrue(m.contains("ssh-ed25519 " + sshd.fingerprint()), m);
        assertTrue(m.contains("--accept-new-host-keys"), m);
        assertTrue(m.contains("ssh-keyscan -p " + sshd.port + " 127.0.0.1 >> " + kh), m);
        assertFalse(Files.exists(kh), "nothing may be recorded without --accept-new-host-keys");
    }

    @Test
    void acceptNewRecordsTheKeyWhichThenSufficesAlone(@TempDir Path tmp) throws Exception {
        Path kh = tmp.resolve("new-dir/known_hosts");
        try (Connector c = factory(kh, true).open(rootHost())) {
            assertEquals(0, c.run(RemoteCommand.of("true")).exitStatus());
        }
        assertEquals(sshd.knownHostsLine() + "\n", Files.readString(kh));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kh)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kh.getParent())));
        try (Connector c = factory(kh, false).open(rootHost())) {
            assertEquals("ok\n", c.run(RemoteCommand.of("echo", "ok")).stdout());
        }
        // Accepting again adds no duplicate.
        factory(kh, true).open(rootHost()).close();
        assertEquals(1, Files.readAllLines(kh).size());
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured(@TempDir Path tmp) throws Exception {
        Path kh = trustingKnownHosts(tmp);
        PrivateSshd.exec("ssh-keygen", "-H", "-f", kh.toString());
        assertTrue(Files.readString(kh).startsWith("|1|"), "ssh-keygen -H hashes the entry");
        try (Connector c = factory(kh, false).open(rootHost())) {
            assertTrue(c.run(RemoteCommand.of("true")).ok());
        }
    }

    @Test
    void aChangedKeyIsRefusedEvenWithAcceptNew(@TempDir Path tmp) throws Exception {
        Path other = PrivateSshd.keygen(tmp.resolve("impostor"), "ed25519");
        String[] pub = Files.readString(Path.of(other + ".pub")).trim().split("\\s+");
        Path kh = tmp.resolve("known_hosts");
        String entry = "[127.0.0.1]:" + sshd.port;
        Files.writeString(kh, "# recorded earlier\n" + entry + " " + pub[0] + " " + pub[1] + "\n");
        for (boolean acceptNew : new boolean[] {false, true}) {
            var e = assertThrows(ProvisionException.class, () -> factory(kh, acceptNew).open(rootHost()));
            assertEquals(ExitCode.UNREACHABLE, e.exitCode());
            String m = e.getMessage();
            assertTrue(m.contains("HOST KEY CHANGED for " + entry), m);
            assertTrue(m.contains("ssh-ed25519 " + sshd.fingerprint()), m);
            assertTrue(m.contains("Recorded in " + kh + " line 2"), m);
            assertTrue(m.contains("ssh-keygen -R '" + entry + "' -f " + kh), m);
        }
        assertEquals(2, Files.readAllLines(kh).size(), "a changed key is never recorded");
    }

    @Test
    void closedPortAndRefusedKeyGiveHumanReasons(@TempDir Path tmp) throws Exception {
        int closed = PrivateSshd.freePort();
        Host h = new Host("gone", "127.0.0.1", closed, "root", Optional.of(clientKey), Optional.empty(),
                Optional.empty(), List.of(), Set.of(), Map.of());
        var e = assertThrows(ProvisionException.class, () -> factory(tmp.resolve("kh"), true).open(h));
        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertEquals("gone (127.0.0.1:" + closed + "): connection refused on port " + closed
                + " (is sshd running and listening there?)", e.getMessage());

        Path stranger = PrivateSshd.keygen(tmp.resolve("stranger"), "ed25519");
        var auth = assertThrows(ProvisionException.class, () -> factory(trustingKnownHosts(tmp), false)
                .open(host("root", Optional.of(stranger), Optional.empty(), Optional.empty())));
        assertEquals(ExitCode.UNREACHABLE, auth.exitCode());
        assertEquals("t1 (127.0.0.1:" + sshd.port + "): authentication failed for user 'root' (tried key " + stranger + ")",
                auth.getMessage());
    }

    @Test
    void putFileReplacesTheTargetAtomicallyWithOwnerAndMode(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(work.resolve("put"));
        Path target = dir.resolve("app.conf");
        Files.writeString(target, "old\n");
        long inodeBefore = (long) Files.getAttribute(target, "unix:ino");
        try (Connector c = factory(trustingKnownHosts(tmp), false).open(rootHost())) {
            c.putFile(target.toString(), "new content\n".getBytes(), new FileAttrs("0640", "root", "daemon"));
        }
        assertEquals("new content\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("daemon", Files.getAttribute(target, "posix:group").toString());
        // A new inode: the file was renamed into place, not rewritten where readers could see it half done.
        assertNotEquals(inodeBefore, (long) Files.getAttribute(target, "unix:ino"));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList(), "no staging file may be left beside the target");
        }
        try (var home = Files.list(Path.of("/root"))) {
            assertTrue(home.noneMatch(p -> p.getFileName().toString().startsWith(".provision-upload-")),
                    "the uploaded temporary file is removed");
        }
    }

    @Test
    void putFileStreamsALargeLocalFile(@TempDir Path tmp) throws Exception {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(42).nextBytes(data);
        Path local = tmp.resolve("big.bin");
        Files.write(local, data);
        Path target = Files.createDirectories(work.resolve("big")).resolve("big.bin");
        try (Connector c = factory(trustingKnownHosts(tmp), false).open(rootHost())) {
            c.putFile(target.toString(), local, FileAttrs.root("0600"));
            ExecResult sum = c.run(RemoteCommand.of("sha256sum", target.toString()));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
                    sum.stdout().split("\\s+")[0]);
        }
    }

    @Test
    void bigOutputOnBothStreamsIsReadFully(@TempDir Path tmp) throws Exception {
        try (Connector c = factory(trustingKnownHosts(tmp), false).open(rootHost())) {
            // 1 MiB on each stream at once: reading one after the other would stall the command.
            ExecResult r = c.run(RemoteCommand.shell(
                    "head -c 1048576 /dev/zero | tr '\\0' o & head -c 1048576 /dev/zero | tr '\\0' e >&2; wait"));
            assertEquals(0, r.exitStatus());
            assertEquals(1048576, r.stdout().length());
            assertEquals(1048576, r.stderr().length());
            assertTrue(r.stdout().chars().allMatch(ch -> ch == 'o'));
        }
    }

    @Test
    void aCommandPastItsTimeoutFailsWithoutHanging(@TempDir Path tmp) throws Exception {
        try (Connector c = factory(trustingKnownHosts(tmp), false).open(rootHost())) {
            long start = System.nanoTime();
            var e = assertThrows(ProvisionException.class,
                    () -> c.run(RemoteCommand.of("sleep", "30").withTimeout(Duration.ofSeconds(1))));
            assertEquals(ExitCode.FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("did not finish within 1 s: sleep 30"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
            // The connection is still good for the next command.
            assertTrue(c.run(RemoteCommand.of("true")).ok());
        }
    }

    @Test
    void keysInAnSshAgentAuthenticate(@TempDir Path tmp) throws Exception {
        Path agentKey = PrivateSshd.keygen(tmp.resolve("agent_rsa"), "rsa");
        sshd.authorize(agentKey);
        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) Thread.sleep(50);
            var pb = new ProcessBuilder("ssh-add", agentKey.toString()).redirectErrorStream(true);
            pb.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process add = pb.start();
            assertEquals(0, add.waitFor(), new String(add.getInputStream().readAllBytes()));
            var f = new SshConnectorFactory(SshSettings.of(trustingKnownHosts(tmp), false), Optional.of(sock));
            // No key file, no password: only the agent's RSA key (signed as rsa-sha2-512) can get in.
            try (Connector c = f.open(host("root", Optional.empty(), Optional.empty(), Optional.empty()))) {
                assertEquals("root\n", c.run(RemoteCommand.of("whoami")).stdout());
            }
        } finally {
            agent.destroy();
        }
    }
}
