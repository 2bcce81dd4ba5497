package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.facts.Os;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.InventoryLoader;
import dev.provision.playbook.PlaybookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every replica in the inventory has a server-template slot, or the run is refused. */
class BalancerSlotsTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{0} replicas -> {1} slots")
    @CsvSource({"0, 20", "1, 20", "10, 20", "11, 40", "20, 40", "21, 60", "38, 80", "100, 200"})
    void roomToDoubleInStepsOfTwentyNeverBelowTheDefault(int replicas, int slots) {
        assertEquals(slots, BalancerSlots.derived(replicas, 20));
    }

    @Test
    void theDefaultsValueIsTheFloor() {
        assertEquals(50, BalancerSlots.derived(3, 50));
        assertEquals(80, BalancerSlots.derived(38, 50));
    }

    @Test
    void moreReplicasThanTheOldTwentySlotsGetASlotEach() throws Exception {
        Inventory inv = inventory(25, "");
        assertEquals("60", slotsRenderedFor(inv));
        BalancerSlots.check(inv, 20); // nothing set: nothing to refuse
    }

    @Test
    void anExplicitValueIsTakenAsIs() throws Exception {
        Inventory inv = inventory(3, "lb_max_replicas: 5");
        BalancerSlots.check(inv, 20);
        assertEquals("5", slotsRenderedFor(inv));
    }

    @Test
    void anExplicitValueEqualToTheReplicasIsEnough() throws Exception {
        BalancerSlots.check(inventory(12, "lb_max_replicas: 12"), 20);
    }

    @Test
    void fewerSlotsThanReplicasIsRefusedNamingFileLineAndKey() throws Exception {
        Inventory inv = inventory(12, "lb_max_replicas: 10");
        var e = assertThrows(ProvisionException.class, () -> BalancerSlots.check(inv, 20));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(inv.source() + ":4: all.vars.lb_max_replicas: 10 server-template slots on lb for 12 replicas"),
                e.getMessage());
        assertTrue(e.getMessage().contains("2 replicas would be registered and passing in Consul yet never get a request"), e.getMessage());
        assertTrue(e.getMessage().contains("set it to at least 12, or remove it and provision reserves 40"), e.getMessage());
    }

    @Test
    void aBalancersOwnValueIsNamedWhereTheHostSetsIt() throws Exception {
        Inventory inv = inventory(2, "", "{ansible_host: 198.18.0.11, lb_max_replicas: 1}");
        var e = assertThrows(ProvisionException.class, () -> BalancerSlots.check(inv, 20));
        assertTrue(e.getMessage().startsWith(inv.source() + ":12: all.children.load_balancers.hosts.lb.lb_max_replicas: 1 server-template slot on lb for 2 replicas"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1 replica would be registered"), e.getMessage());
    }

    @Test
    void consulTemplateHasNoSlotsToRunOutOf() throws Exception {
        BalancerSlots.check(inventory(5, "lb_max_replicas: 1\n    lb_discovery: consul-template"), 20);
    }

    private Inventory inventory(int replicas, String allVars) throws Exception {
        return inventory(replicas, allVars, "{ansible_host: 198.18.0.11}");
    }

    private Inventory inventory(int replicas, String allVars, String lb) throws Exception {
        var web = new StringBuilder();
        for (int n = 1; n <= replicas; n++) web.append("        web-").append(n).append(": {ansible_host: 198.18.0.").append(20 + n).append("}\n");
        Path file = Files.writeString(tmp.resolve("inventory.yaml"), """
                all:
                  vars:
                    ansible_user: root
                    %s
                  children:
                    consul_servers:
                      hosts:
                        consul-server: {ansible_host: 198.18.0.10}
                    load_balancers:
                      hosts:
                        # the balancer
                        lb: %s
                    services:
                      hosts:
                %s""".formatted(allVars, lb, web));
        return InventoryLoader.load(file);
    }

    /** What the balancer's templates see as lb_max_replicas, with the project's own playbooks. */
    private static String slotsRenderedFor(Inventory inv) {
        var vars = new DeploymentVars(PlaybookLoader.load(Path.of("playbooks")), inv, Secret.of("k"), h -> Secret.of("p"),
                Map.of(), Path.of("provision-service.jar"));
        return String.valueOf(vars.forHost(inv.host("lb").orElseThrow(), Os.of("debian", "12")).get("lb_max_replicas"));
    }
}
