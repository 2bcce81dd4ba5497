package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.e2e.E2e;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code provision lab} end to end, as root: a small lab of its own (name and subnet no other
 * test uses) comes up with real booted hosts, grows by one replica without touching the others,
 * recovers from a killed host, and goes away leaving nothing behind.
 */
class LabIT {
    static final String NAME = "labit";
    static final String SUBNET = "198.18.4.0/24";
    static final LabLayout LAYOUT = LabLayout.of(NAME);

    @BeforeAll
    static void cleanStart() {
        E2e.requireLabMachine();
        new Lab(new PrintWriter(System.out, true)).down(NAME);
    }

    @AfterAll
    static void cleanEnd() {
        if (Files.exists(LAYOUT.labDir())) {
            new Lab(new PrintWriter(System.out, true)).down(NAME);
        }
    }

    @Test
    void upGrowRecoverDown() throws Exception {
        // up: one replica, so three hosts
        var up = E2e.provision("lab", "up", "--name", NAME, "--subnet", SUBNET, "--replicas", "1");
        assertEquals(0, up.exitCode(), up.transcript());
        List<String> lines = up.out().strip().lines().toList();
        assertEquals("inventory: " + LAYOUT.inventory(), lines.get(lines.size() - 1), "last line names the inventory");
        assertEquals(LAYOUT.knownHosts().toString(), E2e.lineValue(up.out(), "known_hosts"));

        var hosts = Map.of("consul-server", "198.18.4.10", "lb", "198.18.4.11", "web-1", "198.18.4.21");
        Set<String> machineIds = new HashSet<>();
        for (var h : hosts.entrySet()) {
            String out = ssh(h.getValue(), "hostname; ps -o comm= -p 1; cat /etc/machine-id; sudo -n systemctl is-system-running");
            List<String> f = out.lines().toList();
            assertEquals(h.getKey(), f.get(0), out);
            assertEquals("systemd", f.get(1), "PID 1 on " + h.getKey());
            machineIds.add(f.get(2));
            assertTrue(Set.of("running", "degraded").contains(f.get(3)), h.getKey() + " systemd state: " + out);
        }
        assertEquals(3, machineIds.size(), "every host has its own machine id: " + machineIds);

        // packages come through the lab's cache: the hosts have no other way out
        ssh("198.18.4.21", "sudo -n apt-get -q update");
        assertCacheServed("198.18.4.21");

        // grow: web-2 joins, the others keep running in the same processes
        long web1 = pid("web-1");
        long consul = pid("consul-server");
        var grow = E2e.provision("lab", "up", "--name", NAME, "--replicas", "2");
        assertEquals(0, grow.exitCode(), grow.transcript());
        assertEquals(web1, pid("web-1"), "web-1 was not restarted");
        assertEquals(consul, pid("consul-server"), "consul-server was not restarted");
        assertEquals("web-2", ssh("198.18.4.22", "hostname").strip());
        assertTrue(grow.out().contains("web-1 (198.18.4.21): running, pid " + web1), grow.transcript());

        // again: nothing to do
        var again = E2e.provision("lab", "up", "--name", NAME);
        assertEquals(0, again.exitCode(), again.transcript());
        assertTrue(!again.out().contains("booting"), again.transcript());
        assertEquals(web1, pid("web-1"));

        // a killed host (as after a killed session) is booted again by the next lab up
        ProcessHandle killed = ProcessHandle.of(web1).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get();
        var repair = E2e.provision("lab", "up", "--name", NAME);
        assertEquals(0, repair.exitCode(), repair.transcript());
        assertNotEquals(web1, pid("web-1"));
        assertEquals("web-1", ssh("198.18.4.21", "hostname").strip(), "same host key, still accepted strictly");

        var status = E2e.provision("lab", "status", "--name", NAME);
        assertEquals(0, status.exitCode(), status.transcript());
        for (String h : List.of("consul-server", "lb", "web-1", "web-2")) {
            assertTrue(status.out().lines().anyMatch(l -> l.strip().startsWith(h + " ") && l.contains("running (pid")),
                    h + " in " + status.transcript());
        }

        // down leaves nothing
        var down = E2e.provision("lab", "down", "--name", NAME);
        assertEquals(0, down.exitCode(), down.transcript());
        assertEquals(List.of(), LabNetwork.leftovers(NAME), "namespaces and links left");
        String ipLinks = LocalCommand.check(Duration.ofSeconds(10), "ip", "-o", "link", "show");
        assertTrue(!ipLinks.contains(NetworkNames.bridge(NAME)), ipLinks);
        String netns = LocalCommand.check(Duration.ofSeconds(10), "ip", "netns", "list");
        assertTrue(!netns.contains(NetworkNames.netnsPrefix(NAME)), netns);
        String mounts = Files.readString(Path.of("/proc/mounts"));
        assertTrue(!mounts.contains(LAYOUT.labDir().toString()), mounts);
        assertEquals(List.of(), Container.processesUnder(LAYOUT.labDir()), "processes left in the lab");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(LAYOUT.labDir().toString())),
                "a process still names the lab dir");
        assertTrue(!Files.exists(LAYOUT.labDir()));
        var after = E2e.provision("lab", "status", "--name", NAME);
        assertEquals("lab " + NAME + ": not up", after.out().strip());
    }

    private static long pid(String host) throws IOException {
        return Long.parseLong(Files.readString(LAYOUT.pidFile(host)).strip());
    }

    /** Runs {@code command} on a lab host with the system ssh client, host key checked strictly. */
    private static String ssh(String address, String command) {
        var argv = List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + LAYOUT.knownHosts(), "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=5", "-i", LAYOUT.privateKey().toString(), "provision@" + address, command);
        var r = LocalCommand.run(Duration.ofSeconds(120), argv);
        assertEquals(0, r.exitCode(), String.join(" ", argv) + "\n" + r.stdout() + r.stderr());
        return r.stdout();
    }

    private static void assertCacheServed(String client) throws Exception {
        Path log = LAYOUT.packageCacheDir().resolve("log/apt-cacher.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("|" + client + "|")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the package cache's log " + log + " shows no request from " + client);
    }
}
