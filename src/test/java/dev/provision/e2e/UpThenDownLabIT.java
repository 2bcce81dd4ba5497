package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provision down} on the shared lab: one replica retired under load through the balancer
 * (no request lost; gone from Consul's catalog and from the answers; its unit stopped; verify
 * passes with it out of the inventory), {@code down --check} changing nothing, a full down leaving
 * no unit, user, file or port of the deployment on any host, a second down changing nothing. Then
 * {@code up} (which builds HAProxy again: the cost of this test) and verify: the lab is left
 * deployed for the tests after it.
 */
class UpThenDownLabIT {
    static final int RATE = 20;
    @TempDir Path work;

    @Test
    void aReplicaIsRetiredUnderLoadThenEverythingGoesAndComesBack() throws Exception {
        LabInfo lab = SharedLab.get();
        String[] conn = SharedLab.connectArgs();
        List<LabHost> replicas = lab.hosts().stream().filter(h -> h.group().equals(LabHost.SERVICES)).toList();
        LabHost retired = replicas.get(replicas.size() - 1);
        LabHost lb = lab.hosts().stream().filter(h -> h.group().equals(LabHost.LOAD_BALANCERS)).findFirst().orElseThrow();
        LabHost server = lab.hosts().stream().filter(h -> h.group().equals("consul_servers")).findFirst().orElseThrow();
        BalancerLoad.Result r;
        double downSeconds;
        try {
            var up = E2e.provision(args("up", conn));
            assertEquals(0, up.exitCode(), up.transcript());
            // What the test before left settling (a reload, a Consul restart) is not this test's loss.
            System.out.printf("UpThenDownLabIT: balancer serving from every replica after %.1f s%n",
                    BalancerLoad.awaitServing(lb.address(), 80, replicas.size(), Duration.ofSeconds(120)));

            // 1. Retire one replica under a bounded load through the balancer.
            E2e.Run down;
            long t0 = System.nanoTime();
            try (BalancerLoad load = BalancerLoad.start(lb.address(), 80, RATE, Duration.ofMinutes(4))) {
                Thread.sleep(2000);
                down = E2e.provision(args("down", conn, "--limit", retired.name(), "-o", "json"));
                Thread.sleep(2000);
                r = load.stop();
            }
            downSeconds = (System.nanoTime() - t0) / 1e9 - 4;
            System.out.println("UpThenDownLabIT: down --limit " + retired.name() + " in " + String.format("%.1f s", downSeconds)
                    + "; " + r.summary());
            assertEquals(0, down.exitCode(), down.transcript());
            assertTrue(r.byReplica().getOrDefault(retired.name(), 0L) > 0, "it was in rotation before: " + r.summary());
            assertEquals(0, r.failed(), "no request lost while " + retired.name() + " was retired: " + r.summary());
            assertEquals("inactive", ssh(retired, "systemctl is-active web || true").strip());
            String catalog = ssh(server, "sudo -n /usr/local/bin/consul catalog nodes -service=web");
            assertTrue(!catalog.contains(retired.name()) && catalog.contains(replicas.get(0).name()), catalog);
            assertTrue(ssh(server, "sudo -n /usr/local/bin/consul members").matches("(?s).*" + retired.name() + "\\s+\\S+\\s+left.*"),
                    "it left the cluster gracefully");
            BalancerLoad.Result after;
            try (BalancerLoad sample = BalancerLoad.start(lb.address(), 80, 10, Duration.ofSeconds(3))) {
                Thread.sleep(3000);
                after = sample.stop();
            }
            assertTrue(after.answered() > 0 && after.failed() == 0 && !after.byReplica().containsKey(retired.name()),
                    "the answers come from the others only: " + after.summary());

            // verify follows the inventory: with the retired replica taken out of it, verify passes.
            Path without = work.resolve("inventory-without-" + retired.name() + ".yaml");
            Files.writeString(without, withoutHost(Files.readString(lab.inventory()), retired.name()));
            var verifyWithout = E2e.provision("verify", "-i", without.toString(), "--known-hosts", lab.knownHosts().toString(),
                    "--no-disruptive", "--report-dir", work.resolve("reports").toString());
            assertEquals(0, verifyWithout.exitCode(), verifyWithout.transcript());

            // 2. --check shows what would go and changes nothing.
            var check = E2e.provision(args("down", conn, "--check", "-o", "json"));
            assertEquals(0, check.exitCode(), check.transcript());
            assertTrue(totals(check.out())[1] > 0, check.out());
            assertEquals("active", ssh(replicas.get(0), "systemctl is-active web || true").strip());
            assertEquals("active", ssh(lb, "systemctl is-active haproxy || true").strip());

            // 3. Everything goes: no unit, user, file or port of the deployment left on any host.
            var all = E2e.provision(args("down", conn, "-o", "json"));
            assertEquals(0, all.exitCode(), all.transcript());
            for (LabHost h : lab.hosts()) {
                String units = ssh(h, "systemctl list-unit-files --no-legend | grep -E '^(web|orders|consul|consul-template|haproxy|nats-server)\\.service' || true");
                assertEquals("", units.strip(), h.name() + " units");
                String users = ssh(h, "getent passwd consul haproxy nats microservices orders || true");
                assertEquals("", users.strip(), h.name() + " users");
                String files = ssh(h, "ls -d /etc/consul.d /var/lib/consul /usr/local/bin/consul /usr/local/sbin/haproxy /etc/haproxy "
                        + "/usr/local/src/haproxy-* /usr/local/doc/haproxy /etc/nats /usr/local/bin/nats-server /opt/microservices "
                        + "/opt/orders /etc/systemd/system/web.service /var/lib/provision 2>/dev/null || true");
                assertEquals("", files.strip(), h.name() + " files");
                assertEquals("22/tcp", ssh(h, "sudo -n firewall-cmd --list-ports").strip(), h.name() + " ports: SSH only");
                assertEquals("", ssh(h, "for p in consul haproxy nats-server java; do pgrep -a -x $p; done; true").strip(), h.name() + " processes");
            }

            // 4. A second down finds nothing to do.
            var again = E2e.provision(args("down", conn, "-o", "json"));
            assertEquals(0, again.exitCode(), again.transcript());
            assertEquals(0, totals(again.out())[1], "a second down changes nothing:\n" + again.out());
        } finally {
            // Back to the deployment the tests after this one expect (HAProxy is built again).
            var up = E2e.provision(args("up", conn));
            assertEquals(0, up.exitCode(), up.transcript());
            var verify = E2e.provision("verify", conn[0], conn[1], conn[2], conn[3], "--no-disruptive",
                    "--report-dir", work.resolve("reports-after").toString());
            assertEquals(0, verify.exitCode(), verify.transcript());
        }
        FaultFigures.record("replica retired (down --limit)", "down --limit " + retired.name() + " under " + RATE
                + " req/s through the balancer", r.sent(), r.failed(), String.format("%.1f s (drained, stopped, left)", downSeconds),
                "full down, up: all back in rotation, verify passed");
    }

    /** The inventory text without one host's block under its group. */
    static String withoutHost(String inventory, String host) {
        String out = inventory.replaceAll("(?m)^(\\s+)" + Pattern.quote(host) + ":\\s*\\n(\\1\\s+.*\\n)*", "");
        assertTrue(!out.contains(host + ":"), "no " + host + " left in:\n" + out);
        return out;
    }

    private static String[] args(String command, String[] conn, String... more) {
        var a = new ArrayList<String>();
        a.add(command);
        a.addAll(List.of(conn));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static long[] totals(String json) {
        Matcher m = Pattern.compile("\"totals\":\\{\"ok\":(\\d+),\"changed\":(\\d+),\"failed\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no totals in:\n" + json);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static String ssh(LabHost h, String command) throws Exception {
        List<String> argv = new Lab(new PrintWriter(System.out, true)).sshCommand(SharedLab.NAME, h.address(), "sh", "-c",
                SharedLab.quote(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out on " + h.name() + ": " + command);
        }
        if (p.exitValue() != 0) throw new AssertionError(h.name() + ": " + command + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }
}
