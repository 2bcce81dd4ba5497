package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.deployment.ProjectSchema;
import dev.provision.inventory.Group;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deployment simulated in memory: connectors that answer the commands the probes run as the
 * real hosts would, and a round-robin balancer that follows the simulated Consul state with a
 * lag. Faults can be switched on to check that each probe notices them.
 */
final class FakeDeployment {
    final Inventory inventory;
    final List<Host> replicas = new ArrayList<>();
    /** Replicas whose service is stopped (not passing in Consul). */
    final Set<String> stopped = new HashSet<>();
    /** Replicas in Consul maintenance. */
    final Set<String> maintenance = new HashSet<>();
    /** Hosts whose Consul agent is failed. */
    final Set<String> failedMembers = new HashSet<>();
    /** {@code consul operator raft list-peers}'s output, when set; else consul-server leading alone. */
    volatile String raftPeers;
    /** Consul members the inventory does not know, alive clients. */
    final List<String> strangerMembers = new ArrayList<>();
    /** Extra firewalld ports per host, in its managed zone ("9999/tcp"). */
    final Map<String, String> extraPorts = new HashMap<>();
    /** firewalld's default zone per host when not "public" (the stock "trusted" zone accepts everything). */
    final Map<String, String> defaultZones = new HashMap<>();
    /** Services in a host's managed zone (the stock "ssh" opens 22/tcp). */
    final Map<String, String> zoneServices = new HashMap<>();
    /** A rich rule in a host's managed zone; it opens its port in this simulation. */
    final Map<String, Integer> richRulePort = new HashMap<>();
    /** A role port missing from a host's managed zone ("8080/tcp"). */
    final Map<String, String> missingPorts = new HashMap<>();
    /** Hosts where firewalld is not running: firewall-cmd fails and nothing is filtered. */
    final Set<String> firewalldDown = new HashSet<>();
    /** Hosts whose firewall answers a closed port with a TCP reset instead of an ICMP reject. */
    final Set<String> rejectsWithReset = new HashSet<>();
    /** Test listeners running: "host:port". */
    final Set<String> listeners = java.util.Collections.synchronizedSet(new HashSet<>());
    /** Fault: a stopped replica stays in the rotation and answers 503 (no drain, no retry). */
    volatile boolean stopLosesRequests;
    /** Replicas that turn passing after this many more catalog reads (a service still starting). */
    final Map<String, Integer> startingFor = new HashMap<>();
    /** Fault: this replica gets every other request (weights gone wrong). */
    volatile String favourite;
    /** Replicas HAProxy shows DOWN (and sends nothing) although Consul lists them passing. */
    final Set<String> haproxyDown = new HashSet<>();
    /** Fault: this replica keeps answering (and passing its check) with its unit stopped: a process outside the unit. */
    volatile String keepsAnswering;
    /** Fault: systemctl stop succeeds and stops nothing; the unit stays active. */
    volatile boolean stopIsNoop;
    /** Fault: systemctl start succeeds but the replica never serves again (it dies right after). */
    volatile boolean neverComesBack;
    /** Fault: the first request sent while a replica is in maintenance fails. */
    volatile boolean failOnceDuringMaintenance;
    /** Each answer takes this long (a slow balancer). */
    volatile long answerDelayMs;
    /** Requests the balancer received, whatever became of them. */
    final AtomicInteger balancerRequests = new AtomicInteger();
    /** Requests the balancer lags behind Consul, as HAProxy does by a DNS resolution. */
    int lag = 3;
    final List<String> commands = java.util.Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, Integer> lagLeft = new HashMap<>();
    private final Set<String> balancerOut = new HashSet<>();

    FakeDeployment(int replicaCount) {
        this(replicaCount, ProjectSchema.PLAYBOOKS);
    }

    /** The playbooks folder whose variables.yaml and defaults.yaml say what to expect. */
    final Path playbooks;

