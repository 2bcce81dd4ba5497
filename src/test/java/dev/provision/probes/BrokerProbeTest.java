package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.deployment.Deployment;
import dev.provision.deployment.ProjectSchema;
import dev.provision.inventory.Group;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import dev.provision.report.ProbeResult;
import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The broker probe's verdicts on simulated brokers: each fault it claims to catch (a stopped
 * nats-server, a missing route, a broker not passing in Consul, a stray instance) fails it and
 * names the host; a deployment without brokers has no broker probe at all.
 */
class BrokerProbeTest {
    /** Brokers whose nats-server is stopped. */
    final Set<String> stopped = new HashSet<>();
    /** "from>to": a route /routez does not show. */
    final Set<String> cutRoutes = new HashSet<>();
    /** Brokers Consul does not list passing although they run. */
    final Set<String> notPassing = new HashSet<>();
    /** Extra passing instances of nats on these nodes. */
    final List<String> strays = new ArrayList<>();

    List<Host> hosts = new ArrayList<>();

    Inventory inventory(int brokers) {
        hosts = new ArrayList<>();
        hosts.add(host("consul-server", "198.18.0.10", brokers >= 1, Role.CONSUL_SERVER));
        hosts.add(host("lb", "198.18.0.11", false, Role.LOAD_BALANCER));
        for (int i = 1; i <= 3; i++) hosts.add(host("web-" + i, "198.18.0." + (20 + i), brokers >= i + 1, Role.SERVICE));
        var groups = new LinkedHashMap<String, Group>();
        groups.put("all", new Group("all", List.of(), List.of(), Map.of()));
        return new Inventory(Path.of("test-inventory.yaml"), hosts, groups, List.of());
    }

    private static Host host(String name, String address, boolean broker, Role role) {
        List<String> groups = broker ? List.of(role.group(), Role.BROKER.group()) : List.of(role.group());
        Set<Role> roles = broker ? Set.of(role, Role.BROKER) : Set.of(role);
        return new Host(name, address, 22, "provision", Optional.empty(), Optional.empty(), Optional.empty(), groups, roles, Map.of());
    }

    ProbeResult run(int brokers) {
        Inventory inv = inventory(brokers);
        Deployment d = Deployment.of(inv, ProjectSchema.PLAYBOOKS);
        var connectors = new LinkedHashMap<String, Connector>();
        for (Host h : inv.hosts()) connectors.put(h.name(), new Fake(h, d));
        var ctx = new ProbeContext(inv, d, connectors, Map.of(), null, null, FakeDeployment.fastOptions());
        return new BrokerProbe().run(ctx);
    }

    @Test
    void aSingleBrokerUpAndPassingPasses() {
        ProbeResult p = run(1);
        assertTrue(p.passed(), p.error().orElse("") + " " + p.details());
        assertTrue(p.expected().contains("a single server"), p.expected());
        assertEquals("consul-server up; Consul: 1 passing", p.actual());
    }

    @Test
    void threeClusteredBrokersWithEveryRoutePass() {
        ProbeResult p = run(3);
        assertTrue(p.passed(), p.error().orElse("") + " " + p.details());
        assertTrue(p.actual().contains("web-1 up, 2/2 routes"), p.actual());
    }

    @Test
    void twoBrokersAreClusteredToo() {
        ProbeResult p = run(2);
        assertTrue(p.passed(), p.error().orElse(""));
        assertTrue(p.expected().contains("one cluster"), p.expected());
    }

    @Test
    void aStoppedBrokerFailsNamingIt() {
        stopped.add("web-2");
        ProbeResult p = run(3);
        assertFalse(p.passed());
        String error = p.error().orElseThrow();
        assertTrue(error.contains("web-2: nats-server is inactive, not active"), error);
        assertTrue(error.contains("web-2 has no passing 'nats' instance in Consul"), error);
        // The others lose their route to it: said, naming it.
        assertTrue(error.contains("consul-server: no route to web-2 (198.18.0.22)"), error);
    }

