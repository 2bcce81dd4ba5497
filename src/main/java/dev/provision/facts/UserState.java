package dev.provision.facts;

/** A local account from {@code getent passwd}. */
public record UserState(String name, int uid, int gid, String home, String shell) {

    /** Parses one getent passwd line ("consul:x:998:998::/var/lib/consul:/usr/sbin/nologin"). */
    public static UserState parse(String line) {
        String[] f = line.split(":", -1);
        if (f.length < 7) throw new IllegalArgumentException("not a passwd line: " + line);
        return new UserState(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5], f[6]);
    }
}
