package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.facts.FactScript;
import dev.provision.lab.LabHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code up} interrupted on the shared lab (issue 12, part 4), as a real child process: Ctrl-C
 * during a replica's jar upload, kill -9 right after HAProxy's config was written, and kill -9
 * during a HAProxy rebuild while requests go through the balancer. After each: no service down,
 * the config in place validates, the owed handler is noted on the host; the next {@code up}
 * converges (exit 0, nothing owed any more) and {@code verify --no-disruptive} passes. Then the
 * replica and broker faults of part 5, under load, with their figures ({@link FaultFigures}).
 */
class UpRunKilledLabIT {
    private static final String NOTES = FactScript.NOTIFIED_DIR;
    private static final String JAR = "/opt/microservices/web.jar";
    private static final String CONFIG = "/etc/haproxy/haproxy.cfg";
    private static final String HAPROXY = "/usr/local/sbin/haproxy";
    private static final int RATE = 20;

    @Test
    void aKilledUpLeavesEveryServiceOnAValidatedConfigAndTheNextUpConverges() throws Exception {
        long t0 = System.nanoTime();
        SharedLab.get();
        var first = E2e.provision(SharedLab.commandArgs("up"));
        assertEquals(0, first.exitCode(), first.transcript());
        LabHost lb = LabShell.balancer();
        LabHost web1 = LabShell.host("web-1");
        for (LabHost h : new LabHost[] {lb, web1}) assertEquals("", owed(h), h.name() + " owes nothing after a clean up");

        // 1. Ctrl-C while web-1's changed jar goes up (its restart noted just before the upload).
        LabShell.ok(web1, "cp " + JAR + " " + JAR + ".t && printf x >> " + JAR + ".t && mv -f " + JAR + ".t " + JAR);
        try (var up = ProvisionProcess.start(SharedLab.commandArgs("up"))) {
            assertTrue(awaitFile(web1, NOTES + "/restart-microservice"), "up reached web-1's jar:\n" + up.output());
            System.out.println("Ctrl-C during web-1's jar upload: exit " + up.interrupt());
        }
        LabShell.ok(web1, "systemctl is-active --quiet web");
        System.out.println(LabShell.ok(web1, "ls -la /opt/microservices; ls " + NOTES));

        // 2. kill -9 right after the new haproxy.cfg went up (its reload noted just before).
        LabShell.ok(lb, "printf '# a change the next up takes back\\n' >> " + CONFIG);
        try (var up = ProvisionProcess.start(SharedLab.commandArgs("up"))) {
            assertTrue(awaitFile(lb, NOTES + "/reload-haproxy"), "up reached haproxy.cfg:\n" + up.output());
            System.out.println("kill -9 after haproxy.cfg was written: exit " + up.kill9());
        }
        assertServingOnAValidatedConfig(lb);
        System.out.println(LabShell.ok(lb, "ls -la /etc/haproxy; ls " + NOTES));

        // 3. kill -9 during a HAProxy rebuild, under load: the old binary keeps serving.
        LabShell.ok(lb, "rm -f /usr/local/src/haproxy-*/.provision-built-*");
        BalancerLoad.awaitServing(lb.address(), 80,
                (int) SharedLab.get().hosts().stream().filter(h -> h.group().equals(LabHost.SERVICES)).count(),
                Duration.ofSeconds(120));
        BalancerLoad.Result during;
        long buildSeconds;
        try (var load = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(10));
                var up = ProvisionProcess.start(SharedLab.commandArgs("up"))) {
            assertTrue(up.awaitLine(l -> l.contains("haproxy build: still running"), Duration.ofMinutes(8)),
                    "up reached the HAProxy build:\n" + up.output());
            long started = System.nanoTime();
            System.out.println("kill -9 during the HAProxy build: exit " + up.kill9());
            Thread.sleep(10_000); // the balancer keeps answering after the kill
            during = load.stop();
            buildSeconds = Math.round((System.nanoTime() - started) / 1e9);
        }
        System.out.println("load during the kill: " + during.summary());
        assertServingOnAValidatedConfig(lb);
        // A rebuilt binary is taken by a reload (the master re-executes it), noted as owed.
        assertTrue(LabShell.ok(lb, "ls " + NOTES).contains("reload-haproxy"), "the reload the build owes is noted");
        assertEquals(0, LabShell.run(lb, "flock -n /run/provision/lock true", 30).exit(), "the killed run's lock is gone");
        System.out.println("the killed run's build on the balancer: "
                + LabShell.run(lb, "pgrep -f 'make -j' >/dev/null && echo still running || echo ended", 30).out().strip());
        assertEquals(0, during.failed(), "HAProxy kept serving while up was killed: " + during.summary());

