package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code provision lab} needs from this machine, checked up front so a missing piece is
 * one clear message instead of a failure halfway through.
 */
public final class Preconditions {
    /** Program -> the Debian package that provides it. */
    private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("debootstrap", "debootstrap");
        PROGRAMS.put("systemd-nspawn", "systemd-container");
        PROGRAMS.put("apt-cacher-ng", "apt-cacher-ng");
        PROGRAMS.put("dpkg-deb", "dpkg");
        PROGRAMS.put("dpkg-source", "dpkg-dev");
        PROGRAMS.put("apt-get", "apt");
        PROGRAMS.put("ip", "iproute2");
        PROGRAMS.put("ssh", "openssh-client");
        PROGRAMS.put("ssh-keygen", "openssh-client");
        PROGRAMS.put("setsid", "util-linux");
        PROGRAMS.put("mount", "mount");
    }

    private Preconditions() {}

    /** Fails with exit 2 unless this is Linux and we are root. */
    public static void requireRootOnLinux() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase().contains("linux")) {
            throw ProvisionException.invalidInput("provision lab needs root on Linux (it boots systemd-nspawn containers); this is "
                    + os + ". Point provision at your own hosts with -i INVENTORY instead.");
        }
        if (!isRoot()) {
            throw ProvisionException.invalidInput("provision lab needs root on Linux: it creates a bridge, network namespaces,"
                    + " mounts and containers; run it with sudo");
        }
    }

    /**
     * Installs, with apt-get, the Debian packages of every program the lab lacks (a fresh
     * machine has none of them), saying so; fails with exit 2 naming what is still missing.
     */
    public static void requirePrograms(Progress progress) {
        var packages = missingPackages();
        if (packages.isEmpty()) return;
        if (which("apt-get") != null) {
            progress.say("installing what the lab needs: apt-get install " + String.join(" ", packages));
            boolean hadCache = which("apt-cacher-ng") != null;
            var env = Map.of("DEBIAN_FRONTEND", "noninteractive");
            LocalCommand.run(APT_TIMEOUT, List.of("apt-get", "update", "-q"), null, env);
            var argv = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
            argv.addAll(packages);
            var r = LocalCommand.run(APT_TIMEOUT, argv, null, env);
            if (r.exitCode() != 0) {
                progress.say("apt-get install failed: " + r.stderr().strip());
            }
            if (!hadCache && which("apt-cacher-ng") != null) {
                // The package starts its own cache on every address, port 3142: the lab runs one
                // per lab on its bridge address instead.
                LocalCommand.run(Duration.ofSeconds(30), List.of("sh", "-c",
                        "systemctl disable --now apt-cacher-ng 2>/dev/null || /etc/init.d/apt-cacher-ng stop"), null, Map.of());
                progress.say("stopped the packaged apt-cacher-ng service: each lab runs its own on its bridge");
            }
        }
        var still = missingPackages();
        if (!still.isEmpty()) {
            throw ProvisionException.invalidInput("provision lab needs programs this machine lacks: apt-get install "
                    + String.join(" ", still));
        }
    }

    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    /** The Debian packages of the programs the lab needs that are not on PATH. */
    private static List<String> missingPackages() {
        var packages = new ArrayList<String>();
        PROGRAMS.forEach((prog, pkg) -> {
            if (which(prog) == null && !packages.contains(pkg)) {
                packages.add(pkg);
            }
        });
        return packages;
    }

    /** Booted hosts' systemd each take several inotify instances; Debian's default of 128 runs out near eight hosts. */
    static final int INOTIFY_INSTANCES = 1024;
    private static final Path INOTIFY_LIMIT = Path.of("/proc/sys/fs/inotify/max_user_instances");

    /**
     * Raises the kernel's per-user inotify instance limit when it is too low for a lab: without
     * this, hosts fail to boot with "Too many open files" once several are up. Says what it changed.
     */
    public static void ensureInotifyInstances(Progress progress) {
        try {
            // readAllLines, not readString: procfs reports size 0 and readString then returns a truncated value.
            int current = Integer.parseInt(Files.readAllLines(INOTIFY_LIMIT).get(0).strip());
            if (current >= INOTIFY_INSTANCES) return;
            Files.writeString(INOTIFY_LIMIT, INOTIFY_INSTANCES + "\n");
            progress.say("raised fs.inotify.max_user_instances from " + current + " to " + INOTIFY_INSTANCES
                    + " (each host's systemd needs several)");
        } catch (IOException | NumberFormatException e) {
            progress.say("warning: could not read or raise fs.inotify.max_user_instances (" + e.getMessage()
                    + "); hosts may fail to boot with 'Too many open files'");
        }
    }

    /** Whether the kernel offers overlayfs (else each host gets a full copy of the base image). */
    public static boolean overlaySupported() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).lines().anyMatch(l -> l.strip().endsWith("overlay"));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            // not Linux-like enough: treat as not root
        }
        return false;
    }

    static Path which(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        // sbin is often missing from a non-login root PATH; the tools live there.
        for (String dir : (path + ":/usr/local/sbin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
