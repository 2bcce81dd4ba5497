package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * One host's own writable root: an overlay of the shared base image (or a full copy when the
 * kernel has no overlayfs), made into a distinct machine before its first boot: its hostname,
 * a fresh machine id, its own SSH host key, the {@code provision} user with the lab's key and
 * passwordless sudo, and apt pointed at the lab's package cache.
 */
public final class HostRoot {
    public static final String USER = "provision";
    private static final Duration T = Duration.ofSeconds(60);

    private final LabLayout layout;
    private final LabHost host;

    public HostRoot(LabLayout layout, LabHost host) {
        this.layout = layout;
        this.host = host;
    }

    private Path dir() {
        return layout.hostDir(host.name());
    }

    public Path root() {
        return layout.hostRoot(host.name());
    }

    /** Whether an earlier {@code lab up} finished preparing this host (its root may just be unmounted). */
    public boolean isPrepared() {
        return Files.exists(dir().resolve("prepared"));
    }

    /** The host's public SSH host key line ("ssh-ed25519 AAAA... comment"), kept outside the root. */
    public String hostKey() {
        try {
            return Files.readString(dir().resolve("ssh_host_ed25519_key.pub")).strip();
        } catch (IOException e) {
            throw ProvisionException.failed("host " + host.name() + " has no recorded host key: " + e.getMessage());
        }
    }

    /** Mounts the root (overlay of {@code base}) if it is not mounted; a copy needs no mount. */
    public void mount(Path base) {
        try {
            Path lowerFile = dir().resolve("lower");
            if (Files.exists(lowerFile)) {
                // Keep the image the host was made from, even if the definition changed since.
                base = Path.of(Files.readString(lowerFile).strip());
            }
            if (Files.exists(dir().resolve("copy")) || Mounts.isMountPoint(root())) {
                return;
            }
            for (String d : List.of("upper", "work", "root")) {
                Files.createDirectories(dir().resolve(d));
            }
            LocalCommand.check(T, "mount", "-t", "overlay", "overlay", "-o",
                    "lowerdir=" + base + ",upperdir=" + dir().resolve("upper") + ",workdir=" + dir().resolve("work"),
                    root().toString());
            Files.writeString(lowerFile, base + "\n");
        } catch (IOException e) {
            throw ProvisionException.failed("cannot mount the root of " + host.name() + ": " + e.getMessage());
        }
    }

    /**
     * Makes a fresh root for the host from {@code base}: wipes whatever a half-done earlier
     * attempt left, then writes the per-host files. Marks the host prepared at the very end.
     */
    public void create(Path base, boolean overlay, String bridgeAddress, String mirror, String labPublicKey) {
        try {
            Mounts.removeTree(dir());
            Files.createDirectories(dir());
            if (overlay) {
                mount(base);
            } else {
                Files.createDirectories(root());
                LocalCommand.check(Duration.ofMinutes(10), "cp", "-a", "--reflink=auto", base + "/.", root().toString());
                Files.writeString(dir().resolve("copy"), base + "\n");
            }
            personalize(bridgeAddress, mirror, labPublicKey);
            Files.writeString(dir().resolve("prepared"), "");
        } catch (IOException e) {
            throw ProvisionException.failed("cannot prepare the root of " + host.name() + " in " + dir() + ": " + e.getMessage());
        }
    }

    private void personalize(String bridgeAddress, String mirror, String labPublicKey) throws IOException {
        Path r = root();
        write(r.resolve("etc/hostname"), host.name() + "\n");
        write(r.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n" + host.address() + "\t" + host.name() + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        // Our own fresh id: left empty, systemd-nspawn hands every container the same one.
        write(r.resolve("etc/machine-id"), newMachineId() + "\n");

        Path key = r.resolve("etc/ssh/ssh_host_ed25519_key");
        Files.deleteIfExists(key);
        Files.deleteIfExists(r.resolve("etc/ssh/ssh_host_ed25519_key.pub"));
        LocalCommand.check(T, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@" + host.name(), "-f", key.toString());
        Files.copy(r.resolve("etc/ssh/ssh_host_ed25519_key.pub"), dir().resolve("ssh_host_ed25519_key.pub"));
        // Offer only the key recorded in the lab's known_hosts.
        write(r.resolve("etc/ssh/sshd_config.d/10-provision-lab.conf"),
                "# Written by provision lab: the one host key recorded in the lab's known_hosts.\n"
                        + "HostKey /etc/ssh/ssh_host_ed25519_key\n");

        LocalCommand.check(T, "useradd", "--root", r.toString(), "--create-home", "--shell", "/bin/bash",
                "--password", "*", USER);
        // Linger keeps the user's systemd manager running between logins. Without it every SSH
        // connection starts one and every disconnect stops it; inside these containers a stop
        // can hang until systemd's 90 s timeout ("Processes still around after final SIGKILL"),
        // and a login arriving meanwhile waits for it (seen: 103 s for one login).
        write(r.resolve("var/lib/systemd/linger/" + USER), "");
        Path sudoers = r.resolve("etc/sudoers.d/" + USER);
        write(sudoers, USER + " ALL=(ALL) NOPASSWD:ALL\n");
        Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
        int[] ids = uidGid(r, USER);
        Path ssh = r.resolve("home/" + USER + "/.ssh");
        Files.createDirectories(ssh);
        Path auth = ssh.resolve("authorized_keys");
        write(auth, labPublicKey.strip() + "\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(ssh, auth)) {
            Files.setAttribute(p, "unix:uid", ids[0]);
            Files.setAttribute(p, "unix:gid", ids[1]);
        }

        // No route out: apt reaches the archive through the lab's package cache on the bridge.
        write(r.resolve("etc/apt/apt.conf.d/01provision-proxy"),
                "// Written by provision lab: lab hosts reach the Debian archive through the lab's package cache.\n"
                        + "Acquire::http::Proxy \"http://" + bridgeAddress + ":" + PackageCache.PORT + "\";\n");
        write(r.resolve("etc/apt/sources.list"), "deb " + mirror + " " + BaseImage.SUITE + " main\n"
                + "deb " + mirror + " " + BaseImage.SUITE + "-updates main\n");
    }

    /** 32 lowercase hex digits, the format of /etc/machine-id. */
    static String newMachineId() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    static int[] uidGid(Path root, String user) throws IOException {
        for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals(user)) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw ProvisionException.failed("user " + user + " missing from " + root.resolve("etc/passwd"));
    }

    private static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p); // a symlink in the image must not redirect the write
        Files.writeString(p, content);
    }
}
