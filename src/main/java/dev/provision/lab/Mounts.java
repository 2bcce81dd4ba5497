package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Mount points on this machine, read from /proc/mounts, and their clean removal. */
public final class Mounts {
    private static final Duration T = Duration.ofSeconds(30);

    private Mounts() {}

    /** Every mount point equal to or below {@code dir}, deepest first (the order to unmount them). */
    public static List<Path> under(Path dir) {
        var found = new ArrayList<Path>();
        for (String mp : mountPoints()) {
            Path p = Path.of(mp);
            if (p.startsWith(dir)) {
                found.add(p);
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    public static boolean isMountPoint(Path dir) {
        return mountPoints().contains(dir.toString());
    }

    /** Unmounts everything at or below {@code dir}; a busy mount is detached lazily rather than left behind. */
    public static void unmountAll(Path dir) {
        for (Path p : under(dir)) {
            if (!LocalCommand.succeeds(T, "umount", p.toString())) {
                LocalCommand.check(T, "umount", "-l", p.toString());
            }
        }
    }

    /** Deletes {@code dir} recursively, never crossing into another file system (a forgotten bind mount). */
    public static void removeTree(Path dir) {
        if (Files.exists(dir)) {
            unmountAll(dir);
            LocalCommand.check(Duration.ofMinutes(5), "rm", "-rf", "--one-file-system", dir.toString());
        }
    }

    private static List<String> mountPoints() {
        try {
            var points = new ArrayList<String>();
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1) {
                    points.add(f[1].replace("\\040", " "));
                }
            }
            return points;
        } catch (IOException e) {
            throw ProvisionException.failed("cannot read /proc/mounts: " + e.getMessage());
        }
    }
}
