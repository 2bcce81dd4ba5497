package dev.provision.facts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The state of one host as the fact script read it (see {@link FactCache} for how it stays current). */
public record HostFacts(
        Os os,
        Map<String, FileState> files,
        Map<String, String> contents,
        Set<String> installedPackages,
        Map<String, UserState> users,
        Map<String, UnitState> units) {

    public FileState file(String path) {
        FileState f = files.get(path);
        if (f == null) throw new IllegalStateException("fact not gathered for file " + path);
        return f;
    }

    /** The text of a small file; empty when it does not exist. */
    public Optional<String> content(String path) {
        if (!contents.containsKey(path)) throw new IllegalStateException("fact not gathered for content of " + path);
        return Optional.ofNullable(contents.get(path));
    }

    public boolean installed(String pkg) {
        return installedPackages.contains(pkg);
    }

    public Optional<UserState> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public UnitState unit(String name) {
        UnitState u = units.get(name);
        if (u == null) throw new IllegalStateException("fact not gathered for unit " + name);
        return u;
    }

    /** These facts with those {@code read} asked for replaced by {@code fresh}'s. */
    HostFacts updatedWith(HostFacts fresh, FactRequest read) {
        var f = new LinkedHashMap<>(files);
        f.putAll(fresh.files);
        var c = new HashMap<>(contents);
        c.putAll(fresh.contents);
        var p = new HashSet<>(installedPackages);
        p.removeAll(read.packages());
        p.addAll(fresh.installedPackages);
        var u = new HashMap<>(users);
        read.users().forEach(u::remove);
        u.putAll(fresh.users);
        var n = new HashMap<>(units);
        n.putAll(fresh.units);
        return new HostFacts(os, f, c, p, u, n);
    }
}
