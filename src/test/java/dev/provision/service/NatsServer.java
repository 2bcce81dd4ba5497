package dev.provision.service;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server (Debian's package, 2.9.10, or the one the system property {@code nats.server}
 * names) on a free loopback port, restartable on that same port. Without the binary the tests
 * using it are skipped, except in CI ({@code CI=true}), where they fail: CI installs it.
 */
final class NatsServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    private NatsServer(Path binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    static NatsServer start(Path logDir) throws IOException, InterruptedException {
        NatsServer server = new NatsServer(binaryOrSkip(), freePort(), logDir.resolve("nats-server.log"));
        server.startAgain();
        return server;
    }

    int port() {
        return port;
    }

    /** Stops the server (SIGTERM, then waits for the port to close) and starts it again on the same port. */
    void restart() throws IOException, InterruptedException {
        stop();
        startAgain();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (accepts() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Starts it (again) on its port and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port),
                "-n", "test-nats"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                fail("nats-server exited " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                fail("nats-server not listening on 127.0.0.1:" + port + " after " + READY_TIMEOUT + ": " + log());
            }
            Thread.sleep(50);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path binaryOrSkip() {
        String named = System.getProperty("nats.server");
        if (named != null) {
            return Path.of(named);
        }
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/local/bin")
                .split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String why = "nats-server not found on PATH or in /usr/sbin (apt-get install nats-server)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + ": CI must run the broker tests");
        }
        assumeTrue(false, why + ": broker tests skipped");
        return null;
    }
}
