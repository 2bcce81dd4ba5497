package dev.provision.engine;

/**
 * How one step went on one host.
 *
 * @param status ok, changed or failed
 * @param detail what differed, or why it failed (secrets masked)
 */
public record StepResult(String name, Status status, double seconds, String detail) {
    public enum Status { OK, CHANGED, FAILED }
}
