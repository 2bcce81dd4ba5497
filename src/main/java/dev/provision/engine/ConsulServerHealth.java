package dev.provision.engine;

import dev.provision.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Consul servers as the leader's autopilot sees them ({@code GET /v1/operator/autopilot/health}):
 * each server's name, whether it leads, votes, is healthy (in contact with the leader, its log
 * caught up) and alive in gossip. What a rolling restart of the servers decides on: who goes last
 * (the leader), whether one may go now (the rest keep a quorum), and when the restarted one is
 * back (a leader elected, it a healthy voter again).
 */
public record ConsulServerHealth(List<Server> servers) {
    /** One server in the answer. */
    public record Server(String name, boolean leader, boolean voter, boolean healthy, String serfStatus) {
        String describe() {
            return name + " (" + (leader ? "leader" : voter ? "voter" : "non-voter") + ", " + (healthy ? "healthy" : "unhealthy")
                    + ", " + serfStatus + ")";
        }
    }

    /**
     * Reads the answer's body. Consul answers 200 when the cluster is healthy and 429 with the same
     * body when it is not; without a leader it answers 500 and no JSON.
     *
     * @throws IllegalArgumentException when the body is not that JSON
     */
    public static ConsulServerHealth parse(String body) {
        Object doc = Json.parse(body.strip());
        if (!(doc instanceof Map<?, ?> m) || !(m.get("Servers") instanceof List<?> list)) {
            throw new IllegalArgumentException("no Servers list in the autopilot health answer");
        }
        var servers = new ArrayList<Server>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> s)) continue;
            servers.add(new Server(String.valueOf(s.get("Name")), Boolean.TRUE.equals(s.get("Leader")),
                    Boolean.TRUE.equals(s.get("Voter")), Boolean.TRUE.equals(s.get("Healthy")),
                    String.valueOf(s.get("SerfStatus"))));
        }
        return new ConsulServerHealth(List.copyOf(servers));
    }

    public Optional<String> leader() {
        return servers.stream().filter(Server::leader).map(Server::name).findFirst();
    }

    /**
     * Why restarting {@code node} now would leave the cluster without a quorum, or empty when it
     * may go: a leader is elected and the healthy voters other than {@code node} are a majority of
     * the voters. A single server has no quorum to keep: it may always go.
     */
    public Optional<String> whyNotRestart(String node) {
        long voters = servers.stream().filter(Server::voter).count();
        if (voters <= 1 && servers.size() <= 1) return Optional.empty();
        if (leader().isEmpty()) return Optional.of("no leader elected (" + describe() + ")");
        long others = servers.stream().filter(s -> s.voter() && s.healthy() && !s.name().equals(node)).count();
        long quorum = voters / 2 + 1;
        if (others < quorum) {
            return Optional.of("only " + others + " healthy voter" + (others == 1 ? "" : "s") + " besides " + node + ", a quorum of "
                    + voters + " is " + quorum + " (" + describe() + ")");
        }
        return Optional.empty();
    }

    /** Why {@code node} is not back yet after its restart, or empty when it is: a leader elected, it a healthy voter. */
    public Optional<String> whyNotBack(String node) {
        if (leader().isEmpty()) return Optional.of("no leader elected (" + describe() + ")");
        Optional<Server> me = servers.stream().filter(s -> s.name().equals(node)).findFirst();
        if (me.isEmpty()) return Optional.of(node + " is not among the servers (" + describe() + ")");
        if (!me.get().voter()) return Optional.of(node + " is not a voter (" + describe() + ")");
        if (!me.get().healthy()) return Optional.of(node + " is not healthy yet (" + describe() + ")");
        return Optional.empty();
    }

    /** "consul-server (leader, healthy, alive), consul-2 (voter, ...)". */
    public String describe() {
        return String.join(", ", servers.stream().map(Server::describe).toList());
    }
}
