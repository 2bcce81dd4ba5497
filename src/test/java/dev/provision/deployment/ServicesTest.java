package dev.provision.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.digest.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services as data: the inventory's services list, checked before any host, read by up and verify. */
class ServicesTest {
    @TempDir Path dir;
    Path jar;
    Path tarball;

    @BeforeEach
    void artifacts() throws IOException {
        jar = Files.writeString(dir.resolve("orders.jar"), "not really a jar");
        tarball = Files.writeString(dir.resolve("py.tar.gz"), "not really a tarball");
        Files.writeString(dir.resolve("SHA256SUMS"), Sha256.of(tarball) + "  py.tar.gz\n");
    }

    static final String HOSTS = """
              children:
                consul_servers:
                  hosts:
                    consul-server: {ansible_host: 198.18.0.10}
                load_balancers:
                  hosts:
                    lb: {ansible_host: 198.18.0.11}
                services:
                  hosts:
                    web-1: {ansible_host: 198.18.0.21}
                    web-2: {ansible_host: 198.18.0.22}
            """;

    Path inventory(String services) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), "all:\n  vars:\n    services:\n" + services.indent(6) + HOSTS);
    }

    Deployment load(String services) throws IOException {
        return Deployment.load(inventory(services), ProjectSchema.PLAYBOOKS, Map.of());
    }

    String failure(String services) {
        var e = assertThrows(ProvisionException.class, () -> load(services));
        assertEquals(2, e.exitCode(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void withoutServicesTheDeploymentIsTodaysWebAtTheRoot() throws IOException {
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), "all:\n" + HOSTS);
        Deployment d = Deployment.load(inv, ProjectSchema.PLAYBOOKS, Map.of());
        assertEquals(1, d.services().size());
        ServiceSpec web = d.services().get(0);
        assertEquals(List.of("web", "services", 8080, "/health", "/"), List.of(web.name(), web.group(), web.port(), web.health(), web.route()));
        assertEquals(List.of("web-1", "web-2"), web.hosts().stream().map(h -> h.name()).toList());
        assertTrue(web.builtin());
        assertTrue(web.isDefault());
    }

    @Test
    void declaredServicesFollowWebWithTheirHostsAndDefaults() throws IOException {
        Deployment d = load("""
                - {name: orders, port: 8090, route: /orders, jar: orders.jar, sha256: %s, env: {GREETING: hi there}}
                - {name: py, port: 9000, tarball: py.tar.gz, start: "python3 app.py --port ${SERVICE_PORT}"}
                """.formatted(Sha256.of(jar)));
        assertEquals(List.of("web", "orders", "py"), d.services().stream().map(ServiceSpec::name).toList());
        ServiceSpec orders = d.service("orders").orElseThrow();
        assertEquals(8090, orders.port());
        assertEquals("/orders", orders.route());
        assertEquals("/health", orders.health());
        assertEquals(2, orders.hosts().size());
        assertEquals("orders", orders.delivery().user());
        assertEquals(Map.of("GREETING", "hi there"), orders.delivery().env());
        ServiceSpec py = d.service("py").orElseThrow();
        assertEquals("/py", py.route());
        assertEquals(List.of("python3", "app.py", "--port", "${SERVICE_PORT}"), py.delivery().start());
        assertEquals(Sha256.of(tarball), py.delivery().sha256());
        Var w1 = new Var(d, "web-1");
        assertEquals(List.of("8301-8302/tcp", "8301-8302/udp", "8080/tcp", "8090/tcp", "9000/tcp"), d.openedPorts(w1.host()));
        assertEquals(List.of("8301-8302/tcp", "8301-8302/udp", "80/tcp", "8181/tcp"), d.openedPorts(new Var(d, "lb").host()));
        assertEquals(List.of("orders", "py"), d.servicesOn(w1.host()).stream().skip(1).map(ServiceSpec::name).toList());
    }

    record Var(Deployment d, String name) {
        dev.provision.inventory.Host host() {
            return d.inventory().host(name).orElseThrow();
        }
    }

    @Test
    void aBadFieldIsNamedWithItsLine() {
        String m = failure("""
                - name: orders
                  port: 99999
                  jar: orders.jar
                  sha256: %s
                """.formatted(Sha256.of(jar)));
        assertTrue(m.contains("inventory.yaml:5: all.vars.services[0].port: \"99999\" is not a port number"), m);
    }

    @Test
    void everyMistakeIsReportedBeforeAnyHost() {
        String m = failure("""
                - name: Orders
                  port: 8090
                  jar: orders.jar
                - name: py
                  port: 9000
                  tarball: py.tar.gz
                  start: python3 app.py; rm -rf /
                  env: {"BAD NAME": x, OK: "a\\"b"}
                  colour: red
                - {name: x, port: 9001, jar: missing.jar, sha256: %s}
                - {name: y, port: 9002, jar: orders.jar, sha256: %s}
                """.formatted(Sha256.of(jar), "0".repeat(64)));
        assertTrue(m.contains(":4: all.vars.services[0].name: \"Orders\" is not a DNS label"), m);
        assertTrue(m.contains(":6: all.vars.services[0].sha256: missing: give sha256, or put its sum beside the file"), m);
        assertTrue(m.contains(":10: all.vars.services[1].start: \"app.py;\" is not a safe word"), m);
        assertTrue(m.contains("all.vars.services[1].env.BAD NAME: not an environment variable name"), m);
        assertTrue(m.contains("all.vars.services[1].env.OK: the value holds a quote"), m);
        assertTrue(m.contains(":12: all.vars.services[1].colour: unknown field"), m);
        assertTrue(m.contains(":13: all.vars.services[2].jar: no readable file"), m);
        assertTrue(m.contains(":14: all.vars.services[3].sha256: the file " + jar + " has SHA-256 " + Sha256.of(jar) + ", not 000"), m);
    }

    @Test
    void nameRouteUserAndPortMustBeTheServicesOwn() throws IOException {
        String sum = Sha256.of(jar);
        String web = failure("- {name: web, port: 8090, jar: orders.jar, sha256: " + sum + "}");
        assertTrue(web.contains(":4: all.vars.services[0].name: 'web' is the built-in sample service's name"), web);
        assertTrue(failure("- {name: consul, port: 8090, jar: orders.jar, sha256: " + sum + "}")
                .contains("'consul' is a unit the deployment itself runs"));
        assertTrue(failure("- {name: a, port: 8090, route: /, jar: orders.jar, sha256: " + sum + "}")
                .contains("all.vars.services[0].route: '/' is the built-in web's"));
        String m = failure("""
                - {name: a, port: 8090, route: /x, jar: orders.jar, sha256: %1$s}
                - {name: b, port: 8091, route: /x, user: a, jar: orders.jar, sha256: %1$s}
                - {name: c, port: 8090, hosts: nowhere, jar: orders.jar, sha256: %1$s}
                """.formatted(sum));
        assertTrue(m.contains(":5: all.vars.services[1].route: route /x is also service a's"), m);
        assertTrue(m.contains(":5: all.vars.services[1].user: user 'a' is also service a's"), m);
        assertTrue(m.contains(":6: all.vars.services[2].hosts: no group 'nowhere'"), m);
    }

    @Test
    void twoServicesOnOneHostOnOnePortClash() throws IOException {
        String sum = Sha256.of(jar);
        Deployment d = load("""
                - {name: a, port: 8090, jar: orders.jar, sha256: %1$s}
                - {name: b, port: 8090, jar: orders.jar, sha256: %1$s}
                - {name: c, port: 8080, jar: orders.jar, sha256: %1$s}
                - {name: d, port: 8301, hosts: load_balancers, jar: orders.jar, sha256: %1$s}
                """.formatted(sum));
        List<String> web1 = PortClashes.on(d, d.inventory().host("web-1").orElseThrow());
        assertTrue(web1.stream().anyMatch(p -> p.contains(":5: all.vars.services[1].port: service b's port 8090 is also service a's port 8090 on host web-1")), web1.toString());
        assertTrue(web1.stream().anyMatch(p -> p.contains(":6: all.vars.services[2].port: service_port 8080 is also service c's port 8080")), web1.toString());
        List<String> lb = PortClashes.on(d, d.inventory().host("lb").orElseThrow());
        assertTrue(lb.stream().anyMatch(p -> p.contains(":7: all.vars.services[3].port: service d's port 8301 is also Consul's LAN gossip port")), lb.toString());
        assertNull(null);
    }
}