    @Test
    void aMissingRouteFailsNamingBothEnds() {
        cutRoutes.add("web-1>consul-server");
        ProbeResult p = run(3);
        assertFalse(p.passed());
        assertEquals("web-1: no route to consul-server (198.18.0.10)", p.error().orElseThrow());
    }

    @Test
    void aBrokerNotPassingInConsulFails() {
        notPassing.add("consul-server");
        ProbeResult p = run(1);
        assertFalse(p.passed());
        assertEquals("consul-server has no passing 'nats' instance in Consul", p.error().orElseThrow());
    }

    @Test
    void aStrayInstanceFails() {
        strays.add("lb");
        ProbeResult p = run(1);
        assertFalse(p.passed());
        assertEquals("instance nats-lb on lb is not a broker in the inventory", p.error().orElseThrow());
    }

    @Test
    void noBrokersNoProbe() {
        Inventory inv = inventory(0);
        assertFalse(new BrokerProbe().appliesTo(Deployment.of(inv, ProjectSchema.PLAYBOOKS)));
        assertTrue(new BrokerProbe().appliesTo(Deployment.of(inventory(1), ProjectSchema.PLAYBOOKS)));
    }

    @Test
    void routezAddressesAreRead() {
        assertEquals(Set.of("198.18.0.21", "198.18.0.22"), BrokerProbe.routeAddresses(
                "{\"num_routes\":2,\"routes\":[{\"rid\":4,\"ip\":\"198.18.0.21\",\"port\":6222},{\"rid\":5,\"ip\":\"198.18.0.22\",\"port\":41234}]}"));
        assertEquals(Set.of(), BrokerProbe.routeAddresses("not json"));
    }

    private final class Fake implements Connector {
        private final Host host;
        private final Deployment d;

        Fake(Host host, Deployment d) {
            this.host = host;
            this.d = d;
        }

        @Override
        public Host host() {
            return host;
        }

        @Override
        public ExecResult run(RemoteCommand command) {
            String s = command.script();
            if (s.contains("systemctl is-active nats-server")) {
                return stopped.contains(host.name()) ? new ExecResult(3, "inactive\n", "", Duration.ofMillis(1)) : ok("active\n");
            }
            if (s.contains(" 8222 /healthz")) {
                return stopped.contains(host.name()) ? new ExecResult(7, "", "", Duration.ofMillis(1)) : http("{\"status\":\"ok\"}");
            }
            if (s.contains(" 8222 /routez")) {
                var routes = new ArrayList<String>();
                for (Host b : d.brokers()) {
                    if (b == host || stopped.contains(b.name()) || cutRoutes.contains(host.name() + ">" + b.name())) continue;
                    routes.add("{\"rid\":" + routes.size() + ",\"ip\":\"" + b.address() + "\",\"port\":6222}");
                }
                return http("{\"num_routes\":" + routes.size() + ",\"routes\":[" + String.join(",", routes) + "]}");
            }
            if (s.contains("/v1/health/service/nats?passing")) {
                var items = new ArrayList<String>();
                for (Host b : d.brokers()) {
                    if (stopped.contains(b.name()) || notPassing.contains(b.name())) continue;
                    items.add(instance(b.name(), b.address()));
                }
                for (String n : strays) items.add(instance(n, "198.18.0.11"));
                return http("[" + String.join(",", items) + "]");
            }
            return new ExecResult(127, "", "fake: unknown command " + s, Duration.ZERO);
        }

        private String instance(String node, String address) {
            return "{\"Node\":{\"Node\":\"" + node + "\",\"Address\":\"" + address + "\"},\"Service\":{\"ID\":\"nats-" + node
                    + "\",\"Service\":\"nats\",\"Address\":\"" + address + "\",\"Port\":4222},\"Checks\":[]}";
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

    private static ExecResult ok(String out) {
        return new ExecResult(0, out, "", Duration.ofMillis(1));
    }

    private static ExecResult http(String body) {
        return ok("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body);
    }
}
