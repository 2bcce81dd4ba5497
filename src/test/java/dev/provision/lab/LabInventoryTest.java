package dev.provision.lab;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.inventory.Host;
import dev.provision.inventory.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabInventoryTest {
    @TempDir
    Path dir;

    @Test
    void theLabInventoryLoadsCleanlyWithEveryHostInItsRole() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key\n");
        var subnet = Subnet.parse("198.18.3.0/24");
        var hosts = new AddressPlan(subnet).hosts(2);
        Path file = Files.writeString(dir.resolve("inventory.yaml"),
                LabInventory.render("t", subnet, hosts, key, dir.resolve("artifacts")));

        var inv = ProjectSchema.load(file, Map.of());

        assertEquals(List.of(), inv.warnings());
        assertEquals(List.of("consul-server"), inv.hostsWith(Role.CONSUL_SERVER).stream().map(Host::name).toList());
        assertEquals(List.of("lb"), inv.hostsWith(Role.LOAD_BALANCER).stream().map(Host::name).toList());
        assertEquals(List.of("web-1", "web-2"), inv.hostsWith(Role.SERVICE).stream().map(Host::name).toList());
        Host web2 = inv.host("web-2").orElseThrow();
        assertEquals("198.18.3.22", web2.address());
        assertEquals(22, web2.port());
        assertEquals("provision", web2.user());
        assertEquals(key, web2.privateKeyFile().orElseThrow());
        assertEquals("1.8.7", String.valueOf(web2.vars().get("consul_version")));
        assertEquals("2.6.12", String.valueOf(web2.vars().get("haproxy_version")));
        assertEquals(dir.resolve("artifacts").toString(), String.valueOf(web2.vars().get("artifacts_dir")));
    }

    @Test
    void threeConsulServersAreOneGroupAndAddingThemNeverMovesABroker() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key\n");
        var subnet = Subnet.parse("198.18.3.0/24");
        var hosts = new AddressPlan(subnet).hosts(3, 3);
        assertEquals(List.of("consul-server", "web-1", "web-2"), LabInventory.brokers(hosts, 3).stream().map(LabHost::name).toList());
        assertEquals(List.of("consul-server", "web-1", "web-2", "web-3", "lb", "consul-2", "consul-3"),
                LabInventory.brokers(hosts, 9).stream().map(LabHost::name).toList());

        Path file = Files.writeString(dir.resolve("inventory.yaml"),
                LabInventory.render("t", subnet, hosts, key, dir.resolve("artifacts"), LabInventory.brokers(hosts, 1)));
        var inv = ProjectSchema.load(file, Map.of());
        assertEquals(List.of(), inv.warnings());
        assertEquals(List.of("consul-server", "consul-2", "consul-3"),
                inv.hostsWith(Role.CONSUL_SERVER).stream().map(Host::name).toList());
        assertEquals("198.18.3.13", inv.host("consul-3").orElseThrow().address());
        assertEquals(7, inv.hosts().size());
    }

    @Test
    void brokersAreARoleOfHostsAlreadyListedConsulServerFirst() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key\n");
        var subnet = Subnet.parse("198.18.3.0/24");
        var hosts = new AddressPlan(subnet).hosts(3);
        assertEquals(List.of("consul-server"), LabInventory.brokers(hosts, 1).stream().map(LabHost::name).toList());
        assertEquals(List.of("consul-server", "web-1", "web-2"), LabInventory.brokers(hosts, 3).stream().map(LabHost::name).toList());
        assertEquals(List.of("consul-server", "web-1", "web-2", "web-3", "lb"),
                LabInventory.brokers(hosts, 9).stream().map(LabHost::name).toList());
        assertEquals(List.of(), LabInventory.brokers(hosts, 0));

        Path file = Files.writeString(dir.resolve("inventory.yaml"),
                LabInventory.render("t", subnet, hosts, key, dir.resolve("artifacts"), LabInventory.brokers(hosts, 3)));
        var inv = ProjectSchema.load(file, Map.of());
        assertEquals(List.of(), inv.warnings());
        assertEquals(5, inv.hosts().size(), "no extra host");
        assertEquals(List.of("consul-server", "web-1", "web-2"), inv.hostsWith(Role.BROKER).stream().map(Host::name).toList());
        Host web1 = inv.host("web-1").orElseThrow();
        assertTrue(web1.has(Role.SERVICE) && web1.has(Role.BROKER), web1.roles().toString());
        assertEquals("198.18.3.21", web1.address(), "its connection variables kept from its first group");
        assertEquals("2.9.10", String.valueOf(web1.vars().get("nats_version")));
    }

    @Test
    void knownHostsLinesNameTheAddressOnlyForPort22() {
        var hosts = new AddressPlan(Subnet.parse("198.18.3.0/24")).hosts(1);
        String kh = LabInventory.knownHosts(hosts, h -> "ssh-ed25519 AAAAkey" + h.shortId() + " root@" + h.name());
        assertEquals("""
                198.18.3.10 ssh-ed25519 AAAAkeycs
                198.18.3.11 ssh-ed25519 AAAAkeylb
                198.18.3.21 ssh-ed25519 AAAAkeyw1
                """, kh);
        assertTrue(!kh.contains("["));
    }

    @Test
    void theLabDeclaresOrdersBesideWebWhenItsJarIsBuilt() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key\n");
        Path jar = Files.writeString(dir.resolve("provision-orders.jar"), "orders");
        var subnet = Subnet.parse("198.18.3.0/24");
        var hosts = new AddressPlan(subnet).hosts(2);
        Path file = Files.writeString(dir.resolve("inventory.yaml"),
                LabInventory.render("t", subnet, hosts, key, dir.resolve("artifacts"), List.of(), jar));
        var d = ProjectSchema.deployment(ProjectSchema.load(file, Map.of()));
        assertEquals(List.of("web /", "orders /orders"), d.services().stream().map(s -> s.name() + " " + s.route()).toList());
        var orders = d.service("orders").orElseThrow();
        assertEquals(8090, orders.port());
        assertEquals(List.of("web-1", "web-2"), orders.hosts().stream().map(Host::name).toList());
        assertEquals(jar, orders.delivery().artifact());
        // Without the jar: web alone, as before.
        Path plain = Files.writeString(dir.resolve("plain.yaml"),
                LabInventory.render("t", subnet, hosts, key, dir.resolve("artifacts"), List.of(), dir.resolve("none.jar")));
        assertEquals(1, ProjectSchema.deployment(ProjectSchema.load(plain, Map.of())).services().size());
    }
}
