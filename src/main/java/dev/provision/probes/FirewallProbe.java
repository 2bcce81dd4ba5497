package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.ParallelHosts;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * firewalld opens exactly each host's role ports (and SSH), and the network agrees: from the
 * controller those ports answer, and Consul's HTTP port, which must stay private, does not.
 */
public final class FirewallProbe implements Probe {
    /** A port that must not answer from outside on any host: Consul's HTTP API (loopback only). */
    static final int CLOSED_PORT = Deployment.CONSUL_HTTP_PORT;

    @Override
    public String id() {
        return "firewall";
    }

    @Override
    public String title() {
        return "Firewall: exactly each role's ports open";
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        Deployment d = ctx.deployment();
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        List<Host> hosts = ctx.inventory().hosts();
        // firewall-cmd is a slow Python program: ask every host at once, report in inventory order.
        List<HostCheck> checks = ParallelHosts.map(hosts, Math.max(1, Math.min(10, hosts.size())), h -> check(ctx, d, h),
                (h, e) -> new HostCheck(List.of("check failed: " + e.getMessage()), List.of()), r -> {});
        int good = 0;
        for (int i = 0; i < hosts.size(); i++) {
            HostCheck hc = checks.get(i);
            if (hc.problems().isEmpty()) good++;
            for (String p : hc.problems()) problems.add(hosts.get(i).name() + ": " + p);
            details.addAll(hc.details());
        }
        String expected = "on each host only SSH and its role's ports (" + String.join("; ",
                hosts.stream().map(h -> h.name() + " " + String.join(" ", d.firewallPorts(h))).toList())
                + "); those answer, " + CLOSED_PORT + " does not";
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected,
                good + " of " + hosts.size() + " hosts as expected", Duration.ofNanos(System.nanoTime() - start),
                String.join("; ", problems), details);
    }

    private record HostCheck(List<String> problems, List<String> details) {}

    private static HostCheck check(ProbeContext ctx, Deployment d, Host h) {
        var hostProblems = new ArrayList<String>();
        var details = new ArrayList<String>();
        Optional<Connector> c = ctx.connector(h);
        var wanted = new TreeSet<>(d.firewallPorts(h));
        if (c.isEmpty()) {
            hostProblems.add("unreachable over SSH");
        } else {
            checkZone(c.get(), d.firewallZone(), wanted, hostProblems, details);
        }
        for (int port : d.listeningPorts(h)) {
            Optional<String> err = ctx.ports().connect(h.address(), port);
            if (err.isPresent()) hostProblems.add("port " + port + " does not answer from the controller: " + err.get());
        }
        Optional<String> closed = ctx.ports().connect(h.address(), CLOSED_PORT);
        if (closed.isEmpty()) {
            hostProblems.add("port " + CLOSED_PORT + " answers from the controller but must be closed");
        } else {
            details.add(h.name() + ": port " + CLOSED_PORT + " closed from the controller (" + closed.get() + ")");
        }
        return new HostCheck(hostProblems, details);
    }

    private static void checkZone(Connector c, String zone, TreeSet<String> wanted, List<String> problems,
            List<String> details) {
        String name = c.host().name();
        ExecResult ports = c.run(RemoteCommand.of("firewall-cmd", "--zone=" + zone, "--list-ports").asRoot()
                .withTimeout(Duration.ofSeconds(30)));
        if (!ports.ok()) {
            problems.add("firewall-cmd --list-ports failed (exit " + ports.exitStatus() + "): " + ports.errorText());
            return;
        }
        var open = new TreeSet<>(Arrays.asList(ports.stdout().strip().split("\\s+")));
        open.remove("");
        details.add(name + ": zone " + zone + " opens " + String.join(" ", open));
        var missing = new TreeSet<>(wanted);
        missing.removeAll(open);
        var extra = new TreeSet<>(open);
        extra.removeAll(wanted);
        if (!missing.isEmpty()) problems.add("not open: " + String.join(" ", missing));
        if (!extra.isEmpty()) problems.add("open but not of its role: " + String.join(" ", extra));
        // A firewalld service (ssh, dhcpv6-client) opens ports too: the zone must list none.
        ExecResult services = c.run(RemoteCommand.of("firewall-cmd", "--zone=" + zone, "--list-services").asRoot()
                .withTimeout(Duration.ofSeconds(30)));
        if (services.ok() && !services.stdout().isBlank()) {
            problems.add("services open ports besides the role's: " + services.stdout().strip());
        }
    }
}