    FakeDeployment(int replicaCount, Path playbooks) {
        this.playbooks = playbooks;
        var hosts = new ArrayList<Host>();
        hosts.add(host("consul-server", "198.18.0.10", Role.CONSUL_SERVER));
        hosts.add(host("lb", "198.18.0.11", Role.LOAD_BALANCER));
        for (int i = 1; i <= replicaCount; i++) {
            Host h = host("web-" + i, "198.18.0." + (20 + i), Role.SERVICE);
            hosts.add(h);
            replicas.add(h);
        }
        var groups = new LinkedHashMap<String, Group>();
        groups.put("all", new Group("all", List.of(), List.of(), Map.of()));
        inventory = new Inventory(Path.of("test-inventory.yaml"), hosts, groups, List.of());
    }

    private static Host host(String name, String address, Role role) {
        return new Host(name, address, 22, "provision", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(role.group()), Set.of(role), Map.of());
    }

    Map<String, Connector> connectors(String... unreachable) {
        var m = new LinkedHashMap<String, Connector>();
        for (Host h : inventory.hosts()) {
            if (!List.of(unreachable).contains(h.name())) m.put(h.name(), new FakeConnector(h));
        }
        return m;
    }

    ProbeContext context(VerifyOptions options, String... unreachable) {
        var why = new HashMap<String, String>();
        for (String u : unreachable) why.put(u, "connection refused");
        return new ProbeContext(inventory, Deployment.of(inventory, playbooks), connectors(unreachable), why, balancer(),
                ports(), options);
    }

    static VerifyOptions fastOptions() {
        return VerifyOptions.defaults().withRequests(4).withTimeout(Duration.ofSeconds(3))
                .withLoad(50, Duration.ofMillis(1200), Duration.ofMillis(1)).withSettle(Duration.ZERO);
    }

    synchronized boolean passing(String replica) {
        return (!stopped.contains(replica) || replica.equals(keepsAnswering)) && !maintenance.contains(replica);
    }

    private boolean failedDuringMaintenance;

    /** HAProxy's stats CSV as its stats page gives it: a server per replica, UP when Consul passes it. */
    synchronized String haproxyCsv() {
        var sb = new StringBuilder("# pxname,svname,status,weight,addr,check_status\n");
        sb.append("http,FRONTEND,OPEN,,,\n");
        int i = 1;
        for (Host h : replicas) {
            String status = !haproxyDown.contains(h.name()) && passing(h.name()) ? "UP" : "DOWN";
            sb.append("web,web").append(i++).append(',').append(status).append(",1,").append(h.address())
                    .append(":8080,").append(status.equals("UP") ? "L7OK" : "L4CON").append('\n');
        }
        sb.append("web,web").append(i).append(",MAINT (resolution),1,,\n");
        sb.append("web,BACKEND,UP,").append(replicas.size()).append(",,\n");
        return sb.toString();
    }

    /** Consul changed: the balancer follows after {@link #lag} requests. */
    private synchronized void consulChanged(String replica) {
        lagLeft.put(replica, lag);
    }

    Balancer balancer() {
        return new Balancer() {
            @Override
            public HttpAnswer get() {
                balancerRequests.incrementAndGet();
                if (answerDelayMs > 0) sleep(answerDelayMs);
                String who;
                synchronized (FakeDeployment.this) {
                    if (failOnceDuringMaintenance && !maintenance.isEmpty() && !failedDuringMaintenance) {
                        failedDuringMaintenance = true;
                        return new HttpAnswer(503, "", Optional.of("HTTP 503"));
                    }
                    for (var e : new ArrayList<>(lagLeft.entrySet())) {
                        if (e.getValue() <= 0) {
                            if (passing(e.getKey())) balancerOut.remove(e.getKey());
                            else balancerOut.add(e.getKey());
                            lagLeft.remove(e.getKey());
                        } else {
                            lagLeft.put(e.getKey(), e.getValue() - 1);
                        }
                    }
                    var rotation = new ArrayList<String>();
                    for (Host h : replicas) {
                        boolean inBalancer = !balancerOut.contains(h.name()) && !haproxyDown.contains(h.name());
                        boolean serving = !stopped.contains(h.name()) || h.name().equals(keepsAnswering);
                        if (stopLosesRequests ? inBalancer : inBalancer && serving) {
                            rotation.add(h.name());
                        }
                    }
                    if (rotation.isEmpty()) return new HttpAnswer(503, "no server", Optional.of("HTTP 503"));
                    int n = counter.getAndIncrement();
                    who = favourite != null && n % 2 == 0 ? favourite : rotation.get(n % rotation.size());
                    if (stopped.contains(who) && !who.equals(keepsAnswering)) {
                        return new HttpAnswer(503, "", Optional.of("HTTP 503"));
                    }
                }
                Host h = replicas.stream().filter(r -> r.name().equals(who)).findFirst().get();
                return new HttpAnswer(200, "{\"service\":\"web\",\"replica\":\"" + who + "\",\"address\":\""
                        + h.address() + "\",\"port\":8080,\"requests\":1,\"pid\":1}", Optional.empty());
            }

            @Override
            public String url() {
                return "http://198.18.0.11:80/";
            }
        };
    }

