package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One run at a time, on the real lab (issue 12, "two runs at once"). The lock is a flock on
 * /run/provision/lock held for as long as the holder's SSH connection lives; this test holds it
 * the way another controller would, with its own ssh process and flock, independently of the
 * tool's own code, and then kills that process with -9 as a crashed controller would be.
 */
class UpLockLabIT {
    private static final String OTHER = "provision up (pid 999 on other-controller, user ops, since a while)";

    @Test
    void aHostHeldByAnotherControllerRefusesTheRunUntilThatControllerIsKilled() throws Exception {
        long t0 = System.nanoTime();
        LabInfo lab = SharedLab.get();
        LabHost web1 = lab.hosts().stream().filter(h -> h.group().equals(LabHost.SERVICES)).findFirst().orElseThrow();
        var labApi = new Lab(new PrintWriter(System.out, true));
        var converged = E2e.provision(SharedLab.commandArgs("up"));
        assertEquals(0, converged.exitCode(), converged.transcript());

        // Another controller holds web-1.
        String holdScript = "mkdir -p /run/provision && exec 9>>/run/provision/lock && flock 9 && "
                + "printf '%s\\n' " + SharedLab.quote(OTHER) + " > /run/provision/lock.holder && echo held && "
                + "while sleep 1 9>&-; do echo . || exit 0; done";
        Process other = new ProcessBuilder(labApi.sshCommand(SharedLab.NAME, web1.address(), "sudo", "-n", "sh", "-c",
                SharedLab.quote(holdScript))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var lines = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    return "failed: " + e;
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("held", first, "the other controller took web-1's lock");
            CompletableFuture.runAsync(() -> {
                try {
                    while (lines.readLine() != null) {
                        // drain its heartbeat
                    }
                } catch (java.io.IOException ignored) {
                    // killed below
                }
            });

            var refused = E2e.provision(SharedLab.commandArgs("up", "--lock-wait", "0", "-o", "json"));
            assertEquals(4, refused.exitCode(), refused.transcript());
            assertTrue(refused.err().contains(OTHER), "names the run holding web-1:\n" + refused.transcript());
            assertTrue(refused.err().contains("nothing was changed on any host"), refused.transcript());
            assertTrue(refused.out().contains("\"changed\":0"), "no host changed:\n" + refused.out());

            // The other controller dies without a word: its lock goes with its connection.
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            var next = E2e.provision(SharedLab.commandArgs("up", "--lock-wait", "20"));
            assertEquals(0, next.exitCode(), next.transcript());
            System.out.printf("lock of a killed controller taken over: up finished %.1f s after the kill%n",
                    (System.nanoTime() - killed) / 1e9);
        } finally {
            other.destroyForcibly();
        }

        // A real run holds every host while it runs: forks 1 keeps it long enough to look.
        var running = CompletableFuture.supplyAsync(() -> E2e.provision(SharedLab.commandArgs("up", "--forks", "1")));
        List<Integer> seen = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!running.isDone() && System.nanoTime() < until && seen.size() < 200) {
            Process probe = new ProcessBuilder(labApi.sshCommand(SharedLab.NAME, web1.address(), "sudo", "-n",
                    "flock", "-n", "/run/provision/lock", "true")).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(20, TimeUnit.SECONDS)) seen.add(probe.exitValue());
        }
        var run = running.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(seen.contains(1), "while up ran, web-1's lock was taken (flock -n answers " + seen + ")");
        System.out.printf("UpLockLabIT took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
