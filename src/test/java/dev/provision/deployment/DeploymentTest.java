package dev.provision.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.inventory.Group;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment model: every name and port from the playbooks folder and the inventory, none from code. */
class DeploymentTest {
    static Host host(String name, Role role, int sshPort, Map<String, Object> vars) {
        return new Host(name, "198.18.0.5", sshPort, "root", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("all", role.group()), Set.of(role), vars);
    }

    static Deployment deployment(Path playbooks, Host... hosts) {
        var inv = new Inventory(Path.of("inventory.yaml"), List.of(hosts),
                Map.of("all", new Group("all", List.of(), List.of(), Map.of())), List.of());
        return Deployment.of(inv, playbooks);
    }

    /** A copy of the project's playbooks folder, to change. */
    static Path copyOfPlaybooks(Path into) throws IOException {
        try (Stream<Path> files = Files.walk(ProjectSchema.PLAYBOOKS)) {
            for (Path p : files.toList()) {
                Path target = into.resolve(ProjectSchema.PLAYBOOKS.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return into;
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no " + from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void firewallPortsAreSshThenEveryHostsThenTheExtrasThenTheRoles() {
        Host lb = host("lb", Role.LOAD_BALANCER, 2222, Map.of("firewall_extra_ports", "22/tcp, 9100/udp"));
        Host server = host("server", Role.CONSUL_SERVER, 2222, Map.of());
        Host web = host("web", Role.SERVICE, 2222, Map.of());
        Deployment d = deployment(ProjectSchema.PLAYBOOKS, lb, server, web);
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "22/tcp", "9100/udp", "80/tcp", "8181/tcp"),
                d.firewallPorts(lb));
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "8300/tcp"), d.firewallPorts(server));
        assertEquals(List.of(2222, 8301, 8080), d.listeningPorts(web));
        assertEquals(List.of("8301-8302/tcp", "8301-8302/udp", "8080/tcp"), d.openedPorts(web));
    }

    @Test
    void namesAndPortsComeFromDefaultsUnlessTheInventorySetsThem() {
        Host lb = host("lb", Role.LOAD_BALANCER, 22, Map.of("stats_user", "ops"));
        Host web = host("web", Role.SERVICE, 22, Map.of("service_port", 9000));
        Deployment d = deployment(ProjectSchema.PLAYBOOKS, lb, web);
        assertEquals("web", d.serviceName());
        assertEquals(9000, d.servicePort());
        assertEquals(80, d.lbPort());
        assertEquals(8181, d.statsPort());
        assertEquals("ops", d.statsUser());
        assertEquals("public", d.firewallZone());
        assertEquals("/usr/local/bin/consul", d.consulBin());
        assertEquals(8500, d.consulHttpPort());
        assertEquals("web-web", d.serviceId(web));
    }

    /** The test: change the folder, and what verify expects follows, with no code changed. */
    @Test
    void verifyExpectationsFollowAChangedPlaybooksFolder(@TempDir Path tmp) throws IOException {
        Path playbooks = copyOfPlaybooks(tmp.resolve("playbooks"));
        replace(playbooks.resolve("defaults.yaml"), "service_port: 8080", "service_port: 9090");
        replace(playbooks.resolve("defaults.yaml"), "lb_port: 80\n", "lb_port: 8088\n");
        replace(playbooks.resolve("defaults.yaml"), "service_name: web", "service_name: shop");
        replace(playbooks.resolve("variables.yaml"), "- {port: 8300, what: \"Consul's server RPC port\"}",
                "- {port: 8310, what: \"Consul's server RPC port\"}");
        replace(playbooks.resolve("variables.yaml"), "      - {port: \"{{service_port}}\"}",
                "      - {port: \"{{service_port}}\"}\n      - {port: 9100, what: \"the replica's metrics port\"}");
        Host lb = host("lb", Role.LOAD_BALANCER, 22, Map.of());
        Host server = host("server", Role.CONSUL_SERVER, 22, Map.of());
        Host web = host("web", Role.SERVICE, 22, Map.of());
        Deployment d = deployment(playbooks, lb, server, web);

        assertEquals(9090, d.servicePort());
        assertEquals(8088, d.lbPort());
        assertEquals("shop", d.serviceName());
        assertEquals(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp", "8310/tcp"), d.firewallPorts(server));
        assertEquals(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp", "9090/tcp", "9100/tcp"), d.firewallPorts(web));
        assertEquals(List.of("22/tcp", "8301-8302/tcp", "8301-8302/udp", "8088/tcp", "8181/tcp"), d.firewallPorts(lb));
        assertEquals(List.of(22, 8301, 9090, 9100), d.listeningPorts(web));
        assertEquals(List.of(22, 8301, 8310), d.listeningPorts(server));
    }

    @Test
    void portsOfOneHostThatClashAreRefusedNamingTheLineToChange() {
        Host both = new Host("lb", "198.18.0.5", 22, "root", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("all", "load_balancers", "services"), Set.of(Role.LOAD_BALANCER, Role.SERVICE),
                Map.of("service_port", 80));
        Deployment d = deployment(ProjectSchema.PLAYBOOKS, both);
        List<String> clashes = PortClashes.on(d, both);
        assertEquals(1, clashes.size(), clashes.toString());
        assertTrue(clashes.get(0).endsWith("lb_port 80 is also service_port 80 on host lb (both would listen on it); "
                + "give each its own port"), clashes.get(0));
    }

    @Test
    void aSchemaMistakeNamesFileLineAndKey(@TempDir Path tmp) throws IOException {
        Path playbooks = copyOfPlaybooks(tmp.resolve("playbooks"));
        replace(playbooks.resolve("variables.yaml"), "service_port: {type: port,", "service_port: {type: portt,");
        var e = org.junit.jupiter.api.Assertions.assertThrows(ProvisionException.class, () -> SchemaFile.read(playbooks));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().matches("(?s).*variables\\.yaml:\\d+.*variables\\.service_port\\.type.*unknown type 'portt'.*"),
                e.getMessage());
    }
}