        // The next up converges: it waits for (or redoes) the build, runs every owed handler.
        BalancerLoad.Result after;
        double nextUp;
        try (var load = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(15))) {
            long u0 = System.nanoTime();
            var next = E2e.provision(SharedLab.commandArgs("up"));
            nextUp = (System.nanoTime() - u0) / 1e9;
            after = load.stop();
            assertEquals(0, next.exitCode(), next.transcript());
        }
        System.out.println("load during the next up: " + after.summary());
        for (LabHost h : new LabHost[] {lb, web1}) assertEquals("", owed(h), h.name() + " owes nothing after the next up");
        assertFalse(LabShell.ok(lb, "cat " + CONFIG).contains("a change the next up takes back"));
        var verify = E2e.provision(SharedLab.commandArgs("verify", "--no-disruptive", "--report-dir", reportDir()));
        assertEquals(0, verify.exitCode(), verify.transcript());
        FaultFigures.record("kill -9 of up during the HAProxy build",
                "build marker removed, up killed -9 once its build step ran (" + buildSeconds + " s of load after), "
                        + RATE + " req/s through the balancer",
                during.sent(), during.failed(), String.format("next up: exit 0 in %.0f s", nextUp),
                "exit 0 (owed reload of HAProxy ran: " + after.failed() + "/" + after.sent()
                        + " requests failed during it); verify --no-disruptive passed");
        System.out.printf("UpRunKilledLabIT: kills and recovery took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        replicaStop(lb);
        brokerRestart(lb);
        System.out.printf("UpRunKilledLabIT took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** "replica stop": one replica's service stopped under load, then started; when it is back in rotation. */
    private static void replicaStop(LabHost lb) throws Exception {
        LabHost web2 = LabShell.host("web-2");
        String name = Replicas.nameOf(web2);
        BalancerLoad.Result r;
        double back;
        try (var load = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(3))) {
            Thread.sleep(3000);
            LabShell.ok(web2, "systemctl stop web");
            Thread.sleep(5000);
            LabShell.ok(web2, "systemctl start web");
            long started = System.nanoTime();
            back = Replicas.awaitAnswerFrom(lb, name, Duration.ofSeconds(90));
            Thread.sleep(2000);
            r = load.stop();
            System.out.printf("replica stop: back in rotation %.1f s after systemctl start%n", back >= 0 ? back : -1);
            assertTrue(back >= 0, name + " back in rotation within 90 s of its start");
            assertTrue(System.nanoTime() > started);
        }
        System.out.println("load during the replica stop: " + r.summary());
        FaultFigures.record("replica stop", "systemctl stop web on web-2 for 5 s under " + RATE
                        + " req/s through the balancer, then start", r.sent(), r.failed(),
                String.format("%.1f s from start to its first answer through the balancer", back),
                "nothing owed (up not needed)");
        assertEquals(0, r.failed(), "retries and redispatch hide a stopped replica: " + r.summary());
    }

    /** "broker restart": the NATS broker restarted under HTTP load and a stream of events. */
    private static void brokerRestart(LabHost lb) throws Exception {
        LabHost broker = SharedLab.get().brokers().get(0);
        BalancerLoad.Result r;
        Events.Counted events;
        double recovered;
        try (var load = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(3))) {
            var stream = Events.publishInBackground(lb, 200, 50);
            Thread.sleep(1000);
            long restart = System.nanoTime();
            LabShell.ok(broker, "systemctl restart nats-server");
            recovered = Events.awaitBroker(broker, restart, Duration.ofSeconds(60));
            events = stream.countDelivered(SharedLab.get().hosts().stream()
                    .filter(h -> h.group().equals(LabHost.SERVICES)).toList());
            Thread.sleep(1000);
            r = load.stop();
        }
        System.out.println("load during the broker restart: " + r.summary() + "; events: " + events);
        FaultFigures.record("broker restart", "systemctl restart nats-server on " + broker.name() + " under " + RATE
                        + " req/s through the balancer and 50 events/s (orders publishes, web subscribes)",
                r.sent(), r.failed(), String.format("%.1f s until the broker answered clients again", recovered),
                "events: " + events + " (core NATS is at-most-once); nothing owed (up not needed)");
        assertEquals(0, r.failed(), "HTTP through the balancer does not need the broker: " + r.summary());
        assertTrue(recovered >= 0, "the broker answered again within 60 s");
    }

    private static void assertServingOnAValidatedConfig(LabHost lb) throws Exception {
        assertEquals(0, LabShell.run(lb, "systemctl is-active --quiet haproxy", 30).exit(), "HAProxy still runs");
        var check = LabShell.run(lb, HAPROXY + " -c -q -f " + CONFIG, 30);
        assertEquals(0, check.exit(), "the config in place is one HAProxy accepts:\n" + check.out());
    }

    /** The handlers a host still owes (their note files), "" for none. */
    private static String owed(LabHost h) throws Exception {
        return LabShell.ok(h, "ls -A " + NOTES + " 2>/dev/null || true").strip();
    }

    /** Waits on the host itself (one ssh) for a file to appear; false after 3 minutes. */
    private static boolean awaitFile(LabHost h, String path) throws Exception {
        return LabShell.run(h, "i=0; while [ $i -lt 1800 ]; do [ -e " + path + " ] && exit 0; sleep 0.1; i=$((i+1)); done; exit 1",
                200).ok();
    }

    private static String reportDir() {
        return Path.of(System.getProperty("project.root", ".")).resolve("reports").resolve("e2e-killed").toString();
    }
}
