package dev.provision.engine;

import java.util.List;

/** One host's outcome: its steps in order, or why it could not be reached. */
public record HostResult(String host, boolean unreachable, String error, List<StepResult> steps, double seconds) {
    public long count(StepResult.Status s) {
        return steps.stream().filter(r -> r.status() == s).count();
    }

    public boolean failed() {
        return count(StepResult.Status.FAILED) > 0 || (error != null && !unreachable);
    }
}
