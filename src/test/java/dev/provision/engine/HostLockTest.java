package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.deployment.ProjectSchema;
import dev.provision.output.ConsoleOutput;
import dev.provision.output.JsonSummaryOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time per host: the engine's lock phase over simulated hosts (the real flock is in LockLabIT). */
class HostLockTest {
    static final String[] HOSTS = {"consul-server", "lb", "web-1", "web-2"};
    @TempDir Path tmp;
    Path inventoryFile;
    Map<String, FakeHost> hosts;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream json = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        var engineTest = new EngineTest();
        engineTest.tmp = tmp;
        engineTest.setUp();
        inventoryFile = engineTest.inventoryFile;
        hosts = FakeHost.hosts(HOSTS);
    }

    RunSummary up(boolean check) {
        out.reset();
        json.reset();
        var options = new UpOptions(check, false, 10, null, null, Path.of("playbooks"), Duration.ZERO);
        var listeners = List.<RunListener>of(new ConsoleOutput(EngineTest.writer(out), false),
                new JsonSummaryOutput(EngineTest.writer(json)));
        return new Engine(FakeHost.factory(hosts, FakeHost.none()), listeners).up(ProjectSchema.load(inventoryFile), options);
    }

    @Test
    void aRunTakesEveryHostsLockAndLetsGoAtTheEnd() {
        RunSummary s = up(false);
        assertEquals(0, s.exitCode(), out.toString(StandardCharsets.UTF_8));
        for (String h : HOSTS) {
            assertEquals(1, hosts.get(h).locksTaken, h);
            assertFalse(hosts.get(h).lockHeld, h + " still locked after the run");
        }
    }

    @Test
    void oneHostHeldByAnotherRunRefusesTheWholeRunExit4AndChangesNothingAnywhere() {
        String holder = "provision up (pid 4242 on ctl-2, user ops, since 2026-12-02 12:00:00 UTC)";
        hosts.get("web-2").heldBy = holder;
        RunSummary s = up(false);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(4, s.exitCode(), printed);
        assertTrue(printed.contains(holder), "names the holder:\n" + printed);
        for (String h : HOSTS) {
            assertEquals(List.of(), hosts.get(h).changingCommands(), h + " was changed");
            assertFalse(hosts.get(h).lockHeld, h + " kept the lock of a refused run");
        }
        var web2 = s.hosts().stream().filter(r -> r.host().equals("web-2")).findFirst().orElseThrow();
        assertEquals(holder, web2.heldBy());
        String json = this.json.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"held_by\":\"" + holder + "\""), json);
        assertTrue(json.contains("\"exit_code\":4"), json);
    }

    @Test
    void onceTheOtherRunIsGoneTheNextRunConverges() {
        hosts.get("lb").heldBy = "provision up (pid 1)";
        assertEquals(4, up(false).exitCode());
        hosts.get("lb").heldBy = null;
        assertEquals(0, up(false).exitCode(), out.toString(StandardCharsets.UTF_8));
        assertFalse(hosts.get("lb").changingCommands().isEmpty());
    }

    @Test
    void checkModeTakesNoLockSoItCanLookWhileAnotherRunWorks() {
        hosts.get("web-1").heldBy = "provision up (pid 1)";
        RunSummary s = up(true);
        assertEquals(0, s.exitCode(), out.toString(StandardCharsets.UTF_8));
        for (String h : HOSTS) assertEquals(0, hosts.get(h).locksTaken, h);
    }

    @Test
    void theHolderScriptNeverKeepsTheLockInItsSleepAndWaitsOnlyWhenAsked() {
        String now = HostLock.script("provision up (pid 1)", Duration.ZERO);
        assertTrue(now.contains("flock -n 9"), now);
        assertTrue(now.contains("sleep 1 9>&-"), "a TERM to the shell must free the lock at once:\n" + now);
        assertTrue(HostLock.script("x", Duration.ofSeconds(10)).contains("flock -w 10 9"));
        assertTrue(now.contains("'provision up (pid 1)'"), "the description is quoted:\n" + now);
    }

    @Test
    void aHostThatDropsMidRunIsReportedWithItsStepExit3WhileTheOthersFinishAndLetGo() {
        hosts.get("web-1").dropsOn = "useradd";
        RunSummary s = up(false);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, s.exitCode(), printed);
        var web1 = s.hosts().stream().filter(r -> r.host().equals("web-1")).findFirst().orElseThrow();
        assertTrue(web1.unreachable(), printed);
        assertTrue(web1.error().contains("lost during step '"), web1.error());
        for (String h : List.of("consul-server", "lb", "web-2")) {
            var r = s.hosts().stream().filter(x -> x.host().equals(h)).findFirst().orElseThrow();
            assertFalse(r.failed() || r.unreachable(), h + " finished: " + printed);
        }
        for (String h : HOSTS) assertFalse(hosts.get(h).lockHeld, h + " still locked");
        hosts.get("web-1").dropsOn = null;
        assertEquals(0, up(false).exitCode(), "a re-run finishes it:\n" + out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunThatDiesBetweenAChangeAndItsRestartLeavesTheRestartToTheNextRun() {
        // web-1 goes away after Consul's binary, config and unit went in, before 'restart consul' ran.
        hosts.get("web-1").dropsOn = "--home-dir /opt/microservices";
        assertEquals(3, up(false).exitCode());
        FakeHost web1 = hosts.get("web-1");
        assertTrue(web1.files.containsKey(dev.provision.facts.FactScript.NOTIFIED_DIR + "/restart-consul"),
                "the owed restart is noted on the host: " + web1.files.keySet());
        int before = web1.restarts.getOrDefault("restart consul", 0);
        web1.dropsOn = null;
        assertEquals(0, up(false).exitCode(), out.toString(StandardCharsets.UTF_8));
        assertEquals(before + 1, web1.restarts.getOrDefault("restart consul", 0),
                "the next run restarted Consul although its files were already in place: " + web1.restarts);
        assertFalse(web1.files.containsKey(dev.provision.facts.FactScript.NOTIFIED_DIR + "/restart-consul"));
        // And then nothing is owed any more: a third run restarts nothing.
        var restarts = Map.copyOf(web1.restarts);
        RunSummary third = up(false);
        assertEquals(0, third.total(StepResult.Status.CHANGED), out.toString(StandardCharsets.UTF_8));
        assertEquals(restarts, web1.restarts);
    }

    @Test
    void anOwedRestartReloadsSystemdFirstForTheRunMayHaveDiedRightAfterWritingTheUnitFile() {
        assertEquals(0, up(false).exitCode(), out.toString(StandardCharsets.UTF_8));
        FakeHost lb = hosts.get("lb");
        // As a run killed after the new haproxy.service went in, before daemon-reload and the restart.
        lb.files.put(dev.provision.facts.FactScript.NOTIFIED_DIR + "/restart-haproxy",
                new FakeHost.FakeFile(new byte[0], "root", "root", "644", false));
        synchronized (lb) {
            lb.commands.clear();
        }
        assertEquals(0, up(false).exitCode(), out.toString(StandardCharsets.UTF_8));
        List<String> cmds = lb.changingCommands();
        int reload = indexOf(cmds, "systemctl daemon-reload");
        int restart = indexOf(cmds, "systemctl restart haproxy");
        assertTrue(restart >= 0, "the owed restart ran: " + cmds);
        assertTrue(reload >= 0 && reload < restart, "systemd read the unit files again before the restart: " + cmds);
    }

    private static int indexOf(List<String> commands, String part) {
        for (int i = 0; i < commands.size(); i++) if (commands.get(i).contains(part)) return i;
        return -1;
    }
}
