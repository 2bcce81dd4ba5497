package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The release artifacts {@code provision up} installs, which cannot be downloaded from their
 * vendors on this network, rebuilt in the vendors' own layout from Debian's archive:
 * Consul 1.8.7 from bullseye's {@code consul} package, repacked as HashiCorp's release zip
 * (the single binary at its root) with a SHA256SUMS file; HAProxy 2.6.12's upstream source
 * tarball, which is byte for byte bookworm's {@code orig.tar.gz}, checked against the sum
 * haproxy.org publishes; NATS server 2.9.10 from bookworm's {@code nats-server} package, repacked
 * as the vendor's release tarball (its binary in a {@code nats-server-vV-linux-amd64/} folder)
 * with a SHA256SUMS line. Cached under /var/cache/provision/artifacts; each is built only when
 * missing, so a cache made before NATS was added only gains NATS's files.
 */
public final class LabArtifacts {
    public static final String CONSUL_ZIP = "consul_" + LabInventory.CONSUL_VERSION + "_linux_amd64.zip";
    public static final String CONSUL_SUMS = "consul_" + LabInventory.CONSUL_VERSION + "_SHA256SUMS";
    public static final String HAPROXY_TGZ = "haproxy-" + LabInventory.HAPROXY_VERSION + ".tar.gz";
    public static final String HAPROXY_SUM = HAPROXY_TGZ + ".sha256";
    /** The SHA-256 haproxy.org publishes for haproxy-2.6.12.tar.gz. */
    public static final String HAPROXY_UPSTREAM_SHA256 = "58f9edb26bf3288f4b502658399281cc5d6478468bd178eafe579c8f41895854";
    public static final String NATS_DIR = "nats-server-v" + LabInventory.NATS_VERSION + "-linux-amd64";
    public static final String NATS_TGZ = NATS_DIR + ".tar.gz";
    /** The vendor's checksum file beside its release files (NATS publishes one SHA256SUMS per release). */
    public static final String NATS_SUMS = "SHA256SUMS";
    private static final List<String> CONSUL_FILES = List.of(CONSUL_ZIP, CONSUL_SUMS);
    private static final List<String> HAPROXY_FILES = List.of(HAPROXY_TGZ, HAPROXY_SUM);
    private static final List<String> NATS_FILES = List.of(NATS_TGZ, NATS_SUMS);
    private static final List<String> FILES = List.of(CONSUL_ZIP, CONSUL_SUMS, HAPROXY_TGZ, HAPROXY_SUM, NATS_TGZ, NATS_SUMS);
    private static final Duration APT = Duration.ofMinutes(10);

    private final Path cacheDir;
    private final String mirror;

    public LabArtifacts(Path cacheDir, String mirror) {
        this.cacheDir = cacheDir;
        this.mirror = mirror;
    }

