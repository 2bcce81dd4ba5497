package dev.provision.lab;

import java.nio.file.Path;

/**
 * Where a lab keeps its things. Per-lab state lives under /var/lib/provision/labs/NAME and is
 * removed by {@code lab down}; caches (base image, package cache, artifacts) live under
 * /var/cache/provision and survive it, so the next {@code lab up} is fast.
 */
public record LabLayout(Path stateRoot, Path cacheRoot, String name) {
    public static final Path STATE_ROOT = Path.of("/var/lib/provision/labs");
    public static final Path CACHE_ROOT = Path.of("/var/cache/provision");

    public static LabLayout of(String name) {
        return new LabLayout(STATE_ROOT, CACHE_ROOT, name);
    }

    public Path labDir() {
        return stateRoot.resolve(name);
    }

    public Path hostsDir() {
        return labDir().resolve("hosts");
    }

    public Path hostDir(String host) {
        return hostsDir().resolve(host);
    }

    /** The host's root as the container sees it (an overlay mount, or a copy). */
    public Path hostRoot(String host) {
        return hostDir(host).resolve("root");
    }

    public Path pidFile(String host) {
        return hostDir(host).resolve("nspawn.pid");
    }

    public Path consoleLog(String host) {
        return hostDir(host).resolve("console.log");
    }

    public Path privateKey() {
        return labDir().resolve("id_ed25519");
    }

    public Path knownHosts() {
        return labDir().resolve("known_hosts");
    }

    public Path inventory() {
        return labDir().resolve("inventory.yaml");
    }

    public Path artifactsDir() {
        return labDir().resolve("artifacts");
    }

    public Path stateFile() {
        return labDir().resolve("lab.properties");
    }

    public Path packageCacheDir() {
        return labDir().resolve("apt-cacher-ng");
    }

    public Path imagesCache() {
        return cacheRoot.resolve("images");
    }

    public Path aptCacherCache() {
        return cacheRoot.resolve("apt-cacher-ng");
    }

    public Path artifactsCache() {
        return cacheRoot.resolve("artifacts");
    }
}
