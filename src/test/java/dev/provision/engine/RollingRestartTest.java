package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.deployment.ProjectSchema;
import dev.provision.output.ConsoleOutput;
import dev.provision.output.JsonSummaryOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts of running replicas roll one host at a time (handler key roll: replica), over simulated hosts. */
class RollingRestartTest {
    static final String[] HOSTS = {"consul-server", "lb", "web-1", "web-2", "web-3"};
    static final String WEB = "handler: restart microservice";
    @TempDir Path tmp;
    Path inventoryFile;
    Map<String, FakeHost> hosts;
    final FakeHost.Rotation rotation = new FakeHost.Rotation();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream json = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        var engineTest = new EngineTest();
        engineTest.tmp = tmp;
        engineTest.setUp();
        hosts = FakeHost.hosts(HOSTS);
        hosts.values().forEach(h -> h.rotation = rotation);
        inventory("64m");
    }

    /** The lab's shape with three replicas; the balancer's window made short for the test. */
    void inventory(String heap) throws Exception {
        inventoryFile = tmp.resolve("inventory.yaml");
        Files.writeString(inventoryFile, """
                all:
                  vars:
                    ansible_user: root
                    artifacts_dir: %s
                    service_jar: %s
                    service_heap: %s
                    lb_resolve_interval: 10ms
                    lb_hold: 10ms
                    lb_check_interval: 10ms
                  children:
                    consul_servers:
                      hosts:
                        consul-server: {ansible_host: 198.18.0.10}
                    load_balancers:
                      hosts:
                        lb: {ansible_host: 198.18.0.11}
                    services:
                      hosts:
                        web-1: {ansible_host: 198.18.0.21}
                        web-2: {ansible_host: 198.18.0.22}
                        web-3: {ansible_host: 198.18.0.23}
                """.formatted(tmp.resolve("artifacts"), tmp.resolve("provision-service.jar"), heap));
    }

    RunSummary up(int serial) {
        out.reset();
        json.reset();
        var options = new UpOptions(false, false, 10, null, null, Path.of("playbooks"), java.time.Duration.ZERO, serial);
        var listeners = List.<RunListener>of(new ConsoleOutput(EngineTest.writer(out), false),
                new JsonSummaryOutput(EngineTest.writer(json)));
        return new Engine(FakeHost.factory(hosts, FakeHost.none()), listeners).up(ProjectSchema.load(inventoryFile), options);
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    static StepResult step(RunSummary s, String host, String name) {
        return s.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow()
                .steps().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    int consulCommands(String host) {
        synchronized (hosts.get(host)) {
            return (int) hosts.get(host).commands.stream().filter(c -> c.contains("loopback-http") || c.contains(" maint ")).count();
        }
    }

    @Test
    void aFirstRunStartsEveryReplicaAtOnceWithoutRolling() {
        RunSummary s = up(1);
        assertEquals(0, s.exitCode(), printed());
        for (String web : List.of("web-1", "web-2", "web-3")) {
            StepResult r = step(s, web, WEB);
            assertTrue(r == null || (r.status() == StepResult.Status.OK && !r.rolled()), "a first start needs no restart: " + r);
            assertEquals(0, consulCommands(web), web);
        }
        assertEquals(0, rotation.most);
    }

    @Test
    void aChangedHeapRestartsEveryReplicaOneAtATimeAndTheReportSaysHowLongEachWasOut() throws Exception {
        assertEquals(0, up(1).exitCode(), printed());
        inventory("96m");
        RunSummary s = up(1);
        assertEquals(0, s.exitCode(), printed());
        for (String web : List.of("web-1", "web-2", "web-3")) {
            StepResult r = step(s, web, WEB);
            assertNotNull(r, web + " not restarted:\n" + printed());
            assertTrue(r.rolled(), web);
            assertTrue(r.detail().contains("rolled: out of rotation"), r.detail());
            assertEquals(1, hosts.get(web).restarts.get("restart web"), web);
            assertEquals(java.util.Set.of(), hosts.get(web).maintenance, web + " left in maintenance");
        }
        assertEquals(1, rotation.most, "two replicas out at once: " + rotation.log);
        assertEquals(6, rotation.log.size(), rotation.log.toString());
        assertTrue(printed().contains("rolled   web-1"), printed());
        String summary = json.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("\"rolled\":[{\"host\":\"web-1\",\"step\":\"handler: restart microservice\",\"status\":\"changed\",\"out_of_rotation_seconds\":"), summary);
    }

    @Test
    void aRerunThatChangesNothingAsksConsulNothing() throws Exception {
        assertEquals(0, up(1).exitCode(), printed());
        inventory("96m");
        assertEquals(0, up(1).exitCode(), printed());
        int before = consulCommands("web-1");
        RunSummary s = up(1);
        assertEquals(0, s.exitCode(), printed());
        assertEquals(0, s.total(StepResult.Status.CHANGED), printed());
        assertEquals(before, consulCommands("web-1"), "no handler fired: no round trip for the roll");
    }

    @Test
    void aReplicaThatFailsToComeBackStopsTheRollTheRestAreUntouchedAndTheNextUpConverges() throws Exception {
        assertEquals(0, up(1).exitCode(), printed());
        hosts.get("web-2").failsToRestart.add("web");
        // web-2 reaches its turn first: the others come later, to a stopped roll.
        for (String other : List.of("web-1", "web-3")) {
            hosts.get(other).slowOn = dev.provision.facts.FactScript.NOTIFIED_DIR;
            hosts.get(other).slowMillis = 1500;
        }
        inventory("96m");
        RunSummary s = up(1);
        for (String other : List.of("web-1", "web-3")) hosts.get(other).slowOn = null;
        assertEquals(1, s.exitCode(), printed());
        StepResult failed = step(s, "web-2", WEB);
        assertEquals(StepResult.Status.FAILED, failed.status(), printed());
        assertTrue(failed.detail().contains("Job for web.service failed"), failed.detail());
        int notRolled = 0;
        for (String web : List.of("web-1", "web-3")) {
            StepResult r = step(s, web, WEB);
            assertEquals(StepResult.Status.FAILED, r.status(), printed());
            assertEquals("not rolled: the roll stopped at web-2", r.detail());
            assertNull(hosts.get(web).restarts.get("restart web"), web + " was restarted after the roll stopped");
            assertTrue(hosts.get(web).maintenance.isEmpty());
            notRolled++;
        }
        assertTrue(printed().contains("unrolled"), printed());
        assertEquals(1, rotation.most, rotation.log.toString());
        assertEquals(0, rotation.out, "maintenance left on: " + rotation.log);
        // The next up: web-2 (failed, not serving) is simply started; the others' restart was still owed: they roll.
        hosts.get("web-2").failsToRestart.clear();
        RunSummary again = up(1);
        assertEquals(0, again.exitCode(), printed());
        assertEquals("active", hosts.get("web-2").units.get("web")[1]);
        assertTrue(step(again, "web-2", "microservice running").status() == StepResult.Status.CHANGED, printed());
        long owed = List.of("web-1", "web-3").stream().filter(w -> step(again, w, WEB).rolled()).count();
        assertEquals(notRolled, owed, printed());
        for (String web : List.of("web-1", "web-3")) assertEquals(1, hosts.get(web).restarts.get("restart web"), web);
    }

    @Test
    void serialTwoNeverHasMoreThanTwoOut() throws Exception {
        assertEquals(0, up(1).exitCode(), printed());
        inventory("96m");
        assertEquals(0, up(2).exitCode(), printed());
        assertTrue(rotation.most <= 2 && rotation.most >= 1, rotation.log.toString());
        assertEquals(0, rotation.out);
    }
}