    /** Makes sure the cache holds the artifacts, then copies them into {@code target}; returns {@code target}. */
    public Path ensure(Progress progress, Path target) {
        try {
            if (!complete()) {
                Files.createDirectories(cacheDir);
                // Two labs coming up at once share this cache: one builds, the other waits and reuses.
                try (var ch = java.nio.channels.FileChannel.open(cacheDir.resolve(".lock"),
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                        var ignored = ch.lock()) {
                    if (!complete()) {
                        progress.run("preparing artifacts (Consul " + LabInventory.CONSUL_VERSION + ", HAProxy "
                                + LabInventory.HAPROXY_VERSION + " source, NATS server " + LabInventory.NATS_VERSION
                                + ") from the Debian archive", this::build);
                    }
                }
            }
            Files.createDirectories(target);
            for (String f : FILES) {
                Files.copy(cacheDir.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw ProvisionException.failed("cannot copy the artifacts into " + target + ": " + e.getMessage());
        }
    }

    private boolean complete() {
        return has(CONSUL_FILES) && haproxyComplete() && has(NATS_FILES);
    }

    private boolean has(List<String> files) {
        return files.stream().allMatch(f -> Files.isRegularFile(cacheDir.resolve(f)));
    }

    private boolean haproxyComplete() {
        return has(HAPROXY_FILES) && HAPROXY_UPSTREAM_SHA256.equals(ChecksumFiles.sha256(cacheDir.resolve(HAPROXY_TGZ)));
    }

    private void build() {
        try {
            Path apt = cacheDir.resolve("apt-private");
            Path work = cacheDir.resolve("work");
            Mounts.removeTree(work);
            Files.createDirectories(work);
            for (String d : List.of("lists/partial", "cache/archives/partial", "sources.list.d", "preferences.d")) {
                Files.createDirectories(apt.resolve(d));
            }
            String keyring = "[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]";
            Files.writeString(apt.resolve("sources.list"),
                    "# Written by provision lab: bullseye has Consul 1.8.7; bookworm's haproxy source is 2.6.12;\n"
                            + "# bookworm has nats-server 2.9.10.\n"
                            + "deb " + keyring + " " + mirror + " bullseye main\n"
                            + "deb " + keyring + " " + mirror + " " + BaseImage.SUITE + " main\n"
                            + "deb-src " + keyring + " " + mirror + " " + BaseImage.SUITE + " main\n");
            List<String> aptGet = List.of("apt-get", "-q",
                    "-o", "Dir::Etc::sourcelist=" + apt.resolve("sources.list"),
                    "-o", "Dir::Etc::sourceparts=" + apt.resolve("sources.list.d"),
                    "-o", "Dir::Etc::preferencesparts=" + apt.resolve("preferences.d"),
                    "-o", "Dir::State::Lists=" + apt.resolve("lists"),
                    "-o", "Dir::Cache=" + apt.resolve("cache"),
                    "-o", "APT::Sandbox::User=root");
            LocalCommand.check(LocalCommand.run(APT, concat(aptGet, "update"), work, java.util.Map.of()));
            // Each only when missing: a cache from before NATS keeps its Consul and HAProxy files byte for byte.
            if (!has(CONSUL_FILES)) {
                LocalCommand.check(LocalCommand.run(APT, concat(aptGet, "download", "consul/bullseye"), work, java.util.Map.of()));
                buildConsul(work);
            }
            if (!has(NATS_FILES)) {
                LocalCommand.check(LocalCommand.run(APT, concat(aptGet, "download", "nats-server/" + BaseImage.SUITE), work,
                        java.util.Map.of()));
                buildNats(work);
            }
            if (haproxyComplete()) {
                Mounts.removeTree(work);
                return;
            }
            LocalCommand.check(LocalCommand.run(APT, concat(aptGet, "source", "--download-only", "haproxy"), work,
                    java.util.Map.of()));
            Path orig = work.resolve("haproxy_" + LabInventory.HAPROXY_VERSION + ".orig.tar.gz");
            if (!Files.exists(orig)) {
                throw ProvisionException.failed("apt-get source haproxy did not bring " + orig.getFileName()
                        + " (bookworm's haproxy is no longer " + LabInventory.HAPROXY_VERSION + "?)");
            }
            String sum = ChecksumFiles.sha256(orig);
            if (!sum.equals(HAPROXY_UPSTREAM_SHA256)) {
                throw ProvisionException.failed(orig + " has SHA-256 " + sum + ", not the upstream release's "
                        + HAPROXY_UPSTREAM_SHA256 + ": refusing to use it");
            }
            publish(orig, HAPROXY_TGZ);
            writeAtomically(HAPROXY_SUM, ChecksumFiles.line(sum, HAPROXY_TGZ));
            Mounts.removeTree(work);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot prepare artifacts in " + cacheDir + ": " + e.getMessage());
        }
    }

    private void buildConsul(Path work) throws IOException {
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().matches("consul_.*\\.deb")).findFirst()
                    .orElseThrow(() -> ProvisionException.failed("apt-get download consul brought no consul_*.deb into " + work));
        }
        Path x = work.resolve("consul-deb");
        LocalCommand.check(Duration.ofMinutes(2), "dpkg-deb", "-x", deb.toString(), x.toString());
        Path binary = x.resolve("usr/bin/consul");
        String version = LocalCommand.check(Duration.ofSeconds(30), binary.toString(), "version");
        if (!version.contains("v" + LabInventory.CONSUL_VERSION)) {
            throw ProvisionException.failed(deb.getFileName() + " holds Consul " + version.lines().findFirst().orElse("?")
                    + ", not " + LabInventory.CONSUL_VERSION);
        }
        Path zip = work.resolve(CONSUL_ZIP);
        writeZip(binary, zip);
        publish(zip, CONSUL_ZIP);
        writeAtomically(CONSUL_SUMS, ChecksumFiles.line(ChecksumFiles.sha256(cacheDir.resolve(CONSUL_ZIP)), CONSUL_ZIP));
    }

    private void buildNats(Path work) throws IOException {
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().matches("nats-server_.*\\.deb")).findFirst()
                    .orElseThrow(() -> ProvisionException.failed("apt-get download nats-server brought no nats-server_*.deb into "
                            + work));
        }
        Path x = work.resolve("nats-deb");
        LocalCommand.check(Duration.ofMinutes(2), "dpkg-deb", "-x", deb.toString(), x.toString());
        Path binary = x.resolve("usr/sbin/nats-server");
        if (!Files.isRegularFile(binary)) binary = x.resolve("usr/bin/nats-server");
        String version = LocalCommand.check(Duration.ofSeconds(30), binary.toString(), "--version");
        if (!version.contains("v" + LabInventory.NATS_VERSION)) {
            throw ProvisionException.failed(deb.getFileName() + " holds NATS server " + version.strip() + ", not "
                    + LabInventory.NATS_VERSION);
        }
        Path tgz = work.resolve(NATS_TGZ);
        writeTarGz(binary, NATS_DIR + "/nats-server", tgz);
        publish(tgz, NATS_TGZ);
        writeAtomically(NATS_SUMS, ChecksumFiles.line(ChecksumFiles.sha256(cacheDir.resolve(NATS_TGZ)), NATS_TGZ));
    }

    /** NATS's release layout: a gzipped tar holding {@code FOLDER/nats-server}, executable, owned by root. */
    static void writeTarGz(Path binary, String entryName, Path tgz) throws IOException {
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entryName);
            entry.setMode(0100755);
            entry.setSize(Files.size(binary));
            entry.setModTime(Files.getLastModifiedTime(binary));
            entry.setIds(0, 0);
            entry.setNames("root", "root");
            out.putArchiveEntry(entry);
            try (var in = Files.newInputStream(binary)) {
                in.transferTo(out);
            }
            out.closeArchiveEntry();
        }
    }

    /** HashiCorp's layout: one executable entry named {@code consul} at the root of the zip. */
    static void writeZip(Path binary, Path zip) throws IOException {
        try (var out = new ZipArchiveOutputStream(zip)) {
            var entry = new ZipArchiveEntry("consul");
            entry.setUnixMode(0100755);
            entry.setSize(Files.size(binary));
            entry.setLastModifiedTime(FileTime.from(Files.getLastModifiedTime(binary).toInstant()));
            out.putArchiveEntry(entry);
            try (var in = Files.newInputStream(binary)) {
                in.transferTo(out);
            }
            out.closeArchiveEntry();
        }
    }

    private void publish(Path file, String name) throws IOException {
        Path tmp = cacheDir.resolve(name + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, cacheDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path tmp = cacheDir.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, cacheDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> concat(List<String> a, String... b) {
        var l = new java.util.ArrayList<>(a);
        l.addAll(List.of(b));
        return l;
    }

}
