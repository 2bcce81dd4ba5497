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

/**
 * Two services behind a gateway and a broker, simulated in memory: the gateway routes by path
 * prefix and rotates over each service's instances; POST /orders publishes an event that the web
 * replicas get once in the queue group (rotating) and each as a plain subscriber. Faults can be
 * switched on to see each probe fail.
 */
final class MessagingFake {
    final Inventory inventory;
    final List<Host> web = new ArrayList<>();
    final Host broker;
    final Host lb;

    /** Fault: the n-th request (1-based) to /orders/ is routed to web. */
    volatile int misrouteOrdersAt = -1;
    /** Fault: orders' rotation gives this instance every other request. */
    volatile String ordersFavourite;
    /** Fault: the n-th event (1-based) reaches no queue subscriber. */
    volatile int loseQueueEvent = -1;
    /** Fault: the n-th event is processed by two queue subscribers. */
    volatile int duplicateQueueEvent = -1;
    /** Fault: this replica has no plain subscription (the broker flag missing on it). */
    volatile String noFanout;
    /** After {@code systemctl restart nats-server}: this many events are lost for every subscriber. */
    volatile int lostOnRestart = 5;
    final List<String> commands = new ArrayList<>();

    private int published;
    private int restartLoss;
    private final Map<String, Integer> rr = new HashMap<>();
    /** replica -> batch -> ids (queue), and (fan-out). */
    private final Map<String, Map<String, List<String>>> queue = new HashMap<>();
    private final Map<String, Map<String, List<String>>> fanout = new HashMap<>();

    MessagingFake(int replicas) {
        var hosts = new ArrayList<Host>();
        broker = host("consul-server", "198.18.0.10", List.of("consul_servers", "brokers"), Set.of(Role.CONSUL_SERVER));
        lb = host("lb", "198.18.0.11", List.of("load_balancers"), Set.of(Role.LOAD_BALANCER));
        hosts.add(broker);
        hosts.add(lb);
        for (int i = 1; i <= replicas; i++) {
            Host h = host("web-" + i, "198.18.0." + (20 + i), List.of("services"), Set.of(Role.SERVICE));
            hosts.add(h);
            web.add(h);
        }
        var groups = new LinkedHashMap<String, Group>();
        groups.put("all", new Group("all", List.of(), List.of(), Map.of()));
        inventory = new Inventory(Path.of("test-inventory.yaml"), hosts, groups, List.of());
    }

    private static Host host(String name, String address, List<String> groups, Set<Role> roles) {
        return new Host(name, address, 22, "provision", Optional.empty(), Optional.empty(), Optional.empty(), groups, roles,
                Map.of());
    }

    List<ServiceTarget> services() {
        return List.of(new ServiceTarget("web", "services", 8080, "/health", "/", web),
                new ServiceTarget("orders", "services", 8090, "/health", "/orders", web));
    }

    ProbeContext context() {
        var connectors = new LinkedHashMap<String, Connector>();
        for (Host h : inventory.hosts()) connectors.put(h.name(), new FakeConnector(h));
        var o = VerifyOptions.defaults().withRequests(3).withTimeout(Duration.ofMillis(600)).withSettle(Duration.ZERO);
        var ctx = new ProbeContext(inventory, Deployment.of(inventory, ProjectSchema.PLAYBOOKS), connectors, Map.of(),
                null, null, o);
        ctx.useServices(services());
        ctx.useHttp(new FakeHttp());
        return ctx;
    }

