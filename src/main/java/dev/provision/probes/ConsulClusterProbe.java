package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.inventory.Role;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Consul cluster is whole: every inventory host is an alive member with the expected type
 * (server on consul_servers, client elsewhere), and a leader is elected among the servers.
 * Asked on the first Consul server, whose output is kept as evidence.
 */
public final class ConsulClusterProbe implements Probe {
    @Override
    public String id() {
        return "consul-cluster";
    }

    @Override
    public String title() {
        return "Consul cluster: every host an alive member, a leader elected";
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        List<Host> hosts = ctx.inventory().hosts();
        List<Host> servers = ctx.inventory().hostsWith(Role.CONSUL_SERVER);
        String expected = hosts.size() + " alive members (" + names(servers) + " as server"
                + (servers.size() == 1 ? "" : "s") + ", the rest clients) and a leader among the servers";
        Host server = Deployment.consulServer(ctx.inventory());
        Connector c = ctx.require(server);
        String consul = ctx.deployment().consulBin();

        ExecResult members = c.run(RemoteCommand.of(consul, "members").withTimeout(Duration.ofSeconds(20)));
        if (!members.ok()) {
            return ProbeResult.failed(id(), title(), expected, "consul members failed on " + server.name(),
                    took(start), "consul members on " + server.name() + " exited " + members.exitStatus() + ": "
                            + members.errorText(), List.of());
        }
        ctx.capture(cap -> cap.withConsulMembers(members.stdout()));
        var rows = TextTable.parse(members.stdout());
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        int alive = 0;
        for (Host h : hosts) {
            Optional<Map<String, String>> row = rows.stream().filter(r -> h.name().equals(r.get("Node"))).findFirst();
            String wantType = h.has(Role.CONSUL_SERVER) ? "server" : "client";
            if (row.isEmpty()) {
                problems.add(h.name() + " is not a member");
                details.add(h.name() + ": not a member");
                continue;
            }
            String status = row.get().getOrDefault("Status", "?");
            String type = row.get().getOrDefault("Type", "?");
            details.add(h.name() + ": " + status + " " + type + " at " + row.get().getOrDefault("Address", "?"));
            if (!"alive".equals(status)) problems.add(h.name() + " is " + status + ", not alive");
            else alive++;
            if (!wantType.equals(type)) problems.add(h.name() + " is a " + type + ", expected a " + wantType);
        }
        for (var r : rows) {
            String node = r.get("Node");
            if (hosts.stream().noneMatch(h -> h.name().equals(node))) {
                details.add(node + ": " + r.getOrDefault("Status", "?") + " (not in the inventory)");
            }
        }

        String leader = leader(c, consul, servers, problems, details);
        String actual = alive + " of " + hosts.size() + " alive, leader " + leader;
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    /** The leader's node name from the raft peers, or "none"; a missing or stray leader is a problem. */
    private static String leader(Connector c, String consul, List<Host> servers, List<String> problems,
            List<String> details) {
        ExecResult peers = c.run(RemoteCommand.of(consul, "operator", "raft", "list-peers")
                .withTimeout(Duration.ofSeconds(20)));
        if (!peers.ok()) {
            problems.add("no leader: consul operator raft list-peers exited " + peers.exitStatus() + ": "
                    + peers.errorText());
            return "none";
        }
        for (var r : TextTable.parse(peers.stdout())) {
            details.add("raft peer " + r.get("Node") + " " + r.getOrDefault("Address", "?") + " "
                    + r.getOrDefault("State", "?"));
        }
        var leaders = TextTable.parse(peers.stdout()).stream().filter(r -> "leader".equals(r.get("State"))).toList();
        if (leaders.isEmpty()) {
            problems.add("no leader elected");
            return "none";
        }
        String node = leaders.get(0).get("Node");
        if (servers.stream().noneMatch(s -> s.name().equals(node))) {
            problems.add("the leader " + node + " is not in consul_servers");
        }
        return node + " (" + leaders.get(0).getOrDefault("Address", "?") + ")";
    }

    private static String names(List<Host> hosts) {
        return String.join(", ", hosts.stream().map(Host::name).toList());
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
