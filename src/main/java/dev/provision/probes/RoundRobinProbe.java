package dev.provision.probes;

import dev.provision.report.Format;
import dev.provision.report.ProbeResult;
import dev.provision.report.Rotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Sequential requests to the balancer, each on a fresh connection, are answered by every
 * replica Consul reports passing, exactly N times each, in a strict rotation.
 */
public final class RoundRobinProbe implements Probe {
    @Override
    public String id() {
        return "round-robin";
    }

    @Override
    public String title() {
        return "Round robin: every passing replica answers its share, in strict rotation";
    }

    /**
     * Never asked again because its verdict failed: a measurement repeated until it passes proves
     * nothing. It waits instead for the deployment to settle, judged from Consul's and HAProxy's
     * state ({@link Settling}), then measures once.
     */
    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        int n = ctx.options().requestsPerReplica();
        if (n < RoundRobinVerdict.MIN_PER_REPLICA) {
            return ProbeResult.failed(id(), title(), "at least " + RoundRobinVerdict.MIN_PER_REPLICA
                    + " answers from each passing replica", "not measured", took(start),
                    n + " requests per replica cannot show a rotation (any order of fewer than "
                            + RoundRobinVerdict.MIN_PER_REPLICA + " rounds looks like one)", List.of());
        }
        Settling.Outcome settle = Settling.await(ctx, ctx.options().settle());
        var details = new ArrayList<String>();
        details.add(settle.settled()
                ? "settled on look " + settle.attempts().size() + " (Consul and HAProxy agree); measured once"
                : "not settled after " + settle.attempts().size() + " looks in " + Format.duration(ctx.options().settle())
                        + " (--settle); measured once anyway, against what Consul lists as passing");
        details.addAll(settle.lines());
        // Unsettled, the last look may be a second old: judge against what Consul says right now.
        ConsulCatalog.Read catalog = settle.settled() ? settle.catalog() : ConsulCatalog.passing(ctx);
        if (!catalog.ok()) {
            return ProbeResult.failed(id(), title(), n + " answers from each passing replica", "not measured",
                    took(start), "cannot tell which replicas are passing: " + catalog.error(), details);
        }
        var passing = new LinkedHashSet<>(catalog.nodes());
        String expected = n + " answers from each of " + String.join(", ", passing) + " ("
                + (n * passing.size()) + " requests), in strict rotation";
        // The rotation is the balancer's doing: name it, so a wrong rotation points at its host.
        String through = "through " + ctx.deployment().balancer().name() + " (" + ctx.balancer().url() + "): ";
        var names = new ReplicaNames(ctx.replicas());
        var sequence = new ArrayList<String>();
        var answered = new ArrayList<String>();
        var failures = new ArrayList<String>();
        int total = n * Math.max(1, passing.size());
        for (int i = 0; i < total; i++) {
            HttpAnswer a = ctx.balancer().get();
            var who = names.of(a);
            if (who.isPresent()) {
                sequence.add(who.get());
                answered.add(who.get());
            } else {
                sequence.add(Rotation.FAILED);
                failures.add("request " + (i + 1) + ": " + (a.ok() ? "answer names no replica" : a.describe()));
            }
        }
        ConsulCatalog.Read after = ConsulCatalog.passing(ctx);
        ctx.recordRotation(new Rotation(sequence, n, List.copyOf(passing), settle.attempts()));
        var verdict = RoundRobinVerdict.judge(answered, passing, n);
        var problems = new ArrayList<String>();
        if (!failures.isEmpty()) {
            problems.add(failures.size() + " of " + total + " requests to " + ctx.balancer().url() + " failed ("
                    + failures.get(0) + ")");
        }
        problems.addAll(verdict.problems());
        if (after.ok() && !new LinkedHashSet<>(after.nodes()).equals(passing)) {
            problems.add("Consul's passing replicas changed during the measurement (before: " + String.join(", ", passing)
                    + "; after: " + String.join(", ", after.nodes()) + "): it cannot be judged");
        }
        if (!after.ok()) details.add("Consul not readable after the measurement: " + after.error());
        if (!settle.settled()) {
            // Context for a failure, not a failure itself: a replica that is down is the catalog's finding.
            problems.add("measured unsettled (" + String.join("; ",
                    settle.attempts().get(settle.attempts().size() - 1).problems()) + ")");
        }
        var counts = new Rotation(sequence, n, List.copyOf(passing)).distribution();
        String actual = through + (verdict.passed() && failures.isEmpty() ? verdict.summary() + "; " : "")
                + String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        details.add("sequence: " + String.join(" ", sequence));
        details.addAll(failures.stream().limit(10).toList());
        boolean ok = verdict.passed() && failures.isEmpty() && (!after.ok() || new LinkedHashSet<>(after.nodes())
                .equals(passing));
        return ProbeResult.of(ok, id(), title(), expected, actual, took(start), String.join("; ", problems), details);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
