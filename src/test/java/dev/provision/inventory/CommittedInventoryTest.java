package dev.provision.inventory;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root inventory.yaml, the Vagrant example, loaded from a copy in a temporary folder. */
class CommittedInventoryTest {
    static final Path COMMITTED = Path.of(System.getProperty("user.dir"), "inventory.yaml");
    static final List<String> NAMES = List.of("consul-server", "lb", "web-1", "web-2", "web-3");
    static final List<String> ADDRESSES =
            List.of("192.168.56.10", "192.168.56.11", "192.168.56.21", "192.168.56.22", "192.168.56.23");

    @TempDir
    Path dir;

    @Test
    void loadsOnceVagrantHasCreatedTheKeys() throws IOException {
        Path copy = Files.copy(COMMITTED, dir.resolve("inventory.yaml"));
        for (String name : NAMES) {
            Path key = dir.resolve(".vagrant/machines/" + name + "/virtualbox/private_key");
            Files.createDirectories(key.getParent());
            Files.writeString(key, "not really a key: loading never reads it");
        }
        Inventory inv = ProjectSchema.load(copy, Map.of());

        assertEquals(NAMES, inv.hosts().stream().map(Host::name).toList());
        assertEquals(ADDRESSES, inv.hosts().stream().map(Host::address).toList());
        for (Host h : inv.hosts()) {
            assertEquals("vagrant", h.user());
            assertEquals(22, h.port());
            assertEquals(Optional.of(dir.resolve(".vagrant/machines/" + h.name() + "/virtualbox/private_key")),
                    h.privateKeyFile());
            assertEquals("1.8.7", h.vars().get("consul_version"));
            assertEquals("2.6.12", h.vars().get("haproxy_version"));
            assertEquals("web", h.vars().get("service_name"));
            assertEquals(8080, h.vars().get("service_port"));
            assertEquals(80, h.vars().get("lb_port"));
            assertEquals(8181, h.vars().get("stats_port"));
            assertEquals("2s", h.vars().get("health_interval"));
        }
        assertEquals(List.of("consul-server"), inv.hostsWith(Role.CONSUL_SERVER).stream().map(Host::name).toList());
        assertEquals(List.of("lb"), inv.hostsWith(Role.LOAD_BALANCER).stream().map(Host::name).toList());
        assertEquals(List.of("web-1", "web-2", "web-3"), inv.hostsWith(Role.SERVICE).stream().map(Host::name).toList());
        assertTrue(inv.warnings().isEmpty(), inv.warnings().toString());
    }

    /** What a user sees before 'vagrant up': one clear line per missing key. */
    @Test
    void beforeVagrantUpEveryMissingKeyIsNamed() throws IOException {
        Path copy = Files.copy(COMMITTED, dir.resolve("inventory.yaml"));
        String text = Files.readString(copy);
        ProvisionException e = assertThrows(ProvisionException.class, () -> ProjectSchema.load(copy, Map.of()));
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        List<String> expected = new ArrayList<>();
        for (String name : NAMES) {
            String relative = ".vagrant/machines/" + name + "/virtualbox/private_key";
            String group = name.equals("consul-server") ? "consul_servers" : name.equals("lb") ? "load_balancers" : "services";
            expected.add(copy + ":" + InventoryLoaderErrorsTest.lineOf(text, relative) + ": all.children." + group
                    + ".hosts." + name + ".ansible_ssh_private_key_file: key file " + dir.resolve(relative)
                    + " does not exist (Vagrant creates it on 'vagrant up')");
        }
        assertEquals(String.join("\n", expected), e.getMessage());
    }
}
