package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private OpenSSH server for tests: its own host key, config and authorized_keys in a temp
 * directory, listening on 127.0.0.1 and a free port. Needs root and openssh-server; in CI
 * (CI=true) their absence fails the test instead of skipping it.
 */
public final class PrivateSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final int port;
    final Path hostKey;
    final Path authorizedKeys;
    private final Process process;

    private PrivateSshd(Path dir, int port, Path hostKey, Path authorizedKeys, Process process) {
        this.dir = dir;
        this.port = port;
        this.hostKey = hostKey;
        this.authorizedKeys = authorizedKeys;
        this.process = process;
    }

    /** Skips (or, in CI, fails) unless this test can start sshd. */
    public static void assumeCanRun() {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) missing = "root (sshd needs it)";
        else if (!Files.isExecutable(SSHD)) missing = "openssh-server (" + SSHD + ")";
        else if (!Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) missing = "ssh-keygen";
        if (missing == null) return;
        if ("true".equals(System.getenv("CI"))) fail("CI must run the SSH tests, but this machine lacks " + missing);
        Assumptions.abort("skipped: needs " + missing);
    }

    public static PrivateSshd start(Path dir) throws Exception {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        Path hostKey = dir.resolve("host_ed25519");
        keygen(hostKey, "ed25519");
        Path auth = dir.resolve("authorized_keys");
        Files.writeString(auth, "");
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + auth,
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PidFile " + dir.resolve("sshd.pid"),
                "Subsystem sftp internal-sftp",
                "MaxStartups 50",
                "LogLevel VERBOSE",
                ""));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        var sshd = new PrivateSshd(dir, port, hostKey, auth, p);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) fail("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            try (var s = new Socket("127.0.0.1", port)) {
                return sshd;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        sshd.close();
        fail("sshd did not listen within 10 s: " + Files.readString(dir.resolve("sshd.log")));
        return null;
    }

    /** Makes a key pair without passphrase; returns the private key path. */
    public static Path keygen(Path file, String type) throws Exception {
        exec("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", file.toString());
        return file;
    }

    /** Lets the private key at this path log in. */
    public void authorize(Path privateKey) throws IOException {
        Files.writeString(authorizedKeys, Files.readString(Path.of(privateKey + ".pub")),
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** "[127.0.0.1]:PORT ssh-ed25519 AAAA..." for a known_hosts file. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(Path.of(hostKey + ".pub")).trim().split("\\s+");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** The SHA256 fingerprint of the host key, as ssh-keygen prints it. */
    public String fingerprint() throws Exception {
        return exec("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").split("\\s+")[1];
    }

    public static String exec(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
