package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.parallel.Forks;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * firewalld opens exactly each host's role ports (and SSH), and the network agrees. Two sides:
 * firewalld's runtime state (the default zone, every active zone with its target, services
 * expanded to their ports, ports, protocols, rich rules and forward ports), and the controller's
 * view: each role port is not filtered, and a port that must be closed is filtered while a test
 * listener sits behind it (a refused connection proves nothing about a firewall).
 */
public final class FirewallProbe implements Probe {
    private static final Duration FIREWALL_CMD_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String id() {
        return "firewall";
    }

    @Override
    public String title() {
        return "Firewall: exactly each role's ports open, the rest filtered";
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        Deployment d = ctx.deployment();
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        List<Host> hosts = ctx.inventory().hosts();
        // firewall-cmd is a slow Python program: ask every host at once, report in inventory order.
        List<HostCheck> checks = Forks.map(hosts, 10, h -> check(ctx, d, h),
                (h, e) -> new HostCheck(List.of("check failed: " + e.getMessage()), List.of(), "not checked"));
        int good = 0;
        var actual = new ArrayList<String>();
        for (int i = 0; i < hosts.size(); i++) {
            HostCheck hc = checks.get(i);
            if (hc.problems().isEmpty()) good++;
            else actual.add(hosts.get(i).name() + ": " + hc.summary());
            for (String p : hc.problems()) problems.add(hosts.get(i).name() + ": " + p);
            details.addAll(hc.details());
        }
        String expected = "default zone " + d.firewallZone() + "; on each host only SSH and its role's ports ("
                + String.join("; ", hosts.stream().map(h -> h.name() + " " + String.join(" ", d.firewallPorts(h))).toList())
                + "), not filtered from the controller; " + d.consulHttpPort() + " filtered while a test listener runs on it";
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected,
                good + " of " + hosts.size() + " hosts as expected" + (actual.isEmpty() ? "" : "; " + String.join("; ", actual)),
                Duration.ofNanos(System.nanoTime() - start), String.join("; ", problems), details);
    }

    /**
     * @param summary what was open that should not be (or what is missing), in a few words
     */
    private record HostCheck(List<String> problems, List<String> details, String summary) {}

    private static HostCheck check(ProbeContext ctx, Deployment d, Host h) {
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        var opened = new TreeSet<String>();
        Optional<Connector> c = ctx.connector(h);
        var wanted = new LinkedHashSet<>(d.firewallPorts(h));
        if (c.isEmpty()) {
            problems.add("unreachable over SSH");
        } else {
            try {
                judgeState(c.get(), d.firewallZone(), wanted, problems, details, opened);
            } catch (RuntimeException e) {
                problems.add("firewalld's state not read: " + e.getMessage());
            }
        }
        fromController(ctx, d, h, c, problems, details, opened);
        String summary = opened.isEmpty() ? String.join("; ", problems) : "open but not of its role: " + String.join(" ", opened);
        return new HostCheck(problems, details, summary);
    }

    /** Reads firewalld's runtime state on the host and judges it; what is open besides the role's goes into {@code opened}. */
    private static void judgeState(Connector c, String zone, Set<String> wanted, List<String> problems,
            List<String> details, Set<String> opened) {
        String name = c.host().name();
        ExecResult r = c.run(RemoteCommand.shell("firewall-cmd --get-default-zone && firewall-cmd --list-all-zones")
                .asRoot().withTimeout(FIREWALL_CMD_TIMEOUT));
        if (!r.ok()) {
            problems.add("firewall-cmd failed (exit " + r.exitStatus() + "): " + r.errorText().strip()
                    + " (firewalld not running? then nothing is filtered)");
            return;
        }
        String out = r.stdout();
        int nl = out.indexOf('\n');
        FirewalldState state = FirewalldState.parse(nl < 0 ? out : out.substring(0, nl), nl < 0 ? "" : out.substring(nl + 1));
        var services = new TreeSet<String>();
        for (var z : state.effectiveZones()) services.addAll(z.services());
        var servicePorts = services.isEmpty() ? java.util.Map.<String, List<String>>of() : servicePorts(c, services);
        problems.addAll(FirewallRules.judge(state, zone, wanted, servicePorts, opened));
        for (var z : state.effectiveZones()) details.add(name + ": " + FirewallRules.describe(state, z, servicePorts));
    }

    /** Each firewalld service's ports ("ssh" -> ["22/tcp"]), asked in one command. */
    private static java.util.Map<String, List<String>> servicePorts(Connector c, Set<String> services) {
        var script = new StringBuilder();
        for (String s : services) {
            script.append("echo ").append(Shell.quote("service " + s)).append(" && firewall-cmd ")
                    .append(Shell.quote("--info-service=" + s)).append(" && ");
        }
        script.append("true");
        ExecResult r = c.run(RemoteCommand.shell(script.toString()).asRoot().withTimeout(FIREWALL_CMD_TIMEOUT));
        if (!r.ok()) {
            throw new IllegalStateException("firewall-cmd --info-service failed (exit " + r.exitStatus() + "): "
                    + r.errorText().strip());
        }
        return FirewallRules.parseServices(r.stdout());
    }

    /** The controller's view: role ports not filtered, ports open by mistake tried, the closed port filtered. */
    private static void fromController(ProbeContext ctx, Deployment d, Host h, Optional<Connector> c,
            List<String> problems, List<String> details, Set<String> opened) {
        var ports = ctx.ports();
        for (int port : d.listeningPorts(h)) {
            PortChecker.Answer a = ports.check(h.address(), port);
            if (a.state() == PortChecker.State.FILTERED) {
                problems.add("port " + port + " is filtered from the controller (" + a.detail() + "), expected open");
            } else {
                details.add(h.name() + ": role port " + port + " from the controller: " + a.describe()
                        + (a.state() == PortChecker.State.REFUSED ? ": not filtered, nothing listens" : ""));
            }
        }
        // Ports firewalld opens by mistake: how they look from outside, for the person fixing it.
        for (String p : opened) {
            if (!p.matches("\\d+/tcp")) continue;
            int port = Integer.parseInt(p.substring(0, p.indexOf('/')));
            details.add(h.name() + ": " + p + " (open but not of its role) from the controller: "
                    + ports.check(h.address(), port).describe());
        }
        if (c.isEmpty()) return;
        // The port that must be closed on every host: Consul's HTTP API, which Consul itself binds
        // to loopback. The test listener binds the host's own address on it.
        int closed = d.consulHttpPort();
        TestListener listener;
        try {
            listener = TestListener.start(c.get(), h.address(), closed);
        } catch (RuntimeException e) {
            problems.add("port " + closed + " not proven closed: " + e.getMessage());
            return;
        }
        try {
            PortChecker.Answer a = ports.check(h.address(), closed);
            String verdict = closedPortVerdict(closed, a, listener.what());
            if (verdict.isEmpty()) {
                details.add(h.name() + ": port " + closed + " filtered from the controller (" + a.detail()
                        + ") while " + listener.what() + " listened on it");
            } else {
                problems.add(verdict);
            }
        } finally {
            try {
                listener.close();
            } catch (RuntimeException e) {
                details.add(h.name() + ": the test listener on " + closed + " was not stopped (" + e.getMessage()
                        + "); it exits by itself within " + TestListener.LIFETIME.toSeconds() + " s");
            }
        }
    }

    /** Empty when the port was filtered as it must be, else the problem in words. */
    static String closedPortVerdict(int closed, PortChecker.Answer a, String listener) {
        return switch (a.state()) {
            case FILTERED -> "";
            case ACCEPTED -> "port " + closed + " accepted a connection from the controller while " + listener
                    + " listened on it: expected filtered, the firewall lets it through";
            case REFUSED -> "port " + closed + " refused a connection from the controller while " + listener
                    + " listened on it: expected filtered (an ICMP reject or no answer), got a TCP reset";
        };
    }
}
