package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One booted host: a {@code systemd-nspawn -b} process started detached (own session, output
 * to the host's console log) with its pid recorded. Stopping sends SIGTERM, which nspawn turns
 * into an orderly shutdown of the host's systemd; SIGKILL only after a bounded wait.
 */
public final class Container {
    static final Path NSPAWN_RUNTIME = Path.of("/run/systemd/nspawn");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final LabLayout layout;
    private final LabHost host;

    public Container(LabLayout layout, LabHost host) {
        this.layout = layout;
        this.host = host;
    }

    /** nspawn refuses to clean up and exits unless /run/systemd/nspawn is a tmpfs (our PID 1 is not systemd). */
    public static void ensureRuntimeDir() {
        if (Mounts.isMountPoint(NSPAWN_RUNTIME)) {
            return;
        }
        try {
            Files.createDirectories(NSPAWN_RUNTIME);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot create " + NSPAWN_RUNTIME + ": " + e.getMessage());
        }
        LocalCommand.check(Duration.ofSeconds(10), "mount", "-t", "tmpfs", "tmpfs", NSPAWN_RUNTIME.toString());
    }

    /** The nspawn machine name: lab and host, since two labs both have a web-1. The hostname comes from /etc/hostname. */
    public String machineName() {
        return layout.name() + "-" + host.name();
    }

    /** The last lines of the host's console log, for error messages. */
    public String consoleTail() {
        return tail(layout.consoleLog(host.name()));
    }

    /** Boots the host in namespace {@code netnsPath}; returns the nspawn pid. */
    public long start(String netnsPath) {
        Path log = layout.consoleLog(host.name());
        var argv = List.of(Preconditions.which("setsid").toString(), Preconditions.which("systemd-nspawn").toString(),
                "-b", "-D", layout.hostRoot(host.name()).toString(),
                "--register=no", "--keep-unit",
                "--network-namespace-path=" + netnsPath,
                "--capability=CAP_NET_ADMIN,CAP_NET_RAW",
                // Unique across labs: nspawn keys its runtime files (/run/systemd/nspawn/propagate/NAME) by it.
                "-M", machineName(),
                // No terminal here: the console goes to the log, never waits for input.
                "--console=passive");
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(layout.pidFile(host.name()), p.pid() + "\n");
            // An immediate exit means nspawn refused (bad root, busy name): say so with its words.
            if (p.waitFor(500, TimeUnit.MILLISECONDS)) {
                throw ProvisionException.failed("systemd-nspawn for " + host.name() + " exited at once (status " + p.exitValue()
                        + "); its log " + log + " ends with:\n" + tail(log));
            }
            return p.pid();
        } catch (IOException e) {
            throw ProvisionException.failed("cannot start systemd-nspawn for " + host.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while starting " + host.name());
        }
    }

    /** The pid of this host's running nspawn, if the recorded one is alive and really is it. */
    public Optional<Long> runningPid() {
        Path pidFile = layout.pidFile(host.name());
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            // After a reboot the pid may belong to something else: check it is our nspawn.
            String cmdline = cmdline(pid);
            if (cmdline.contains("systemd-nspawn") && cmdline.contains(layout.hostRoot(host.name()).toString())) {
                return Optional.of(pid);
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the host: SIGTERM (orderly shutdown), then SIGKILL after a bounded wait. Returns whether it was running. */
    public boolean stop() {
        Optional<Long> pid = runningPid();
        pid.flatMap(ProcessHandle::of).ifPresent(Container::terminate);
        try {
            Files.deleteIfExists(layout.pidFile(host.name()));
        } catch (IOException ignored) {
            // the lab dir goes away with lab down anyway
        }
        return pid.isPresent();
    }

    static void terminate(ProcessHandle h) {
        h.destroy();
        awaitOrKill(h);
    }

    /** Waits for a process already sent SIGTERM; SIGKILL once the grace period is over. */
    static void awaitOrKill(ProcessHandle h) {
        try {
            h.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception timeoutOrInterrupt) {
            h.destroyForcibly();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the leftovers check
            }
        }
    }

    /** Every process on this machine running inside (or as) a container of the given lab dir. */
    public static List<Long> processesUnder(Path labDir) {
        var pids = new ArrayList<Long>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(n);
                try {
                    String root = Files.readSymbolicLink(p.resolve("root")).toString();
                    if (root.startsWith(labDir.toString() + "/") || cmdline(pid).contains(labDir + "/hosts/")) {
                        pids.add(pid);
                    }
                } catch (IOException | SecurityException gone) {
                    // the process exited meanwhile, or is not ours to inspect
                }
            }
        } catch (IOException e) {
            throw ProvisionException.failed("cannot list /proc: " + e.getMessage());
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    static String cmdline(long pid) throws IOException {
        byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
