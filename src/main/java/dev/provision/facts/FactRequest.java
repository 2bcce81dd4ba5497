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

    /** Everything another request asks for, added to this one. */
    public FactRequest addAll(FactRequest other) {
        other.files.forEach((p, large) -> files.merge(p, large, (a, b) -> a && b));
        contents.addAll(other.contents);
        packages.addAll(other.packages);
        users.addAll(other.users);
        units.addAll(other.units);
        return this;
    }

    /** True when every fact {@code other} asks for is asked for here too. */
    public boolean covers(FactRequest other) {
        return files.keySet().containsAll(other.files.keySet()) && contents.containsAll(other.contents)
                && packages.containsAll(other.packages) && users.containsAll(other.users) && units.containsAll(other.units);
    }

    /** The facts asked for here that {@code other} does not ask for. */
    public FactRequest without(FactRequest other) {
        var out = new FactRequest();
        files.forEach((p, large) -> {
            if (!other.files.containsKey(p)) out.files.put(p, large);
        });
        contents.stream().filter(c -> !other.contents.contains(c)).forEach(out.contents::add);
        packages.stream().filter(c -> !other.packages.contains(c)).forEach(out.packages::add);
        users.stream().filter(c -> !other.users.contains(c)).forEach(out.users::add);
        units.stream().filter(c -> !other.units.contains(c)).forEach(out.units::add);
        return out;
    }

    /** The facts asked for both here and in {@code other}. */
    public FactRequest within(FactRequest other) {
        return without(without(other));
    }

    public boolean isEmpty() {
        return files.isEmpty() && contents.isEmpty() && packages.isEmpty() && users.isEmpty() && units.isEmpty();
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
