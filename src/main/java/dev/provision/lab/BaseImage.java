package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The read-only root file system every lab host starts from: a minimal Debian built by
 * debootstrap. Cached under {@code images/<hash of the definition>/rootfs}; built into a
 * temporary directory and renamed into place under a lock, so a build killed halfway never
 * leaves a half image that looks finished. Packages beyond the definition are installed later,
 * by {@code provision up} through the package cache, as on a real machine.
 */
public final class BaseImage {
    public static final String SUITE = "bookworm";
    static final String VARIANT = "minbase";
    static final List<String> INCLUDES = List.of("systemd", "systemd-sysv", "dbus", "openssh-server", "iproute2",
            "sudo", "procps", "netbase", "ca-certificates",
            // As on any standard Debian server: logins register with logind, so the lab user's
            // lingering systemd manager (see HostRoot) starts at boot instead of failing.
            "libpam-systemd");
    /** Bump when {@link #finish(Path)} changes what goes into the image. */
    static final int RECIPE = 1;

    private final Path imagesDir;

    public BaseImage(Path imagesDir) {
        this.imagesDir = imagesDir;
    }

    /** The text whose hash names the image; the mirror is not part of it (same packages from any mirror). */
    public static String definition() {
        return "recipe=" + RECIPE + "\nsuite=" + SUITE + "\nvariant=" + VARIANT + "\ninclude=" + String.join(",", INCLUDES) + "\n";
    }

    public static String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(definition().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the finished root file system is (or will be). */
    public Path rootfs() {
        return imagesDir.resolve(hash()).resolve("rootfs");
    }

    /** Returns the cached image, building it first if the cache lacks it. */
    public Path ensure(Progress progress, String mirror) {
        Path done = imagesDir.resolve(hash());
        if (isComplete(done)) {
            progress.say("base image: cached (" + done + ")");
            return done.resolve("rootfs");
        }
        try {
            Files.createDirectories(imagesDir);
            try (FileChannel lock = FileChannel.open(imagesDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var ignored = lock.lock()) {
                if (isComplete(done)) { // another process built it while we waited
                    return done.resolve("rootfs");
                }
                removeStaleBuilds();
                Path tmp = imagesDir.resolve(hash() + ".tmp-" + ProcessHandle.current().pid());
                progress.run("building base image (first run, ~2 min)", () -> build(tmp, mirror));
                Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
                return done.resolve("rootfs");
            }
        } catch (IOException e) {
            throw ProvisionException.failed("cannot build the base image under " + imagesDir + ": " + e.getMessage());
        }
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve("definition.txt")) && Files.isDirectory(dir.resolve("rootfs/etc"));
    }

    /** A build dir is only ever left by a killed build (we hold the lock): debootstrap may have left /proc mounted in it. */
    private void removeStaleBuilds() throws IOException {
        try (Stream<Path> s = Files.list(imagesDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList()) {
                Mounts.removeTree(p);
            }
        }
    }

    private static void build(Path tmp, String mirror) {
        Path rootfs = tmp.resolve("rootfs");
        try {
            Files.createDirectories(tmp);
            var r = LocalCommand.run(Duration.ofMinutes(20), List.of("debootstrap", "--variant=" + VARIANT,
                    "--include=" + String.join(",", INCLUDES), SUITE, rootfs.toString(), mirror));
            Mounts.unmountAll(rootfs); // debootstrap cleans up after itself, but not when it fails
            if (!r.ok()) {
                Path log = rootfs.resolve("debootstrap/debootstrap.log");
                String detail = Files.exists(log) ? tailOf(Files.readString(log)) : r.stderr();
                throw ProvisionException.failed("debootstrap of " + SUITE + " from " + mirror + " failed (exit " + r.exitCode()
                        + "):\n" + detail);
            }
            finish(rootfs);
            Files.writeString(tmp.resolve("definition.txt"), definition() + "mirror=" + mirror + "\n");
        } catch (IOException e) {
            throw ProvisionException.failed("cannot build the base image in " + tmp + ": " + e.getMessage());
        }
    }

    /** Removes what must differ per host (host keys, machine id, hostname) and the package download cache. */
    private static void finish(Path rootfs) throws IOException {
        try (Stream<Path> keys = Files.list(rootfs.resolve("etc/ssh"))) {
            for (Path k : keys.filter(p -> p.getFileName().toString().startsWith("ssh_host_")).toList()) {
                Files.delete(k);
            }
        }
        Files.writeString(rootfs.resolve("etc/machine-id"), "");
        Files.writeString(rootfs.resolve("etc/hostname"), "localhost\n");
        try (Stream<Path> debs = Files.list(rootfs.resolve("var/cache/apt/archives"))) {
            for (Path d : debs.filter(p -> p.toString().endsWith(".deb")).toList()) {
                Files.delete(d);
            }
        }
    }

    private static String tailOf(String s) {
        var lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
