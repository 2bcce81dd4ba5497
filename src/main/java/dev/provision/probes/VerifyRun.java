package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import dev.provision.report.Evidence;
import dev.provision.report.ProbeResult;
import dev.provision.report.Topology;
import dev.provision.report.TopologyHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the probes in order and gathers what they measured into one {@link Evidence}. A probe
 * that throws (a host lost mid-way, say) becomes a failed result: one broken claim never hides
 * the others.
 */
public final class VerifyRun {
    private VerifyRun() {}

    /** The probes of {@code provision verify}, in the order they run: cheap and harmless first. */
    public static List<Probe> standardProbes() {
        return List.of(new ReachabilityProbe(), new ConsulClusterProbe(), new CatalogProbe(), new FirewallProbe(),
                new BrokerProbe(), new RoundRobinProbe(), new MaintenanceProbe(), new FailoverProbe());
    }

    /**
     * The probes for this deployment: the standard ones, the broker's when it has brokers, the
     * routing of every declared service, and, when it has a broker and both sample services,
     * publish/subscribe and the broker restart measurement (disruptive, last).
     */
    public static List<Probe> standardProbes(Deployment d) {
        var probes = new ArrayList<Probe>(List.of(new ReachabilityProbe(), new ConsulClusterProbe(), new CatalogProbe(),
                new FirewallProbe()));
        if (new BrokerProbe().appliesTo(d)) probes.add(new BrokerProbe());
        probes.add(new RoundRobinProbe());
        probes.add(new RoutingProbe());
        boolean pubsub = Brokers.of(d, ServiceTarget.of(d)).isPresent();
        if (pubsub) probes.add(new PubSubProbe());
        probes.add(new MaintenanceProbe());
        probes.add(new FailoverProbe());
        if (pubsub) probes.add(new BrokerRestartProbe());
        return List.copyOf(probes);
    }

    /**
     * Facts about the run the evidence records.
     *
     * @param toolVersion provision's version
     * @param commandLine the exact command
     * @param inventorySha256 digest of the inventory file
     */
    public record Meta(String toolVersion, String commandLine, String inventorySha256) {}

    /**
     * @param onEach told of each probe's result as it finishes (the command prints a line)
     * @param haproxyStats reads HAProxy's stats CSV at the end (empty text when it cannot)
     */
    public static Evidence run(ProbeContext ctx, List<Probe> probes, Meta meta, Consumer<ProbeResult> onEach,
            Supplier<String> haproxyStats) {
        Instant started = Instant.now();
        // A probe with nothing to check in this deployment (the broker's, without brokers) is not part of it.
        List<Probe> applicable = probes.stream().filter(p -> p.appliesTo(ctx.deployment())).toList();
        probes = applicable;
        // The round-robin probe waits on HAProxy's server states before measuring.
        ctx.readHaproxyStatsWith(haproxyStats);
        var results = new ArrayList<ProbeResult>();
        for (Probe p : probes) {
            ProbeResult r;
            if (p.disruptive() && !ctx.options().disruptive()) {
                r = ProbeResult.skipped(p.id(), p.title(), "skipped: --no-disruptive");
            } else {
                r = runWithRetry(ctx, p);
            }
            results.add(r);
            onEach.accept(r);
        }
        try {
            String stats = haproxyStats.get();
            ctx.capture(c -> c.withHaproxyStats(stats));
        } catch (RuntimeException e) {
            ctx.capture(c -> c.withHaproxyStats("(not captured: " + e.getMessage() + ")"));
        }
        Inventory inv = ctx.inventory();
        return new Evidence(meta.toolVersion(), meta.commandLine(), inv.source().toString(), meta.inventorySha256(),
                started, Instant.now(), topology(inv, ctx.deployment()), results, ctx.rotation(), ctx.maintenance(),
                ctx.failover(), ctx.captured(), probes.stream().filter(Probe::required).map(Probe::id).toList(),
                List.copyOf(ctx.serviceRotations().values()), ctx.delivery(), ctx.brokerRestart());
    }

