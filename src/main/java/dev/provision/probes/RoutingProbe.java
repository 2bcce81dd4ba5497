package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.Format;
import dev.provision.report.ProbeResult;
import dev.provision.report.Rotation;
import dev.provision.report.ServiceRotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Every declared service's gateway route reaches only that service's instances, and they answer
 * in a strict round robin over the instances Consul reports passing for it: N requests per
 * passing instance, each on a fresh connection, through the balancer's one front door.
 */
public final class RoutingProbe implements Probe {
    @Override
    public String id() {
        return "routing";
    }

    @Override
    public String title() {
        return "Routing: each route reaches only its service, in strict rotation over its passing instances";
    }

    /** A traffic measurement: never repeated until it passes; it waits for each service to settle instead. */
    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        int n = Math.max(RoundRobinVerdict.MIN_PER_REPLICA, ctx.options().requestsPerReplica());
        List<ServiceTarget> services = ctx.services();
        Host gateway = ctx.deployment().balancer();
        int lbPort = ctx.deployment().lbPort();
        Map<Integer, String> portOwners = new LinkedHashMap<>();
        services.forEach(s -> portOwners.putIfAbsent(s.port(), s.name()));
        var expected = new ArrayList<String>();
        var actual = new ArrayList<String>();
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        for (ServiceTarget s : services) {
            String path = s.identityPath();
            String url = "http://" + gateway.address() + ":" + lbPort + path;
            Settling.Outcome settle = Settling.await(ctx, ctx.options().settle(), s.name(), s.hosts());
            details.add(s.name() + ": " + (settle.settled() ? "settled on look " + settle.attempts().size()
                    : "not settled after " + settle.attempts().size() + " looks in " + Format.duration(ctx.options().settle())
                            + "; measured once anyway"));
            settle.lines().forEach(l -> details.add(s.name() + ": " + l));
            ConsulCatalog.Read catalog = settle.settled() ? settle.catalog() : ConsulCatalog.passing(ctx, s.name());
            if (!catalog.ok()) {
                expected.add(s.name() + " at " + path + ": its passing instances");
                actual.add(s.name() + ": not measured");
                problems.add(s.name() + ": cannot tell which instances are passing: " + catalog.error());
                continue;
            }
            var passing = new LinkedHashSet<>(catalog.nodes());
            expected.add(path + " -> only " + s.name() + ", " + n + " answers from each of " + String.join(", ", passing));
            var answers = new ArrayList<RoutingVerdict.Answer>();
            var sequence = new ArrayList<String>();
            int total = n * Math.max(1, passing.size());
            for (int i = 0; i < total; i++) {
                var a = RoutingVerdict.Answer.of(ctx.http().get(gateway.address(), lbPort, path), ctx.inventory().hosts(),
                        portOwners);
                answers.add(a);
                sequence.add(!a.ok() ? Rotation.FAILED : s.name().equals(a.service()) ? String.valueOf(a.node())
                        : a.service() + "@" + a.node());
            }
            ctx.recordServiceRotation(new ServiceRotation(s.name(), path, new Rotation(sequence, n, List.copyOf(passing),
                    settle.attempts())));
            var verdict = RoutingVerdict.judge(s.name(), path, answers, passing, n);
            ConsulCatalog.Read after = ConsulCatalog.passing(ctx, s.name());
            var counts = new Rotation(sequence, n, List.copyOf(passing)).distribution();
            actual.add(path + " (" + url + "): " + (verdict.passed() ? verdict.summary() + "; " : "") + String.join(", ",
                    counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
            details.add(s.name() + " sequence: " + String.join(" ", sequence));
            verdict.problems().forEach(p -> problems.add(s.name() + ": " + p));
            if (after.ok() && !new LinkedHashSet<>(after.nodes()).equals(passing)) {
                problems.add(s.name() + ": Consul's passing instances changed during the measurement (before: "
                        + String.join(", ", passing) + "; after: " + String.join(", ", after.nodes()) + ")");
            }
        }
        return ProbeResult.of(problems.isEmpty(), id(), title(), String.join("; ", expected), String.join("; ", actual),
                Duration.ofNanos(System.nanoTime() - start), String.join("; ", problems), details);
    }
}
