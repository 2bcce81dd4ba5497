package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.digest.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ping} and {@code up} through the real command line and SSH client against a port on
 * 127.0.0.1 that accepts TCP but never completes an SSH handshake: silent, sending text that is
 * not SSH, or sending a banner and then nothing. Each must give up within --connect-timeout
 * plus a small margin, exit 3 and name the host. No lab, no sshd: runs everywhere.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS) // each case; a hang fails instead of stalling the build
class SilentPortTest {
    static final int TIMEOUT_SECONDS = 2;
    /** Past the timeout: thread scheduling on a busy machine, closing the socket, printing. */
    static final long MARGIN_MS = 4000;

    enum Behaviour {
        SILENT(null, "sent no SSH banner within 2 s"),
        GARBAGE("HTTP/1.0 400 Bad Request\r\n\u001b[31mnot ssh\r\n", "sent no SSH banner within 2 s (--connect-timeout); it sent \"HTTP/1.0 400 Bad Request\\r\\n\\x1b[31mnot ssh"),
        BANNER_ONLY("SSH-2.0-OpenSSH_9.2\r\n", "key exchange with \"OpenSSH_9.2\" did not finish within 2 s");

        final String sends;
        final String reason;

        Behaviour(String sends, String reason) {
            this.sends = sends;
            this.reason = reason;
        }
    }

    @TempDir Path tmp;
    ServerSocket listener;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    record Run(int exit, String out, String err, long millis) {}

    @BeforeAll
    static void warmUp() {
        // Building SSHJ's algorithm list and loading the playbooks' classes are one-off costs of a
        // process; a refused port pays them here so the timings below measure the handshake.
        try (var closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = closed.getLocalPort();
            closed.close();
            Path dir = Files.createTempDirectory("silent-warmup");
            Path inv = writeInventory(dir, port);
            String kh = dir.resolve("kh").toString();
            provision("ping", "-i", inv.toString(), "--known-hosts", kh, "--connect-timeout", "1");
            provision("up", "-i", inv.toString(), "--known-hosts", kh, "--connect-timeout", "1", "--playbooks", "playbooks");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopListener() throws IOException {
        if (listener != null) listener.close();
        for (Socket s : accepted) s.close();
    }

    /** Accepts every connection, sends what the behaviour says, then keeps the socket open and silent. */
    int listen(Behaviour b) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    accepted.add(s);
                    if (b.sends != null) s.getOutputStream().write(b.sends.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-listener");
        t.setDaemon(true);
        t.start();
        return listener.getLocalPort();
    }

    static Path writeInventory(Path dir, int port) throws IOException {
        Path arts = Files.createDirectories(dir.resolve("artifacts"));
        Path zip = arts.resolve("consul_1.8.7_linux_amd64.zip");
        try (var z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("consul"));
            z.write("fake".getBytes());
            z.closeEntry();
        }
        Files.writeString(arts.resolve("consul_1.8.7_SHA256SUMS"), Sha256.ofUncached(zip) + "  consul_1.8.7_linux_amd64.zip\n");
        Path tgz = Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz"), "tgz");
        Files.writeString(arts.resolve("haproxy-2.6.12.tar.gz.sha256"), Sha256.ofUncached(tgz) + "  haproxy-2.6.12.tar.gz\n");
        Path jar = Files.writeString(dir.resolve("svc.jar"), "jar");
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, """
                all:
                  vars: {ansible_user: root, artifacts_dir: %s, service_jar: %s}
                  children:
                    consul_servers: {hosts: {mute: {ansible_host: 127.0.0.1, ansible_port: %d}}}
                    load_balancers: {hosts: {mute:}}
                    services: {hosts: {mute:}}
                """.formatted(arts, jar, port));
        return inv;
    }

    static Run provision(String... args) {
        var cl = ProvisionCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        long t0 = System.nanoTime();
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    Run against(Behaviour b, String command) throws IOException {
        Path inv = writeInventory(tmp, listen(b));
        var args = new java.util.ArrayList<>(List.of(command, "-i", inv.toString(),
                "--known-hosts", tmp.resolve("known_hosts").toString(), "--connect-timeout", String.valueOf(TIMEOUT_SECONDS)));
        if (command.equals("up")) args.addAll(List.of("--playbooks", "playbooks"));
        return provision(args.toArray(String[]::new));
    }

    static void assertGaveUpInTime(Run r, Behaviour b) {
        String all = r.out() + r.err();
        assertEquals(3, r.exit(), all);
        assertTrue(all.contains("mute (127.0.0.1:"), "names the host:\n" + all);
        assertTrue(all.contains(b.reason), "says why (" + b.reason + "):\n" + all);
        assertTrue(r.millis() >= TIMEOUT_SECONDS * 1000L - 100, "waited for the timeout, not failing early: " + r.millis() + " ms");
        assertTrue(r.millis() <= TIMEOUT_SECONDS * 1000L + MARGIN_MS,
                "gave up within --connect-timeout " + TIMEOUT_SECONDS + " s plus " + MARGIN_MS + " ms: took " + r.millis() + " ms");
    }

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void pingGivesUpWithinTheConnectTimeout(Behaviour b) throws IOException {
        Run r = against(b, "ping");
        assertGaveUpInTime(r, b);
        assertTrue(r.out().contains("FAIL  mute (127.0.0.1:"), r.out());
    }

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void upGivesUpWithinTheConnectTimeout(Behaviour b) throws IOException {
        Run r = against(b, "up");
        assertGaveUpInTime(r, b);
        assertTrue(r.out().contains("unreach. mute"), r.out());
    }

    @Test
    void garbageFromTheServerReachesTheTerminalEscaped() throws IOException {
        Run r = against(Behaviour.GARBAGE, "ping");
        assertTrue(!(r.out() + r.err()).contains("\u001b"), "no raw escape character printed");
    }
}
