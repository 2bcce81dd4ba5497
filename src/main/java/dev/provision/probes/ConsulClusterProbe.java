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
 * (server on consul_servers, client elsewhere), every consul_servers host is a raft voter, and
 * the leader is one of them. A member the inventory does not know is a warning ({@code --strict}:
 * a failure): it gossips with ours and may register services. Asked on the first Consul server
 * (the HTTP API is on loopback), whose output is kept as evidence.
 */
public final class ConsulClusterProbe implements Probe {
    @Override
    public String id() {
        return "consul-cluster";
    }

    @Override
    public String title() {
        return "Consul cluster: every host an alive member, every server a voter, the leader one of them";
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        List<Host> hosts = ctx.inventory().hosts();
        List<Host> servers = ctx.inventory().hostsWith(Role.CONSUL_SERVER);
        String expected = hosts.size() + " alive members (" + names(servers) + " as server"
                + (servers.size() == 1 ? "" : "s") + ", the rest clients), no other member; raft voters exactly "
                + names(servers) + ", the leader one of them";
        Host server = ctx.deployment().consulServer();
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
        var strangers = new ArrayList<String>();
        for (var r : rows) {
            String node = r.get("Node");
            if (hosts.stream().noneMatch(h -> h.name().equals(node))) {
                String status = r.getOrDefault("Status", "?");
                details.add(node + ": " + status + " " + r.getOrDefault("Type", "?") + " at "
                        + r.getOrDefault("Address", "?") + " (not in the inventory)");
                // A member that left cleanly is history, not a stranger in the cluster.
                if (!"left".equals(status)) strangers.add(node + " (" + status + ", " + r.getOrDefault("Address", "?") + ")");
            }
        }
        String warning = "";
        if (!strangers.isEmpty()) {
            String what = "member" + (strangers.size() == 1 ? "" : "s") + " not in the inventory: "
                    + String.join(", ", strangers);
            if (ctx.options().strict()) problems.add(what);
            else warning = "; warning: " + what + " (--strict fails on it)";
        }

        String leader = leader(c, consul, servers, problems, details);
        String actual = alive + " of " + hosts.size() + " alive, leader " + leader + warning;
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    /**
     * Checks the raft configuration: every consul_servers host a voter, no other server in it,
     * one leader among them. Returns the leader ("node (address)") or "none".
     */
    static String leader(Connector c, String consul, List<Host> servers, List<String> problems,
            List<String> details) {
        ExecResult peers = c.run(RemoteCommand.of(consul, "operator", "raft", "list-peers")
                .withTimeout(Duration.ofSeconds(20)));
        if (!peers.ok()) {
            problems.add("no leader: consul operator raft list-peers on " + c.host().name() + " exited "
                    + peers.exitStatus() + ": " + peers.errorText());
            return "none";
        }
        return judgeRaft(TextTable.parse(peers.stdout()), servers, problems, details);
    }

    /** The verdict on {@code consul operator raft list-peers}'s rows (Node, Address, State, Voter). */
    static String judgeRaft(List<Map<String, String>> peers, List<Host> servers, List<String> problems,
            List<String> details) {
        for (var r : peers) {
            details.add("raft peer " + r.get("Node") + " " + r.getOrDefault("Address", "?") + " "
                    + r.getOrDefault("State", "?") + (isVoter(r) ? " voter" : " non-voter"));
        }
        for (Host s : servers) {
            Optional<Map<String, String>> row = peers.stream().filter(r -> s.name().equals(r.get("Node"))).findFirst();
            if (row.isEmpty()) {
                problems.add(s.name() + " is not a raft peer (expected a voter)");
            } else if (!isVoter(row.get())) {
                problems.add(s.name() + " is a raft peer but not a voter (Voter=" + row.get().getOrDefault("Voter", "?")
                        + ")");
            }
        }
        for (var r : peers) {
            String node = r.get("Node");
            if (servers.stream().noneMatch(s -> s.name().equals(node))) {
                problems.add("raft peer " + node + " (" + r.getOrDefault("Address", "?") + ") is not in consul_servers");
            }
        }
        var leaders = peers.stream().filter(r -> "leader".equals(r.get("State"))).toList();
        if (leaders.isEmpty()) {
            problems.add("no leader elected (raft peers: " + String.join(", ", peers.stream()
                    .map(r -> r.get("Node") + " " + r.getOrDefault("State", "?")).toList()) + ")");
            return "none";
        }
        if (leaders.size() > 1) {
            problems.add(leaders.size() + " raft peers claim to lead: " + String.join(", ",
                    leaders.stream().map(r -> r.get("Node")).toList()));
        }
        String node = leaders.get(0).get("Node");
        if (servers.stream().noneMatch(s -> s.name().equals(node))) {
            problems.add("the leader " + node + " is not in consul_servers (" + names(servers) + ")");
        }
        return node + " (" + leaders.get(0).getOrDefault("Address", "?") + ")";
    }

    private static boolean isVoter(Map<String, String> row) {
        return "true".equalsIgnoreCase(row.getOrDefault("Voter", ""));
    }

    private static String names(List<Host> hosts) {
        return String.join(", ", hosts.stream().map(Host::name).toList());
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
