package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Waits, bounded, until a booted host is really up: its sshd sends a banner, then an SSH login
 * with the lab key (host key checked strictly against the lab's known_hosts) reports systemd's
 * state as running (or degraded: up, with a unit failed, as real servers often are).
 */
public final class BootWait {
    private final Path key;
    private final Path knownHosts;
    private final Duration timeout;

    public BootWait(Path key, Path knownHosts, Duration timeout) {
        this.key = key;
        this.knownHosts = knownHosts;
        this.timeout = timeout;
    }

    /** Returns systemd's final state on {@code address}; fails if not reached before the timeout. */
    public String await(String hostName, String address) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer on port 22";
        while (System.nanoTime() < deadline && !banner(address)) {
            sleep(250);
        }
        while (System.nanoTime() < deadline) {
            long left = Math.max(5, (deadline - System.nanoTime()) / 1_000_000_000L);
            var r = LocalCommand.run(Duration.ofSeconds(left), sshCommand(address, "systemctl", "is-system-running", "--wait"));
            String state = r.stdout().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return state;
            }
            last = "systemd state '" + state + "' " + r.stderr().strip();
            sleep(500);
        }
        throw ProvisionException.failed(hostName + " (" + address + ") did not finish booting within " + timeout.toSeconds()
                + " s: " + last);
    }

    /** The {@code ssh} command line that logs into a lab host as {@code provision} and runs {@code command}. */
    public List<String> sshCommand(String address, String... command) {
        var argv = new java.util.ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
                "-o", "LogLevel=ERROR", "-i", key.toString(), HostRoot.USER + "@" + address));
        argv.addAll(List.of(command));
        return argv;
    }

    static boolean banner(String address) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(address, 22), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(4);
            return new String(b, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while waiting for a host to boot");
        }
    }
}