    PortChecker ports() {
        return (address, port) -> {
            Host h = inventory.hosts().stream().filter(x -> x.address().equals(address)).findFirst().orElseThrow();
            var d = Deployment.of(inventory, playbooks);
            boolean listening = d.listeningPorts(h).contains(port) || listeners.contains(h.name() + ":" + port);
            if (!firewallOpens(h, port)) {
                return rejectsWithReset.contains(h.name()) ? PortChecker.Answer.refused()
                        : PortChecker.Answer.filtered("no route to host: an ICMP reject");
            }
            return listening ? PortChecker.Answer.accepted() : PortChecker.Answer.refused();
        };
    }

    /** What the simulated firewall lets through to a TCP port. */
    private boolean firewallOpens(Host h, int port) {
        if (firewalldDown.contains(h.name()) || "trusted".equals(defaultZones.get(h.name()))) return true;
        if (Integer.valueOf(port).equals(richRulePort.get(h.name()))) return true;
        if (port == 22 && zoneServices.getOrDefault(h.name(), "").contains("ssh")) return true;
        for (String p : managedPorts(h)) {
            if (!p.endsWith("/tcp")) continue;
            String[] range = p.substring(0, p.length() - 4).split("-");
            int lo = Integer.parseInt(range[0]);
            int hi = Integer.parseInt(range[range.length - 1]);
            if (port >= lo && port <= hi) return true;
        }
        return false;
    }

    private List<String> managedPorts(Host h) {
        var ports = new ArrayList<>(Deployment.of(inventory, playbooks).firewallPorts(h));
        if (extraPorts.containsKey(h.name())) ports.addAll(List.of(extraPorts.get(h.name()).split(" ")));
        ports.remove(missingPorts.get(h.name()));
        return ports;
    }

    /** {@code firewall-cmd --get-default-zone && firewall-cmd --list-all-zones}, as firewalld 1.3 prints them. */
    private String firewalldState(Host h) {
        String dflt = defaultZones.getOrDefault(h.name(), "public");
        String rich = richRulePort.containsKey(h.name())
                ? "\n\trule family=\"ipv4\" port port=\"" + richRulePort.get(h.name()) + "\" protocol=\"tcp\" accept" : "";
        return dflt + "\n"
                + zone("block", dflt, "%%REJECT%%", "", "", "")
                + zone("public", dflt, "default", String.join(" ", managedPorts(h)), zoneServices.getOrDefault(h.name(), ""), rich)
                + zone("trusted", dflt, "ACCEPT", "", "", "");
    }

    private static String zone(String name, String dflt, String target, String ports, String services, String rich) {
        boolean isDefault = name.equals(dflt);
        return name + (isDefault ? " (default, active)" : "") + "\n  target: " + target
                + "\n  icmp-block-inversion: no\n  interfaces: " + (isDefault ? "eth0" : "") + "\n  sources: \n  services: "
                + services + "\n  ports: " + ports + "\n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: "
                + "\n  source-ports: \n  icmp-blocks: \n  rich rules: " + rich + "\n\n";
    }

    private final class FakeConnector implements Connector {
        private final Host host;

        FakeConnector(Host host) {
            this.host = host;
        }

        @Override
        public Host host() {
            return host;
        }

