package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.deployment.Deployment;
import dev.provision.output.ConsoleOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code provision down} on fake hosts that {@code up} converged first: the project's own
 * playbooks/down/, phase by phase; check mode changes nothing; the hosts end with no unit,
 * user, file or role port of the deployment; a second down changes nothing.
 */
class TeardownTest {
    final EngineTest up = new EngineTest();
    Map<String, FakeHost> hosts;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<String> phases = new ArrayList<>();

    @BeforeEach
    void deployed() throws Exception {
        up.tmp = java.nio.file.Files.createTempDirectory("teardown");
        up.setUp();
        hosts = up.hosts;
        assertEquals(0, up.up(false, null, FakeHost.none()).exitCode(), up.printed());
        hosts.values().forEach(h -> h.commands.clear());
    }

    RunSummary down(boolean check, String limit) {
        out.reset();
        phases.clear();
        var deployment = Deployment.load(up.inventoryFile, Path.of("playbooks"), Map.of());
        var options = new UpOptions(check, false, 10, limit, null, Path.of("playbooks"));
        RunListener phaseLog = new RunListener() {
            @Override
            public void phaseStarted(String phase, List<String> on) {
                phases.add(phase + ": " + String.join(",", on));
            }
        };
        return new Teardown(FakeHost.factory(hosts, FakeHost.none()),
                List.of(new ConsoleOutput(EngineTest.writer(out), false), phaseLog)).down(deployment, options);
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkModeShowsWhatWouldGoAndChangesNothing() {
        RunSummary s = down(true, null);
        assertEquals(0, s.exitCode(), printed());
        assertTrue(s.total(StepResult.Status.CHANGED) > 20, printed());
        for (var h : hosts.values()) assertEquals(List.of(), h.changingCommands(), h.commands.toString());
        assertEquals("active", hosts.get("web-1").units.get("web")[1]);
    }

    @Test
    void removesEveryPartInPhasesThenASecondRunChangesNothing() {
        // web-1 was a broker once (the brokers group shrank since): its nats user is still there.
        hosts.get("web-1").users.put("nats", "/usr/sbin/nologin|/nonexistent");
        RunSummary s = down(false, null);
        assertEquals(0, s.exitCode(), printed());
        // Replicas before the broker and the balancer, those before the Consul clients, the servers
        // last; the broker's phase on every host, for what a former broker left.
        assertEquals(List.of("web replicas: web-1,web-2", "broker: consul-server,lb,web-1,web-2", "load balancer: lb",
                "consul clients: lb,web-1,web-2", "consul servers: consul-server", "base: consul-server,lb,web-1,web-2"), phases);
        for (var e : hosts.entrySet()) {
            FakeHost h = e.getValue();
            assertEquals(Set.of(), Set.copyOf(h.users.keySet()), e.getKey() + " users");
            for (String unit : List.of("web", "haproxy", "consul")) {
                String[] st = h.units.get(unit);
                assertTrue(st == null || (st[0].equals("disabled") && st[1].equals("inactive")), e.getKey() + " " + unit);
            }
            // What the host had before up (FakeHost's folders), firewalld's zone folder, and the zone with the SSH port.
            Set<String> before = Set.of("/etc", "/etc/systemd/system", "/usr/local/bin", "/usr/local/src", "/opt",
                    "/etc/firewalld/zones", "/etc/firewalld/zones/public.xml");
            for (String p : h.files.keySet()) assertTrue(before.contains(p), e.getKey() + " left " + p);
            String zone = new String(h.files.get("/etc/firewalld/zones/public.xml").bytes(), StandardCharsets.UTF_8);
            String ssh = e.getKey().equals("lb") ? "2222" : "22";
            assertEquals(Set.of(ssh + "/tcp"), dev.provision.ops.FirewallOp.parsePorts(zone), e.getKey());
        }

        hosts.values().forEach(h -> h.commands.clear());
        RunSummary second = down(false, null);
        assertEquals(0, second.exitCode(), printed());
        assertEquals(0, second.total(StepResult.Status.CHANGED), printed());
    }

    @Test
    void limitRetiresOneReplicaAndTouchesNoOtherHost() {
        RunSummary s = down(false, "web-2");
        assertEquals(0, s.exitCode(), printed());
        assertEquals(List.of("web-2"), s.hosts().stream().map(HostResult::host).toList());
        assertFalse(hosts.get("web-2").users.containsKey("consul"));
        assertEquals("active", hosts.get("web-1").units.get("web")[1]);
        assertEquals("active", hosts.get("lb").units.get("haproxy")[1]);
        for (String h : List.of("web-1", "lb", "consul-server")) assertEquals(List.of(), hosts.get(h).commands, h);
    }
}
