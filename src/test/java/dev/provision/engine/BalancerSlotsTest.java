package dev.provision.engine;

import dev.provision.deployment.ProjectSchema;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.facts.Os;
import dev.provision.inventory.Inventory;
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
    static final Map<String, Object> DEFAULTS = Map.of("lb_max_replicas", 20, "lb_dns_payload", 8192);
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

    @ParameterizedTest(name = "{0} slots -> {1} bytes")
    @CsvSource({"20, 8192", "60, 8192", "80, 10752", "200, 26112", "508, 65507", "9999, 65507"})
    void theDnsPayloadHoldsARecordPerSlotWithinOneUdpDatagram(int slots, int bytes) {
        assertEquals(bytes, BalancerSlots.dnsPayload(slots, 8192));
    }

    @Test
    void aLargerExplicitSlotCountGetsTheDnsPayloadToFillIt() throws Exception {
        Inventory inv = inventory(3, "lb_max_replicas: 100");
        assertEquals("13312", rendered(inv, "lb_dns_payload"));
        assertEquals("8192", rendered(inventory(3, ""), "lb_dns_payload"));
    }

    @Test
    void anInventoryPayloadIsAFloorNeverASizeTooSmallForTheSlots() throws Exception {
        // 20 slots need 512 + 20 x 128 = 3072 bytes: a smaller value from the inventory would let
        // HAProxy keep a truncated SRV answer and silently drop replicas.
        assertEquals("3072", rendered(inventory(3, "lb_dns_payload: 600"), "lb_dns_payload"));
        assertEquals("16384", rendered(inventory(3, "lb_dns_payload: 16384"), "lb_dns_payload"));
    }

    @Test
    void moreReplicasThanOneDnsAnswerHoldsAreRefused() throws Exception {
        Inventory inv = inventory(507, "");
        BalancerSlots.check(inv, DEFAULTS);
        Inventory tooMany = inventory(508, "");
        var e = assertThrows(ProvisionException.class, () -> BalancerSlots.check(tooMany, DEFAULTS));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(tooMany.source() + ": services: 508 replicas in the inventory, but one DNS answer"),
                e.getMessage());
    }

    @Test
    void moreReplicasThanTheOldTwentySlotsGetASlotEach() throws Exception {
        Inventory inv = inventory(25, "");
        assertEquals("60", slotsRenderedFor(inv));
        assertEquals("8192", rendered(inv, "lb_dns_payload"));
        BalancerSlots.check(inv, DEFAULTS); // nothing set: nothing to refuse
    }

    @Test
    void anExplicitValueIsTakenAsIs() throws Exception {
        Inventory inv = inventory(3, "lb_max_replicas: 5");
        BalancerSlots.check(inv, DEFAULTS);
        assertEquals("5", slotsRenderedFor(inv));
    }

    @Test
    void anExplicitValueEqualToTheReplicasIsEnough() throws Exception {
        BalancerSlots.check(inventory(12, "lb_max_replicas: 12"), DEFAULTS);
    }

    @Test
    void fewerSlotsThanReplicasIsRefusedNamingFileLineAndKey() throws Exception {
        Inventory inv = inventory(12, "lb_max_replicas: 10");
        var e = assertThrows(ProvisionException.class, () -> BalancerSlots.check(inv, DEFAULTS));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(inv.source() + ":4: all.vars.lb_max_replicas: 10 server-template slots on lb for 12 replicas"),
                e.getMessage());
        assertTrue(e.getMessage().contains("2 replicas would be registered and passing in Consul yet never get a request"), e.getMessage());
        assertTrue(e.getMessage().contains("set it to at least 12, or remove it and provision reserves 40"), e.getMessage());
    }

    @Test
    void aBalancersOwnValueIsNamedWhereTheHostSetsIt() throws Exception {
        Inventory inv = inventory(2, "", "{ansible_host: 198.18.0.11, lb_max_replicas: 1}");
        var e = assertThrows(ProvisionException.class, () -> BalancerSlots.check(inv, DEFAULTS));
        assertTrue(e.getMessage().startsWith(inv.source() + ":12: all.children.load_balancers.hosts.lb.lb_max_replicas: 1 server-template slot on lb for 2 replicas"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1 replica would be registered"), e.getMessage());
    }

    @Test
    void consulTemplateHasNoSlotsToRunOutOf() throws Exception {
        BalancerSlots.check(inventory(5, "lb_max_replicas: 1\n    lb_discovery: consul-template"), DEFAULTS);
    }

    private Inventory inventory(int replicas, String allVars) throws Exception {
        return inventory(replicas, allVars, "{ansible_host: 198.18.0.11}");
    }

    private Inventory inventory(int replicas, String allVars, String lb) throws Exception {
        var web = new StringBuilder();
        for (int n = 1; n <= replicas; n++) web.append("        web-").append(n).append(": {ansible_host: 198.18.").append(n / 200).append('.').append(20 + n % 200).append("}\n");
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
        return ProjectSchema.load(file);
    }

    private static String slotsRenderedFor(Inventory inv) {
        return rendered(inv, "lb_max_replicas");
    }

    /** What the balancer's templates see as this variable, with the project's own playbooks. */
    private static String rendered(Inventory inv, String variable) {
        var vars = new DeploymentVars(ProjectSchema.deployment(inv), Secret.of("k"), h -> Secret.of("p"),
                Map.of(), Path.of("provision-service.jar"));
        return String.valueOf(vars.forHost(inv.host("lb").orElseThrow(), Os.of("debian", "12")).get(variable));
    }
}
