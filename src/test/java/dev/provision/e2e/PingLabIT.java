package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ExitCode;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 2's end-to-end path on real hosts: a lab, then {@code ping} through its inventory with
 * host keys accepted into a fresh known_hosts, remembered on the next run, a tampered key
 * refused (exit 3) while the other hosts are still reported; then hosts the lab did not set up
 * that way: another SSH port and a non-root user whose sudo wants a password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PingLabIT {
    static LabInfo lab;
    static Path work;
    static Path knownHosts;

    @BeforeAll
    static void lab() throws Exception {
        lab = SharedLab.get();
        work = Files.createTempDirectory("ping-lab-it");
        knownHosts = work.resolve("known_hosts");
    }

    @Test
    @Order(1)
    void firstPingAcceptsNewHostKeysAndReachesEveryHost() throws Exception {
        var run = E2e.provision("ping", "-i", lab.inventory().toString(), "--known-hosts", knownHosts.toString(),
                "--accept-new-host-keys");
        assertEquals(ExitCode.OK, run.exitCode(), run.transcript());
        for (LabHost h : lab.hosts()) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("ok") && l.contains(h.name() + " ")
                    && l.contains("debian 12") && l.contains("sudo: yes")), h.name() + " not ok in:\n" + run.out());
        }
        assertEquals(lab.hosts().size(), Files.readAllLines(knownHosts).stream().filter(l -> !l.isBlank()).count(),
                "one key recorded per host");
    }

    @Test
    @Order(2)
    void secondPingTrustsTheRecordedKeysWithoutAcceptingNewOnes() {
        var run = E2e.provision("ping", "-i", lab.inventory().toString(), "--known-hosts", knownHosts.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.transcript());
    }

    @Test
    @Order(3)
    void aTamperedKeyIsRefusedAndTheOtherHostsAreStillReported() throws Exception {
        LabHost victim = lab.hosts().stream().filter(h -> h.name().equals("web-1")).findFirst().orElseThrow();
        Path tampered = work.resolve("known_hosts.tampered");
        Path otherKey = work.resolve("other");
        exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()));
        String otherPublic = Files.readString(Path.of(otherKey + ".pub")).split(" ")[1];
        var lines = new ArrayList<String>();
        for (String l : Files.readAllLines(knownHosts)) {
            String[] f = l.split(" ");
            lines.add(f.length >= 3 && f[0].equals(victim.address()) ? f[0] + " " + f[1] + " " + otherPublic : l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(otherPublic)), "tampered the victim's line");
        Files.write(tampered, lines);

        var run = E2e.provision("ping", "-i", lab.inventory().toString(), "--known-hosts", tampered.toString());
        assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run.transcript());
        String victimLine = run.out().lines().filter(l -> l.contains("web-1 ")).findFirst().orElseThrow();
        assertTrue(victimLine.startsWith("FAIL"), victimLine);
        assertTrue(run.out().toLowerCase().contains("changed"), "says the key changed:\n" + run.out());
        assertTrue(run.out().contains("ssh-keygen -R"), "tells how to forget the old key:\n" + run.out());
        for (LabHost h : lab.hosts()) {
            if (h != victim) {
                assertTrue(run.out().lines().anyMatch(l -> l.startsWith("ok") && l.contains(h.name() + " ")),
                        h.name() + " still reported ok:\n" + run.out());
            }
        }
    }

    @Test
    @Order(4)
    void hostsOnAnotherPortWithAPasswordSudoUserAnswerToo() throws Exception {
        Path inventory = SharedLab.foreignInventory();
        Path foreignKnownHosts = work.resolve("known_hosts.2222");
        var run = E2e.provision("ping", "-i", inventory.toString(), "--known-hosts", foreignKnownHosts.toString(),
                "--accept-new-host-keys");
        assertEquals(ExitCode.OK, run.exitCode(), run.transcript());
        assertTrue(run.out().contains(":2222"), "hosts named with their port:\n" + run.out());
        assertEquals(lab.hosts().size(), run.out().lines().filter(l -> l.startsWith("ok") && l.contains("sudo: yes")).count(),
                "every host reachable on 2222 with working password sudo:\n" + run.out());
        assertTrue(!run.out().contains(SharedLab.OPS_PASSWORD) && !run.err().contains(SharedLab.OPS_PASSWORD),
                "the password is never printed");
    }

    static void exec(List<String> argv) throws Exception {
        SharedLab.exec(argv);
    }
}
