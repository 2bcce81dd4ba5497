package dev.provision.engine;

/**
 * How one step went on one host.
 *
 * @param status ok, changed or failed
 * @param detail what differed, or why it failed (secrets masked)
 * @param outOfRotation for a rolled handler that ran ({@code roll:}): seconds the host was out of
 *     service, from its drain to its return (or to its failure); else null
 */
public record StepResult(String name, Status status, double seconds, String detail, Double outOfRotation) {
    public enum Status { OK, CHANGED, FAILED }

    public StepResult(String name, Status status, double seconds, String detail) {
        this(name, status, seconds, detail, null);
    }

    /** A rolled handler that took its host out of service. */
    public boolean rolled() {
        return outOfRotation != null;
    }
}
