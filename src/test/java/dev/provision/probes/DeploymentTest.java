package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.provision.inventory.Host;
import dev.provision.inventory.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class DeploymentTest {
    private static Host host(Role role, Map<String, Object> vars) {
        return new Host("h", "198.18.0.5", 2222, "root", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(role.group()), Set.of(role), vars);
    }

    @Test
    void firewallPortsAreSshThenTheRolesThenTheExtras() {
        var fake = new FakeDeployment(1);
        Deployment d = Deployment.of(fake.inventory);
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "80/tcp", "8181/tcp", "22/tcp", "9100/udp"),
                d.firewallPorts(host(Role.LOAD_BALANCER, Map.of("firewall_extra_ports", "22/tcp, 9100/udp"))));
        assertEquals(List.of("2222/tcp", "8301-8302/tcp", "8301-8302/udp", "8300/tcp"),
                d.firewallPorts(host(Role.CONSUL_SERVER, Map.of())));
        assertEquals(List.of(2222, 8301, 8080), d.listeningPorts(host(Role.SERVICE, Map.of())));
    }

    /** The probe's idea of each role's ports must be the playbook's, or verify would fail a good deployment. */
    @Test
    @SuppressWarnings("unchecked")
    void firewallPortsMatchThePlaybook() throws Exception {
        Path base = Path.of("playbooks", "10-base.yaml");
        Assumptions.assumeTrue(Files.exists(base), "skipped: " + base + " is not in this tree yet");
        Map<String, Object> play = new Yaml().load(Files.readString(base));
        var steps = (List<Map<String, Object>>) play.get("steps");
        var fw = (Map<String, Object>) steps.stream().filter(s -> s.containsKey("firewall")).findFirst().orElseThrow()
                .get("firewall");
        assertEquals(List.of("8301-8302/tcp", "8301-8302/udp"), fw.get("ports"));
        if (fw.containsKey("extra_ports")) assertEquals("{{firewall_extra_ports}}", fw.get("extra_ports"));
        assertEquals(Map.of("consul_servers", List.of("8300/tcp"), "services", List.of("{{service_port}}/tcp"),
                "load_balancers", List.of("{{lb_port}}/tcp", "{{stats_port}}/tcp")), fw.get("group_ports"));
    }
}