        @Override
        public ExecResult run(RemoteCommand command) {
            String s = command.script();
            commands.add(host.name() + ": " + command);
            if (s.startsWith("uname -n")) return ok(host.name() + "\n");
            if (s.contains("consul members")) return ok(members());
            if (s.contains("operator raft list-peers")) {
                if (raftPeers != null) return ok(raftPeers);
                return ok("Node           ID       Address           State   Voter  RaftProtocol\n"
                        + "consul-server  1b5f-aa  198.18.0.10:8300  leader  true   3\n");
            }
            if (s.contains("/v1/health/service/web")) return ok("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                    + health());
            if (s.contains("firewall-cmd")) {
                if (firewalldDown.contains(host.name())) {
                    return new ExecResult(252, "", "FirewallD is not running\n", Duration.ofMillis(1));
                }
                if (s.contains("--list-all-zones")) return ok(firewalldState(host));
                if (s.contains("--info-service=")) {
                    return ok("service ssh\nssh\n  ports: 22/tcp\n  protocols: \n  source-ports: \n  modules: \n");
                }
            }
            if (s.contains("python3")) {
                listeners.add(host.name() + ":" + s.replaceAll("(?s).* (\\d+) \\d+$", "$1"));
                return ok("4242\n");
            }
            if (s.equals("kill 4242")) {
                listeners.removeIf(l -> l.startsWith(host.name() + ":"));
                return ok("");
            }
            if (s.contains("maint -enable")) {
                synchronized (FakeDeployment.this) {
                    maintenance.add(host.name());
                }
                consulChanged(host.name());
                return ok("Service maintenance is now enabled\n");
            }
            if (s.contains("maint -disable")) {
                synchronized (FakeDeployment.this) {
                    maintenance.remove(host.name());
                }
                consulChanged(host.name());
                return ok("Service maintenance is now disabled\n");
            }
            if (s.contains("systemctl is-active web")) {
                synchronized (FakeDeployment.this) {
                    return stopped.contains(host.name()) ? new ExecResult(3, "inactive\n", "", Duration.ofMillis(1))
                            : ok("active\n");
                }
            }
            if (s.contains("systemctl stop web")) {
                synchronized (FakeDeployment.this) {
                    if (!stopIsNoop) stopped.add(host.name());
                }
                consulChanged(host.name());
                sleep(150);
                return ok("");
            }
            if (s.contains("systemctl start web")) {
                synchronized (FakeDeployment.this) {
                    if (!neverComesBack) stopped.remove(host.name());
                }
                consulChanged(host.name());
                return ok("");
            }
            return new ExecResult(127, "", "fake: unknown command " + s, Duration.ZERO);
        }

        private String members() {
            var sb = new StringBuilder("Node           Address           Status  Type    Build  Protocol  DC   Segment\n");
            for (Host h : inventory.hosts()) {
                sb.append(h.name()).append("  ").append(h.address()).append(":8301  ")
                        .append(failedMembers.contains(h.name()) ? "failed" : "alive").append("  ")
                        .append(h.has(Role.CONSUL_SERVER) ? "server" : "client").append("  1.8.7  2  dc1  <all>\n");
            }
            for (String n : strangerMembers) sb.append(n).append("  198.18.0.99:8301  alive  client  1.8.7  2  dc1  <all>\n");
            return sb.toString();
        }

        private String health() {
            synchronized (FakeDeployment.this) {
                for (var e : new ArrayList<>(startingFor.entrySet())) {
                    if (e.getValue() <= 0) {
                        stopped.remove(e.getKey());
                        startingFor.remove(e.getKey());
                    } else {
                        startingFor.put(e.getKey(), e.getValue() - 1);
                    }
                }
            }
            var items = new ArrayList<String>();
            for (Host h : replicas) {
                if (!passing(h.name())) continue;
                items.add("{\"Node\":{\"Node\":\"" + h.name() + "\",\"Address\":\"" + h.address() + "\"},"
                        + "\"Service\":{\"ID\":\"web-" + h.name() + "\",\"Service\":\"web\",\"Address\":\""
                        + h.address() + "\",\"Port\":8080},\"Checks\":[]}");
            }
            return "[" + String.join(",", items) + "]";
        }

        @Override
        public void putFile(String remotePath, byte[] content, FileAttrs attrs) {
            throw new UnsupportedOperationException("probes upload nothing");
        }

        @Override
        public void putFile(String remotePath, Path localFile, FileAttrs attrs) {
            throw new UnsupportedOperationException("probes upload nothing");
        }

        @Override
        public void close() {}
    }

    private static ExecResult ok(String out) {
        return new ExecResult(0, out, "", Duration.ofMillis(1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