    /**
     * Runs a probe; a retryable one (a read of state, never a traffic measurement) that fails is
     * asked again, once a second, until it passes or the settle time is over (like goss's
     * retry-timeout). Its result lists every attempt and why each earlier one failed.
     */
    static ProbeResult runWithRetry(ProbeContext ctx, Probe p) {
        long start = System.nanoTime();
        long deadline = start + ctx.options().settle().toNanos();
        int attempts = 1;
        ProbeResult r = runOne(ctx, p);
        var earlier = new ArrayList<String>();
        while (r.failed() && p.retryable() && System.nanoTime() + RETRY_PAUSE.toNanos() < deadline) {
            earlier.add("attempt " + attempts + " at " + dev.provision.report.Format.millis(
                    (System.nanoTime() - start) / 1_000_000) + " failed: " + r.error().orElse("failed"));
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            attempts++;
            r = runOne(ctx, p);
        }
        if (attempts == 1) return r;
        String took = dev.provision.report.Format.duration(Duration.ofNanos(System.nanoTime() - start));
        var details = new ArrayList<>(r.details());
        details.add(0, (r.passed() ? "passed on attempt " + attempts : "still failing after " + attempts + " attempts")
                + " (retried while the deployment settles, " + took + " in all)");
        details.addAll(1, earlier);
        return new ProbeResult(r.id(), r.title(), r.status(), r.expected(), r.actual(),
                Duration.ofNanos(System.nanoTime() - start), r.error(), details);
    }

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    static ProbeResult runOne(ProbeContext ctx, Probe p) {
        long start = System.nanoTime();
        try {
            return p.run(ctx);
        } catch (ProbeContext.HostUnreachable e) {
            return ProbeResult.failed(p.id(), p.title(), "", "not measured", Duration.ofNanos(System.nanoTime() - start),
                    e.getMessage(), List.of());
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return ProbeResult.failed(p.id(), p.title(), "", "not measured", Duration.ofNanos(System.nanoTime() - start),
                    "probe could not run: " + why, List.of());
        }
    }

    /**
     * The deployment as the diagram draws it: each host with the TCP ports its roles serve on,
     * and what else it runs (a second service, the broker).
     */
    public static Topology topology(Inventory inv, Deployment d) {
        List<ServiceTarget> services = ServiceTarget.of(d);
        List<Host> brokers = inv.hostsIn(Brokers.GROUP);
        var hosts = new ArrayList<TopologyHost>();
        for (Host h : inv.hosts()) {
            var ports = new ArrayList<Integer>();
            var extras = new ArrayList<String>();
            if (h.has(Role.LOAD_BALANCER)) {
                ports.add(d.lbPort());
                ports.add(d.statsPort());
            }
            if (h.has(Role.SERVICE)) ports.add(d.servicePort());
            for (ServiceTarget s : services) {
                if (s.name().equals(d.serviceName()) || s.hosts().stream().noneMatch(x -> x.name().equals(h.name()))) continue;
                ports.add(s.port());
                extras.add(s.name() + " :" + s.port());
            }
            if (brokers.stream().anyMatch(b -> b.name().equals(h.name()))) {
                int port = d.value(h, "nats_client_port") instanceof Integer p ? p : 4222;
                ports.add(port);
                extras.add("NATS broker :" + port);
            }
            if (h.has(Role.CONSUL_SERVER)) ports.add(8300);
            ports.add(8301);
            hosts.add(new TopologyHost(h.name(), h.address(), h.roles(), ports.stream().distinct().toList(), extras));
        }
        var declared = services.size() > 1 ? services.stream()
                .map(s -> new Topology.Service(s.name(), s.route(), s.port(), s.group())).toList() : List.<Topology.Service>of();
        return new Topology(hosts, d.serviceName(), d.servicePort(), d.lbPort(), d.statsPort(), declared,
                brokers.stream().map(Host::name).toList());
    }
}
