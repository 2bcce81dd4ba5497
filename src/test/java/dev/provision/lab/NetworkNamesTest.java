package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkNamesTest {
    private final LabHost web50 = new LabHost("web-50", LabHost.SERVICES, "198.18.0.70", "w50");

    @Test
    void longestNamesFitLinuxInterfaceNames() {
        String longest = "abcdefghijkl"; // 12, the most LabSpec allows
        assertEquals("pv-abcdefghijkl", NetworkNames.bridge(longest));
        assertTrue(NetworkNames.bridge(longest).length() <= NetworkNames.IFNAMSIZ);
        assertTrue(NetworkNames.veth(longest, web50).length() <= NetworkNames.IFNAMSIZ);
    }

    @Test
    void namesAreDistinctPerLabAndHost() {
        var cs = new LabHost("consul-server", LabHost.CONSUL_SERVERS, "198.18.0.10", "cs");
        assertNotEquals(NetworkNames.veth("provision", web50), NetworkNames.veth("labdev", web50));
        assertNotEquals(NetworkNames.veth("provision", web50), NetworkNames.veth("provision", cs));
        assertEquals("pv-provision-web-50", NetworkNames.netns("provision", web50));
        assertTrue(NetworkNames.veth("provision", web50).startsWith(NetworkNames.vethPrefix("provision")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Lab", "1lab", "lab-dev", "abcdefghijklm", "lab/../x"})
    void refusesLabNamesThatCannotNameABridge(String name) {
        var e = assertThrows(ProvisionException.class, () -> LabSpec.validateName(name));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, LabSpec.MAX_REPLICAS + 1})
    void refusesReplicaCountsOutOfRange(int n) {
        var e = assertThrows(ProvisionException.class, () -> new LabSpec("lab", null, n));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("--replicas must be between 1 and " + LabSpec.MAX_REPLICAS), e.getMessage());
    }
}
