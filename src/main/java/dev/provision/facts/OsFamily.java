package dev.provision.facts;

/** The two families of Linux the playbooks know: they differ in package manager and package names. */
public enum OsFamily {
    DEBIAN,
    RHEL;

    /** The key used in playbooks for per-family values ("debian", "rhel"). */
    public String key() {
        return name().toLowerCase();
    }
}
