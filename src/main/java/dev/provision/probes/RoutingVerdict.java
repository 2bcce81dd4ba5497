package dev.provision.probes;

import dev.provision.json.Json;
import dev.provision.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the answers to one service's route through the gateway: a pure function, tested on
 * recorded answers. Every answer must come from that service (its {@code service} field, else
 * its port) and the instances that answered must make a strict round robin over the passing set
 * Consul reports for it ({@link RoundRobinVerdict}).
 */
final class RoutingVerdict {
    private static final int MAX_NAMED = 3;

    private RoutingVerdict() {}

    /**
     * Who answered one request.
     *
     * @param service the service the answer names (or that its port belongs to); null if it names none
     * @param node the inventory host that answered; null when it cannot be told
     * @param failure why there was no answer; null when there was one
     */
    record Answer(String service, String node, String failure) {
        static Answer failed(String why) {
            return new Answer(null, null, why);
        }

        boolean ok() {
            return failure == null;
        }

        /**
         * Reads a service's identity answer ({@code {"service","replica","address","port"}}).
         *
         * @param hosts every inventory host, to turn a replica name or address into a host
         * @param portOwners port -> service, for an answer that names no service
         */
        static Answer of(HttpAnswer a, List<Host> hosts, Map<Integer, String> portOwners) {
            if (!a.ok()) return failed(a.describe());
            Object doc;
            try {
                doc = Json.parse(a.body());
            } catch (IllegalArgumentException e) {
                return failed("answer is not the JSON identity of a service");
            }
            if (!(doc instanceof Map<?, ?> m)) return failed("answer is not the JSON identity of a service");
            String replica = m.get("replica") instanceof String r ? r : null;
            String address = m.get("address") instanceof String s ? s : null;
            Integer port = m.get("port") instanceof Number n ? n.intValue() : null;
            String service = m.get("service") instanceof String s ? s : port == null ? null : portOwners.get(port);
            Optional<String> node = hosts.stream().filter(h -> h.name().equals(replica)).map(Host::name).findFirst();
            if (node.isEmpty() && address != null) {
                node = hosts.stream().filter(h -> h.address().equals(address)).map(Host::name).findFirst();
            }
            return new Answer(service, node.orElse(replica), null);
        }
    }

    /**
     * @param service the service whose route was asked
     * @param path the path asked through the gateway, for messages
     * @param answers who answered request i, in order
     * @param passing the service's passing instances in Consul (node names)
     */
    static RoundRobinVerdict.Verdict judge(String service, String path, List<Answer> answers, Set<String> passing,
            int perReplica) {
        var problems = new ArrayList<String>();
        var nodes = new ArrayList<String>();
        int wrong = 0;
        int failed = 0;
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            if (!a.ok()) {
                if (failed++ < MAX_NAMED) problems.add("request " + (i + 1) + " to " + path + " failed: " + a.failure());
            } else if (!service.equals(a.service())) {
                if (wrong++ < MAX_NAMED) {
                    problems.add("request " + (i + 1) + " to " + path + " was answered by "
                            + (a.service() == null ? "an answer naming no service" : "service " + a.service())
                            + (a.node() == null ? "" : " on " + a.node()) + ", expected " + service);
                }
            } else if (a.node() == null) {
                problems.add("request " + (i + 1) + " to " + path + ": the answer names no instance");
            } else {
                nodes.add(a.node());
            }
        }
        if (wrong > MAX_NAMED) problems.add((wrong - MAX_NAMED) + " more answers from another service");
        if (failed > MAX_NAMED) problems.add((failed - MAX_NAMED) + " more requests failed");
        if (wrong > 0) problems.add(0, wrong + " of " + answers.size() + " requests to " + path + " reached another service than "
                + service);
        var rr = RoundRobinVerdict.judge(nodes, passing, perReplica);
        problems.addAll(rr.problems());
        return new RoundRobinVerdict.Verdict(problems.isEmpty(), List.copyOf(problems), rr.cycle());
    }
}