    private String health(String service) {
        int port = service.equals("orders") ? 8090 : 8080;
        var sb = new StringBuilder("[");
        for (int i = 0; i < web.size(); i++) {
            Host h = web.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"Node\":{\"Node\":\"").append(h.name()).append("\",\"Address\":\"").append(h.address())
                    .append("\"},\"Service\":{\"ID\":\"").append(service).append('-').append(h.name())
                    .append("\",\"Service\":\"").append(service).append("\",\"Address\":\"").append(h.address())
                    .append("\",\"Port\":").append(port).append("}}");
        }
        return sb.append(']').toString();
    }

    private final class FakeHttp implements Http {
        private int ordersRequests;

        @Override
        public synchronized HttpAnswer get(String address, int port, String path) {
            if (address.equals(lb.address())) {
                String service = path.startsWith("/orders") ? "orders" : "web";
                if (service.equals("orders") && ++ordersRequests == misrouteOrdersAt) service = "web";
                int n = rr.merge(service, 1, Integer::sum) - 1;
                Host h = service.equals("orders") && ordersFavourite != null && n % 2 == 0
                        ? web.stream().filter(x -> x.name().equals(ordersFavourite)).findFirst().get()
                        : web.get(n % web.size());
                return ok("{\"service\":\"" + service + "\",\"replica\":\"" + h.name() + "\",\"address\":\"" + h.address()
                        + "\",\"port\":" + (service.equals("orders") ? 8090 : 8080) + "}");
            }
            Host h = web.stream().filter(x -> x.address().equals(address)).findFirst().orElse(null);
            if (h == null || port != 8080 || !path.startsWith("/events?batch=")) return HttpAnswer.failed("connection refused");
            String batch = path.substring("/events?batch=".length());
            var q = queue.getOrDefault(h.name(), Map.of()).getOrDefault(batch, List.of());
            var f = fanout.getOrDefault(h.name(), Map.of()).getOrDefault(batch, List.of());
            return ok("{\"replica\":\"" + h.name() + "\",\"batch\":\"" + batch + "\",\"queue\":" + ids(q) + ",\"fanout\":"
                    + ids(f) + "}");
        }

        private String ids(List<String> ids) {
            var sb = new StringBuilder("{\"ids\":[");
            for (int i = 0; i < ids.size(); i++) sb.append(i > 0 ? "," : "").append('"').append(ids.get(i)).append('"');
            sb.append("],\"latency_ms\":[");
            for (int i = 0; i < ids.size(); i++) sb.append(i > 0 ? "," : "").append(i % 10 + 1);
            return sb.append("]}").toString();
        }

        @Override
        public synchronized HttpAnswer post(String address, int port, String path, String body) {
            if (!address.equals(lb.address()) || !path.equals("/orders")) return new HttpAnswer(404, "", Optional.of("HTTP 404"));
            String batch = body.replaceAll(".*\"batch\": \"([^\"]+)\".*", "$1");
            int n = ++published;
            String id = "o-" + n;
            boolean lost = restartLoss > 0;
            if (lost) restartLoss--;
            if (!lost && n != loseQueueEvent) {
                Host q = web.get(n % web.size());
                queue.computeIfAbsent(q.name(), k -> new HashMap<>()).computeIfAbsent(batch, k -> new ArrayList<>()).add(id);
                if (n == duplicateQueueEvent) {
                    Host q2 = web.get((n + 1) % web.size());
                    queue.computeIfAbsent(q2.name(), k -> new HashMap<>()).computeIfAbsent(batch, k -> new ArrayList<>()).add(id);
                }
            }
            if (!lost) {
                for (Host h : web) {
                    if (h.name().equals(noFanout)) continue;
                    fanout.computeIfAbsent(h.name(), k -> new HashMap<>()).computeIfAbsent(batch, k -> new ArrayList<>()).add(id);
                }
            }
            return new HttpAnswer(202, "{\"id\":\"" + id + "\",\"replica\":\"web-1\",\"batch\":\"" + batch + "\"}",
                    Optional.empty());
        }
    }

    private static HttpAnswer ok(String body) {
        return new HttpAnswer(200, body, Optional.empty());
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
            synchronized (MessagingFake.this) {
                commands.add(host.name() + ": " + s);
            }
            for (String service : List.of("web", "orders")) {
                if (s.contains("/v1/health/service/" + service + "?")) {
                    return result(0, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + health(service));
                }
            }
            if (s.contains("systemctl restart nats-server")) {
                synchronized (MessagingFake.this) {
                    restartLoss = lostOnRestart;
                }
                return result(0, "");
            }
            if (s.contains("systemctl start nats-server")) return result(0, "");
            return result(1, "");
        }

        private ExecResult result(int rc, String out) {
            return new ExecResult(rc, out, "", Duration.ofMillis(1));
        }

        @Override
        public void putFile(String remotePath, byte[] content, FileAttrs attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putFile(String remotePath, Path localFile, FileAttrs attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
