package dev.provision.engine;

import java.util.List;

/**
 * One host's outcome: its steps in order, or why it could not be reached.
 *
 * @param heldBy when another run held the host's lock: that run, as it described itself; else null
 */
public record HostResult(String host, boolean unreachable, String error, List<StepResult> steps, double seconds,
        String heldBy) {

    public HostResult(String host, boolean unreachable, String error, List<StepResult> steps, double seconds) {
        this(host, unreachable, error, steps, seconds, null);
    }

    public long count(StepResult.Status s) {
        return steps.stream().filter(r -> r.status() == s).count();
    }

    public boolean failed() {
        return count(StepResult.Status.FAILED) > 0 || (error != null && !unreachable);
    }

    /** Another run held this host: this run changed nothing anywhere. */
    public boolean busy() {
        return heldBy != null;
    }
}
