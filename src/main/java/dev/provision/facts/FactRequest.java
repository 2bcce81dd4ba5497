package dev.provision.facts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every fact the steps of one host need, collected before anything runs so that they are all
 * read by one command (one round trip per host instead of one per step).
 */
public final class FactRequest {
    /** path -> true when its digest may come from the checksum cache (big binaries). */
    private final Map<String, Boolean> files = new LinkedHashMap<>();
    private final Set<String> contents = new LinkedHashSet<>();
    private final Set<String> packages = new LinkedHashSet<>();
    private final Set<String> users = new LinkedHashSet<>();
    private final Set<String> units = new LinkedHashSet<>();

    /** Stat and sha256 of a path. */
    public FactRequest file(String path) {
        files.merge(path, false, (a, b) -> a && b);
        return this;
    }

    /**
     * As {@link #file}, for a large file provision itself uploaded: its digest is taken from
     * {@link FactScript#SUMS_DIR} while size, mtime and inode are unchanged, so a re-run does
     * not hash a 100 MB binary on every host.
     */
    public FactRequest largeFile(String path) {
        files.merge(path, true, (a, b) -> a && b);
        return this;
    }

    /** The text of a small file (a firewalld zone), to say what differs. */
    public FactRequest content(String path) {
        contents.add(path);
        return this;
    }

    public FactRequest packages(Iterable<String> names) {
        names.forEach(packages::add);
        return this;
    }

    public FactRequest user(String name) {
        users.add(name);
        return this;
    }

    public FactRequest unit(String name) {
        units.add(name);
        return this;
    }

    Map<String, Boolean> files() {
        return files;
    }

    Set<String> contents() {
        return contents;
    }

    Set<String> packages() {
        return packages;
    }

    Set<String> users() {
        return users;
    }

    Set<String> units() {
        return units;
    }
}
