package dev.provision.probes;

import java.time.Duration;

/**
 * How verify measures, from its command line.
 *
 * @param requestsPerReplica requests each replica should answer in the round-robin probe
 * @param timeout limit for a membership change to show at the balancer
 * @param disruptive run the maintenance and failover probes
 * @param requestTimeout limit for one request through the balancer
 * @param pacing pause between requests while watching a change (maintenance probe)
 * @param loadRate requests per second of the failover probe's load
 * @param loadDuration how long the failover probe's load runs
 * @param settle how long a failing read-only probe is retried while a fresh deployment settles
 * @param strict turn warnings into failures (a Consul member that is not in the inventory)
 */
public record VerifyOptions(
        int requestsPerReplica,
        Duration timeout,
        boolean disruptive,
        Duration requestTimeout,
        Duration pacing,
        int loadRate,
        Duration loadDuration,
        Duration settle,
        boolean strict) {

    public static VerifyOptions defaults() {
        return new VerifyOptions(10, Duration.ofSeconds(15), true, Duration.ofSeconds(5), Duration.ofMillis(100), 20,
                Duration.ofSeconds(20), Duration.ofSeconds(20), false);
    }

    public VerifyOptions withRequests(int n) {
        return new VerifyOptions(n, timeout, disruptive, requestTimeout, pacing, loadRate, loadDuration, settle, strict);
    }

    public VerifyOptions withTimeout(Duration t) {
        return new VerifyOptions(requestsPerReplica, t, disruptive, requestTimeout, pacing, loadRate, loadDuration, settle, strict);
    }

    public VerifyOptions withDisruptive(boolean d) {
        return new VerifyOptions(requestsPerReplica, timeout, d, requestTimeout, pacing, loadRate, loadDuration, settle, strict);
    }

    public VerifyOptions withSettle(Duration d) {
        return new VerifyOptions(requestsPerReplica, timeout, disruptive, requestTimeout, pacing, loadRate, loadDuration, d, strict);
    }

    public VerifyOptions withLoad(int rate, Duration duration, Duration pace) {
        return new VerifyOptions(requestsPerReplica, timeout, disruptive, requestTimeout, pace, rate, duration, settle, strict);
    }

    public VerifyOptions withStrict(boolean s) {
        return new VerifyOptions(requestsPerReplica, timeout, disruptive, requestTimeout, pacing, loadRate, loadDuration,
                settle, s);
    }
}
