package dev.provision.report;

/** How a probe ended. A skipped probe (say, a disruptive one under --no-disruptive) fails nothing. */
public enum ProbeStatus {
    PASSED,
    FAILED,
    SKIPPED;

    /** Lower-case name, as the reports print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
