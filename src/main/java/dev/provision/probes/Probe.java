package dev.provision.probes;

import dev.provision.report.ProbeResult;

/**
 * One claim about the deployment and the measurement that checks it. A probe reports failure
 * in its result rather than throwing; one that changes anything restores it before returning.
 */
public interface Probe {
    /** Short stable id: "round-robin". */
    String id();

    /** The claim, in words: "Requests rotate over every passing replica". */
    String title();

    /** True for probes that disturb the deployment (skipped with --no-disruptive). */
    default boolean disruptive() {
        return false;
    }

    /**
     * True for probes the evidence cannot pass without: a required probe that is skipped fails
     * the run's verdict. The disruptive ones are optional ({@code --no-disruptive} skips them,
     * and the report says so).
     */
    default boolean required() {
        return !disruptive();
    }

    /**
     * True for read-only probes worth asking again while a deployment settles (a replica just
     * restarted is not passing for a few seconds); false where a retry cannot change the answer.
     */
    default boolean retryable() {
        return !disruptive();
    }

    /**
     * False when the deployment has nothing for this probe to check (no brokers group: no broker
     * probe). Such a probe is left out of the run, its report and its required probes.
     */
    default boolean appliesTo(dev.provision.deployment.Deployment deployment) {
        return true;
    }

    ProbeResult run(ProbeContext context);
}
