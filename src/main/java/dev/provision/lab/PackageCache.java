package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The lab's package cache: apt-cacher-ng listening on the bridge address only, with a private
 * configuration whose Debian backend is this machine's own mirror (its stock mirror list names
 * hosts this machine cannot resolve). Lab hosts have no route out; apt inside them uses this as
 * its proxy. The cached packages live under /var/cache/provision and outlive the lab.
 */
public final class PackageCache {
    public static final int PORT = 3142;
    private static final Duration READY = Duration.ofSeconds(30);

    private final LabLayout layout;
    private final String bindAddress;
    private final String mirror;

    public PackageCache(LabLayout layout, String bindAddress, String mirror) {
        this.layout = layout;
        this.bindAddress = bindAddress;
        this.mirror = mirror;
    }

    private Path dir() {
        return layout.packageCacheDir();
    }

    private Path confDir() {
        return dir().resolve("conf");
    }

    private Path pidFile() {
        return dir().resolve("apt-cacher-ng.pid");
    }

    /** Starts the cache unless it already runs, then checks it fetches from the mirror. */
    public void ensureRunning(Progress progress) {
        if (runningPid().isEmpty()) {
            requirePortFree();
            writeConfig();
            start();
        }
        awaitAnswer();
        progress.say("package cache: http://" + bindAddress + ":" + PORT + " -> " + mirror);
    }

    /** The system's own apt-cacher-ng on all addresses would take our port. */
    private void requirePortFree() {
        if (listensOnEveryAddress("/proc/net/tcp") || listensOnEveryAddress("/proc/net/tcp6")) {
            throw ProvisionException.failed("port " + PORT + " is taken on every address (the system's apt-cacher-ng"
                    + " service?): stop it (/etc/init.d/apt-cacher-ng stop) so the lab's cache can listen on " + bindAddress);
        }
    }

    /** Whether {@code table} (/proc/net/tcp or tcp6) shows a listener on the all-zero address at {@link #PORT}. */
    static boolean listensOnEveryAddress(String table) {
        String hexPort = String.format(":%04X", PORT);
        try {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.strip().split("\\s+");
                // columns: sl local_address rem_address st ...; st 0A is LISTEN
                if (f.length > 3 && f[1].endsWith(hexPort) && f[1].matches("0+:[0-9A-F]+") && f[3].equals("0A")) {
                    return true;
                }
            }
        } catch (IOException noSuchTable) {
            // no IPv6 here: nothing listens there
        }
        return false;
    }

    private void writeConfig() {
        try {
            Files.createDirectories(confDir());
            Files.createDirectories(dir().resolve("log"));
            Files.createDirectories(layout.aptCacherCache());
            Files.writeString(confDir().resolve("backends_debian"), mirror + "/\n");
            // The mirror's own host/path is named explicitly, in case the stock list lacks it.
            String mirrorPath = mirror.replaceFirst("^[a-z]+://", "");
            Files.writeString(confDir().resolve("acng.conf"), String.join("\n",
                    "# Written by provision lab: private configuration of the lab's package cache.",
                    "CacheDir: " + layout.aptCacherCache(),
                    "LogDir: " + dir().resolve("log"),
                    "SupportDir: /usr/lib/apt-cacher-ng",
                    "BindAddress: " + bindAddress,
                    "Port: " + PORT,
                    "SocketPath: " + dir().resolve("socket"),
                    "PidFile: " + dir().resolve("acng-own.pid"),
                    "ForeGround: 1",
                    "Remap-debrep: file:deb_mirror*.gz /debian " + mirrorPath + " ; file:backends_debian",
                    "ReportPage: acng-report.html",
                    "ExThreshold: 4",
                    ""));
        } catch (IOException e) {
            throw ProvisionException.failed("cannot write the package cache configuration in " + confDir() + ": " + e.getMessage());
        }
    }

    private void start() {
        Path log = dir().resolve("log/console.log");
        var argv = List.of(Preconditions.which("setsid").toString(), Preconditions.which("apt-cacher-ng").toString(),
                "-c", confDir().toString());
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(pidFile(), p.pid() + "\n");
            if (p.waitFor(300, TimeUnit.MILLISECONDS)) {
                throw ProvisionException.failed("apt-cacher-ng exited at once (status " + p.exitValue() + "); see " + log + ":\n"
                        + Files.readString(log).strip());
            }
        } catch (IOException e) {
            throw ProvisionException.failed("cannot start apt-cacher-ng: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while starting apt-cacher-ng");
        }
    }

    /** Fetches the suite's Release file through the cache, so a broken backend shows now, not in the hosts' apt. */
    private void awaitAnswer() {
        var client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(bindAddress, PORT)))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        var request = HttpRequest.newBuilder(URI.create(mirror + "/dists/" + BaseImage.SUITE + "/Release"))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                var resp = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 200 && resp.body().contains("Codename: " + BaseImage.SUITE)) {
                    return;
                }
                last = "HTTP " + resp.statusCode() + " " + resp.body().lines().findFirst().orElse("");
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProvisionException.failed("interrupted while waiting for the package cache");
            }
            sleep(500);
        }
        throw ProvisionException.failed("the package cache at " + bindAddress + ":" + PORT + " does not serve " + request.uri()
                + " (" + last + "); its logs are in " + dir().resolve("log"));
    }

    public Optional<Long> runningPid() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            String cmd = Container.cmdline(pid);
            return cmd.contains("apt-cacher-ng") && cmd.contains(confDir().toString()) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the cache if it runs; returns whether it did. */
    public boolean stop() {
        Optional<Long> pid = runningPid();
        pid.flatMap(ProcessHandle::of).ifPresent(Container::terminate);
        return pid.isPresent();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
