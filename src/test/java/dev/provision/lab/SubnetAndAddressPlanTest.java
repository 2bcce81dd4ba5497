package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubnetAndAddressPlanTest {
    @Test
    void plansFixedAddressesSoAddingReplicasNeverMovesAHost() {
        var plan = new AddressPlan(Subnet.parse("198.18.0.0/24"));
        assertEquals("198.18.0.1", plan.bridgeAddress());
        List<LabHost> three = plan.hosts(3);
        assertEquals(List.of("consul-server 198.18.0.10 consul_servers", "lb 198.18.0.11 load_balancers",
                "web-1 198.18.0.21 services", "web-2 198.18.0.22 services", "web-3 198.18.0.23 services"),
                three.stream().map(h -> h.name() + " " + h.address() + " " + h.group()).toList());
        List<LabHost> four = plan.hosts(4);
        assertEquals(three, four.subList(0, 5));
        assertEquals("198.18.0.24", four.get(5).address());
    }

    @Test
    void furtherConsulServersTakeTheirOwnAddressesAndMoveNoOtherHost() {
        var plan = new AddressPlan(Subnet.parse("198.18.0.0/24"));
        List<LabHost> one = plan.hosts(3, 1);
        assertEquals(plan.hosts(3), one);
        List<LabHost> three = plan.hosts(3, 3);
        assertEquals(List.of("consul-server 198.18.0.10 consul_servers", "consul-2 198.18.0.12 consul_servers",
                "consul-3 198.18.0.13 consul_servers", "lb 198.18.0.11 load_balancers", "web-1 198.18.0.21 services",
                "web-2 198.18.0.22 services", "web-3 198.18.0.23 services"),
                three.stream().map(h -> h.name() + " " + h.address() + " " + h.group()).toList());
        for (LabHost h : one) assertTrue(three.contains(h), h + " kept");
        List<LabHost> most = plan.hosts(1, LabSpec.MAX_CONSUL_SERVERS);
        assertEquals("consul-7 198.18.0.17", most.get(6).name() + " " + most.get(6).address());
        assertEquals(most.size(), most.stream().map(LabHost::shortId).distinct().count(), "short ids unique");
    }

    @Test
    void theLargestLabStillFitsTheSubnet() {
        var hosts = new AddressPlan(Subnet.parse("198.19.255.0/24")).hosts(LabSpec.MAX_REPLICAS);
        assertEquals("198.19.255.70", hosts.get(hosts.size() - 1).address());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/24      | must lie inside 198.18.0.0/15",
        "198.20.0.0/24    | must lie inside 198.18.0.0/15",
        "192.0.2.0/24     | must lie inside 198.18.0.0/15",
        "198.18.0.0/16    | only /24 subnets",
        "198.18.0.5/24    | network address of a /24 ends in .0",
        "198.18.300.0/24  | octet 300 is above 255",
        "lab              | not an IPv4 CIDR",
    })
    void refusesSubnetsOutsideTheTestRange(String cidr, String why) {
        var e = assertThrows(ProvisionException.class, () -> Subnet.parse(cidr));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("--subnet '" + cidr + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void printsBackAsCidr() {
        assertEquals("198.19.7.0/24", Subnet.parse(" 198.19.7.0/24 ").toString());
    }
}
