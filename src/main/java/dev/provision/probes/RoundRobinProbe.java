package dev.provision.probes;

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

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        int n = ctx.options().requestsPerReplica();
        ConsulCatalog.Read catalog = ConsulCatalog.passing(ctx);
        if (!catalog.ok()) {
            return ProbeResult.failed(id(), title(), n + " answers from each passing replica", "not measured",
                    took(start), "cannot tell which replicas are passing: " + catalog.error(), List.of());
        }
        var passing = new LinkedHashSet<>(catalog.nodes());
        String expected = n + " answers from each of " + String.join(", ", passing) + " ("
                + (n * passing.size()) + " requests), in strict rotation";
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
        ctx.recordRotation(new Rotation(sequence, n, List.copyOf(passing)));
        var verdict = RoundRobinVerdict.judge(answered, passing, n);
        var problems = new ArrayList<String>();
        if (!failures.isEmpty()) {
            problems.add(failures.size() + " of " + total + " requests to " + ctx.balancer().url() + " failed ("
                    + failures.get(0) + ")");
        }
        problems.addAll(verdict.problems());
        var counts = new Rotation(sequence, n, List.copyOf(passing)).distribution();
        String actual = (verdict.passed() && failures.isEmpty() ? verdict.summary() + "; " : "")
                + String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        var details = new ArrayList<String>();
        details.add("sequence: " + String.join(" ", sequence));
        details.addAll(failures.stream().limit(10).toList());
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
