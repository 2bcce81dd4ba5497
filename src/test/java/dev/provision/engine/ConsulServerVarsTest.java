package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import dev.provision.deployment.ProjectSchema;
import dev.provision.facts.Os;
import dev.provision.inventory.Inventory;
import dev.provision.playbook.Location;
import dev.provision.playbook.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every Consul agent is told about the servers: servers expect the group's size before
 * they elect a leader, every agent joins the servers (a server the others), so one server or
 * three form one cluster whichever starts first.
 */
class ConsulServerVarsTest {
    @TempDir Path tmp;

    @Test
    void oneServerBootstrapsAloneAndTheClientsJoinIt() throws Exception {
        Inventory inv = inventory("consul-server: {ansible_host: 198.18.0.10}");
        assertEquals(1, vars(inv, "consul-server").get("consul_bootstrap_expect"));
        assertEquals(List.of(), vars(inv, "consul-server").get("consul_retry_join"));
        assertEquals(List.of("198.18.0.10"), vars(inv, "web-1").get("consul_retry_join"));
        String server = consulJson(inv, "consul-server");
        assertTrue(server.contains("\"bootstrap_expect\": 1,"), server);
        assertTrue(server.contains("\"retry_join\": [],"), server);
    }

    @Test
    void threeServersExpectThreeAndEachJoinsTheOthers() throws Exception {
        Inventory inv = inventory("""
                consul-server: {ansible_host: 198.18.0.10}
                        consul-2: {ansible_host: 198.18.0.12}
                        consul-3: {ansible_host: 198.18.0.13}""");
        for (String s : List.of("consul-server", "consul-2", "consul-3")) {
            assertEquals(true, vars(inv, s).get("consul_server"), s);
            assertEquals(3, vars(inv, s).get("consul_bootstrap_expect"), s);
        }
        assertEquals(List.of("198.18.0.12", "198.18.0.13"), vars(inv, "consul-server").get("consul_retry_join"));
        assertEquals(List.of("198.18.0.10", "198.18.0.13"), vars(inv, "consul-2").get("consul_retry_join"));
        assertEquals(List.of("198.18.0.10", "198.18.0.12", "198.18.0.13"), vars(inv, "web-1").get("consul_retry_join"));
        assertEquals(List.of("198.18.0.10", "198.18.0.12", "198.18.0.13"), vars(inv, "lb").get("consul_retry_join"));
        assertEquals(false, vars(inv, "lb").get("consul_server"));

        String server = consulJson(inv, "consul-3");
        assertTrue(server.contains("\"server\": true,"), server);
        assertTrue(server.contains("\"bootstrap_expect\": 3,"), server);
        assertTrue(server.contains("\"retry_join\": [\"198.18.0.10\", \"198.18.0.12\"],"), server);
        String client = consulJson(inv, "web-1");
        assertTrue(client.contains("\"server\": false,"), client);
        assertFalse(client.contains("bootstrap_expect"), client);
        assertTrue(client.contains("\"retry_join\": [\"198.18.0.10\", \"198.18.0.12\", \"198.18.0.13\"],"), client);
    }

    @Test
    void everyServerOpensTheServerRpcPortBesideGossip() throws Exception {
        Inventory inv = inventory("""
                consul-server: {ansible_host: 198.18.0.10}
                        consul-2: {ansible_host: 198.18.0.12}
                        consul-3: {ansible_host: 198.18.0.13}""");
        for (String s : List.of("consul-server", "consul-2", "consul-3")) {
            String ports = String.valueOf(vars(inv, s).get("firewall_ports"));
            // Raft and RPC between servers go over 8300; serf (LAN gossip) over 8301 tcp and udp.
            assertTrue(ports.contains("8300/tcp") && ports.contains("8301-8302/tcp") && ports.contains("8301-8302/udp"),
                    s + ": " + ports);
        }
        assertFalse(String.valueOf(vars(inv, "web-1").get("firewall_ports")).contains("8300"));
    }

    private Inventory inventory(String servers) throws Exception {
        Path file = Files.writeString(tmp.resolve("inventory.yaml"), """
                all:
                  vars:
                    ansible_user: root
                  children:
                    consul_servers:
                      hosts:
                        %s
                    load_balancers:
                      hosts:
                        lb: {ansible_host: 198.18.0.11}
                    services:
                      hosts:
                        web-1: {ansible_host: 198.18.0.21}
                """.formatted(servers));
        return ProjectSchema.load(file);
    }

    private static Map<String, Object> vars(Inventory inv, String host) {
        var vars = new DeploymentVars(ProjectSchema.deployment(inv), Secret.of("k"), h -> Secret.of("p"), Map.of(),
                Path.of("provision-service.jar"));
        return vars.forHost(inv.host(host).orElseThrow(), Os.of("debian", "12"));
    }

    private static String consulJson(Inventory inv, String host) {
        return new Templates(ProjectSchema.PLAYBOOKS.resolve("templates")).renderFile("consul.json", vars(inv, host),
                new Location(ProjectSchema.PLAYBOOKS.resolve("20-consul.yaml"), 1));
    }
}
