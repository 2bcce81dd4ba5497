package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.json.Json;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NATS broker: on every host of the brokers group, the {@code nats-server} unit is active
 * and its monitoring port answers {@code /healthz}; Consul lists exactly one passing instance of
 * the broker's service per broker, at its address and client port, and none elsewhere; and, when
 * the brokers form a cluster, each one's {@code /routez} shows a route to every other broker.
 * The monitoring port is on loopback, so it is asked from the host itself over SSH, as Consul's
 * API is. Not part of a deployment without brokers.
 */
public final class BrokerProbe implements Probe {
    /** The systemd unit the broker playbook installs. */
    public static final String UNIT = "nats-server";

    @Override
    public String id() {
        return "broker";
    }

    @Override
    public String title() {
        return "Broker: every NATS server up, registered in Consul and passing; routes to every other broker when clustered";
    }

    @Override
    public boolean appliesTo(Deployment deployment) {
        return !deployment.brokers().isEmpty();
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        Deployment d = ctx.deployment();
        List<Host> brokers = d.brokers();
        String service = d.brokerService();
        boolean clustered = d.brokersClustered();
        String expected = brokers.size() + " broker" + (brokers.size() == 1 ? "" : "s") + " (" + String.join(", ",
                brokers.stream().map(b -> b.name() + " at " + b.address() + ":" + d.natsClientPort(b)).toList())
                + "): " + UNIT + " active, /healthz 200, one passing '" + service + "' instance each"
                + (clustered ? ", one cluster: routes from each to the " + (brokers.size() - 1) + " others"
                        : ", a single server");
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        var summary = new ArrayList<String>();
        for (Host b : brokers) {
            summary.add(b.name() + " " + checkHost(ctx, b, brokers, clustered, problems, details));
        }

        ConsulCatalog.Read read = ConsulCatalog.passing(ctx, service);
        if (!read.ok()) {
            problems.add(read.error());
        } else {
            for (ConsulCatalog.Instance i : read.instances()) {
                details.add("Consul: " + i.serviceId() + " on " + i.node() + " at " + i.address() + ":" + i.port() + " passing");
            }
            for (Host b : brokers) {
                var mine = read.instances().stream().filter(i -> i.node().equals(b.name())).toList();
                int port = d.natsClientPort(b);
                if (mine.isEmpty()) {
                    problems.add(b.name() + " has no passing '" + service + "' instance in Consul");
                } else if (mine.size() > 1) {
                    problems.add(b.name() + " has " + mine.size() + " passing '" + service + "' instances, expected one");
                } else if (!mine.get(0).address().equals(b.address()) || mine.get(0).port() != port) {
                    problems.add(b.name() + " is registered at " + mine.get(0).address() + ":" + mine.get(0).port()
                            + ", expected " + b.address() + ":" + port);
                }
            }
            for (ConsulCatalog.Instance i : read.instances()) {
                if (brokers.stream().noneMatch(b -> b.name().equals(i.node()))) {
                    problems.add("instance " + i.serviceId() + " on " + i.node() + " is not a broker in the inventory");
                }
            }
        }
        String actual = String.join("; ", summary) + (read.ok() ? "; Consul: " + read.instances().size() + " passing" : "");
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, Duration.ofNanos(System.nanoTime() - start),
                String.join("; ", problems), details);
    }

    /** One broker's unit, health and routes; returns its short state for the summary. */
    private static String checkHost(ProbeContext ctx, Host b, List<Host> brokers, boolean clustered, List<String> problems,
            List<String> details) {
        Connector c;
        try {
            c = ctx.require(b);
        } catch (ProbeContext.HostUnreachable e) {
            problems.add(b.name() + ": not reachable (" + e.getMessage() + ")");
            return "unreachable";
        }
        int monitor = ctx.deployment().natsMonitorPort(b);
        ExecResult unit = c.run(RemoteCommand.of("systemctl", "is-active", UNIT).withTimeout(Duration.ofSeconds(20)));
        String state = unit.stdout().strip().isEmpty() ? "unknown (exit " + unit.exitStatus() + ")" : unit.stdout().strip();
        details.add(b.name() + ": " + UNIT + " " + state);
        if (!unit.ok()) {
            problems.add(b.name() + ": " + UNIT + " is " + state + ", not active");
            return UNIT + " " + state;
        }
        HttpAnswer health = LoopbackHttp.get(c, monitor, "/healthz");
        details.add(b.name() + ": " + LoopbackHttp.describe(monitor, "/healthz") + " " + health.describe()
                + (health.body().isBlank() ? "" : " " + health.body().strip()));
        if (!health.ok()) {
            problems.add(b.name() + ": /healthz on 127.0.0.1:" + monitor + " answered " + health.describe());
            return "unhealthy";
        }
        if (!clustered) return "up";
        HttpAnswer routez = LoopbackHttp.get(c, monitor, "/routez");
        if (!routez.ok()) {
            problems.add(b.name() + ": /routez on 127.0.0.1:" + monitor + " answered " + routez.describe());
            return "up, routes unknown";
        }
        Set<String> routed = routeAddresses(routez.body());
        details.add(b.name() + ": routes to " + (routed.isEmpty() ? "none" : String.join(", ", routed)));
        var missing = new ArrayList<String>();
        for (Host other : brokers) {
            if (!other.name().equals(b.name()) && !routed.contains(other.address())) missing.add(other.name() + " (" + other.address() + ")");
        }
        if (!missing.isEmpty()) problems.add(b.name() + ": no route to " + String.join(", ", missing));
        return "up, " + (brokers.size() - 1 - missing.size()) + "/" + (brokers.size() - 1) + " routes";
    }

    /** The remote addresses of the routes {@code /routez} lists (its {@code routes[].ip}). */
    static Set<String> routeAddresses(String routezJson) {
        var out = new LinkedHashSet<String>();
        try {
            if (Json.parse(routezJson) instanceof Map<?, ?> m && m.get("routes") instanceof List<?> routes) {
                for (Object r : routes) {
                    if (r instanceof Map<?, ?> route && route.get("ip") instanceof String ip) out.add(ip);
                }
            }
        } catch (IllegalArgumentException notJson) {
            // no routes readable: every other broker is then reported missing
        }
        return out;
    }
}
