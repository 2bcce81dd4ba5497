package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ExitCode;
import dev.provision.json.Json;
import dev.provision.lab.Lab;
import dev.provision.lab.LabHost;
import dev.provision.lab.LabInfo;
import dev.provision.lab.LabSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The NATS broker on the shared lab (sorted after {@link UpLabIT}, which converged it with the
 * default single broker on the Consul server's host): {@code lab up --brokers 3} gives the role to
 * two replicas as well, {@code up} makes the three one NATS cluster, a second {@code up} changes
 * nothing, and verify's broker probe passes with routes from each broker to the two others. A
 * nats-server stopped on one broker fails the probe naming it; {@code up} starts it again. Then
 * the lab goes back to its default (one broker): the two that leave the group are cleaned by hand
 * ({@code up} removes nothing), {@code up} rewrites the last one's config as a single server, and
 * verify passes, so the tests after this one find the lab as {@link SharedLab} made it.
 */
class UpNatsClusterLabIT {
    private static Path reportDir() {
        return Path.of(System.getProperty("project.root", ".")).resolve("reports").resolve("e2e-nats");
    }

    @Test
    void threeBrokersClusterIdempotentlyAndTheProbeSeesAStoppedOne() throws Exception {
        long start = System.nanoTime();
        LabInfo lab = SharedLab.withBrokers(3);
        List<String> brokers = lab.brokers().stream().map(LabHost::name).toList();
        assertEquals(List.of("consul-server", "web-1", "web-2"), brokers);
        try {
            var up = E2e.provision(SharedLab.commandArgs("up", "-o", "json"));
            assertEquals(ExitCode.OK, up.exitCode(), up.transcript());
            long firstUp = System.nanoTime();
            var again = E2e.provision(SharedLab.commandArgs("up", "-o", "json"));
            assertEquals(ExitCode.OK, again.exitCode(), again.transcript());
            assertEquals(0, changed(again.out()), "a second up changes nothing:\n" + again.out());

            // Each broker: the cluster port open besides the client port (monitoring never), three routes in all.
            for (LabHost h : lab.brokers()) {
                Set<String> open = new TreeSet<>(List.of(ssh(lab, h, "sudo -n firewall-cmd --list-ports").strip().split("\\s+")));
                assertTrue(open.contains("4222/tcp") && open.contains("6222/tcp") && !open.contains("8222/tcp"),
                        h.name() + " opens " + open);
            }
            var verify = verify();
            assertEquals(ExitCode.OK, verify.exitCode(), verify.transcript());
            Map<?, ?> broker = brokerProbe();
            assertEquals("passed", broker.get("status"), String.valueOf(broker));
            for (String b : brokers) assertTrue(String.valueOf(broker.get("actual")).contains(b + " up, 2/2 routes"), String.valueOf(broker));

            // Falsifiable: one broker's nats-server stopped is named, with the routes the others lost to it.
            LabHost web2 = lab.hosts().stream().filter(h -> h.name().equals("web-2")).findFirst().orElseThrow();
            ssh(lab, web2, "sudo -n systemctl stop nats-server");
            var broken = E2e.provision(SharedLab.commandArgs("verify", "--no-disruptive", "--settle", "0", "--report-dir",
                    reportDir().toString()));
            assertEquals(ExitCode.FAILED, broken.exitCode(), broken.transcript());
            String error = String.valueOf(brokerProbe().get("error"));
            assertTrue(error.contains("web-2: nats-server is inactive, not active"), error);
            assertTrue(error.contains("consul-server: no route to web-2"), error);
            var repaired = E2e.provision(SharedLab.commandArgs("up"));
            assertEquals(ExitCode.OK, repaired.exitCode(), repaired.transcript());
            assertTrue(Pattern.compile("(?m)^changed\\s+web-2\\s+nats-server running").matcher(repaired.out()).find(),
                    repaired.transcript());
            var healed = verify();
            assertEquals(ExitCode.OK, healed.exitCode(), healed.transcript());
            System.out.printf("nats cluster of 3: first up + second up + verify + break/repair in %.1f s (first up %.1f s)%n",
                    (System.nanoTime() - start) / 1e9, (firstUp - start) / 1e9);
        } finally {
            backToOneBroker(lab);
        }
    }

    /** The lab's default again: web-1 and web-2 leave the group, cleaned by hand; up makes consul-server a single server. */
    private static void backToOneBroker(LabInfo three) throws Exception {
        LabInfo lab = SharedLab.withBrokers(LabSpec.DEFAULT_BROKERS);
        for (LabHost h : three.brokers()) {
            if (lab.brokers().contains(h)) continue;
            ssh(lab, h, "sudo -n sh -c 'systemctl disable --now nats-server; rm -f /etc/consul.d/nats.json"
                    + " /etc/systemd/system/nats-server.service; systemctl daemon-reload; systemctl reload consul'");
        }
        var up = E2e.provision(SharedLab.commandArgs("up"));
        assertEquals(ExitCode.OK, up.exitCode(), up.transcript());
        var verify = verify();
        assertEquals(ExitCode.OK, verify.exitCode(), "the lab is back to one broker and healthy:\n" + verify.transcript());
        assertTrue(String.valueOf(brokerProbe().get("expected")).contains("a single server"), String.valueOf(brokerProbe()));
    }

    private static E2e.Run verify() {
        return E2e.provision(SharedLab.commandArgs("verify", "--no-disruptive", "--settle", "30", "--report-dir",
                reportDir().toString()));
    }

    private static Map<?, ?> brokerProbe() throws Exception {
        var json = (Map<?, ?>) Json.parse(Files.readString(reportDir().resolve("latest").resolve("report.json")));
        for (Object o : (List<?>) json.get("probes")) {
            if (o instanceof Map<?, ?> p && "broker".equals(p.get("id"))) return p;
        }
        throw new AssertionError("no broker probe in the report");
    }

    private static long changed(String json) {
        Matcher m = Pattern.compile("\"totals\":\\{\"ok\":(\\d+),\"changed\":(\\d+),\"failed\":(\\d+)").matcher(json);
        assertTrue(m.find(), "no totals in:\n" + json);
        return Long.parseLong(m.group(2));
    }

    private static String ssh(LabInfo lab, LabHost h, String command) throws Exception {
        List<String> argv = new Lab(new PrintWriter(System.out, true)).sshCommand(SharedLab.NAME, h.address(), "sh", "-c",
                SharedLab.quote(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out on " + h.name() + ": " + command);
        }
        if (p.exitValue() != 0) throw new AssertionError(h.name() + ": " + command + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }
}
