package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Evidence;
import dev.provision.report.ProbeResult;
import dev.provision.report.ProbeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole probe run against a simulated deployment, healthy and with one fault at a time. */
class VerifyRunTest {
    private static final VerifyRun.Meta META = new VerifyRun.Meta("test", "provision verify", "00");

    private static Evidence run(FakeDeployment d, VerifyOptions o, String... unreachable) {
        return VerifyRun.run(d.context(o, unreachable), VerifyRun.standardProbes(), META, r -> {}, () -> "");
    }

    private static ProbeResult probe(Evidence e, String id) {
        return e.probes().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aHealthyDeploymentPassesEveryProbe() {
        var d = new FakeDeployment(3);
        Evidence e = run(d, FakeDeployment.fastOptions());
        for (ProbeResult p : e.probes()) {
            assertEquals(ProbeStatus.PASSED, p.status(), p.id() + ": " + p.error().orElse("") + " / " + p.actual());
        }
        assertTrue(e.passed());
        assertEquals(Map.of("web-1", 4, "web-2", 4, "web-3", 4), e.distribution());
        var m = e.maintenance().orElseThrow();
        assertTrue(m.events().stream().anyMatch(ev -> ev.label().equals("web-3 out of rotation")), m.events().toString());
        assertTrue(m.events().stream().anyMatch(ev -> ev.label().equals("web-3 back in rotation")));
        var f = e.failover().orElseThrow();
        assertTrue(f.samples().size() >= 50, "load ran: " + f.samples().size());
        assertEquals("0", f.figures().get(1).value());
        // Both disruptive probes restored what they changed.
        assertTrue(d.maintenance.isEmpty());
        assertTrue(d.stopped.isEmpty());
        assertTrue(d.commands.stream().anyMatch(c -> c.equals("web-1: [root] systemctl start web")), d.commands.toString());
    }

    @Test
    void anInterruptedDisruptionIsUndoneByTheShutdownPathAndACompletedOneLeavesNothingPending() {
        var d = new FakeDeployment(3);
        var ctx = d.context(FakeDeployment.fastOptions());
        VerifyRun.run(ctx, VerifyRun.standardProbes(), META, r -> {}, () -> "");
        int before = d.commands.size();
        ctx.runPendingUndo();
        assertEquals(before, d.commands.size(), "probes that finished left nothing to undo");

        // A probe interrupted after stopping a replica: the pending undo starts it again, once.
        var web1 = ctx.connector(d.replicas.get(0)).orElseThrow();
        web1.run(dev.provision.transport.RemoteCommand.of("systemctl", "stop", "web").asRoot());
        ctx.pushUndo(() -> web1.run(dev.provision.transport.RemoteCommand.of("systemctl", "start", "web").asRoot()));
        ctx.runPendingUndo();
        ctx.runPendingUndo();
        assertTrue(d.stopped.isEmpty());
        assertEquals(1, d.commands.stream().filter(c -> c.equals("web-1: [root] systemctl start web")).count()
                - d.commands.subList(0, before).stream().filter(c -> c.equals("web-1: [root] systemctl start web")).count());
    }

    @Test
    void aStoppedReplicaFailsTheCatalogNamingIt() {
        var d = new FakeDeployment(3);
        d.stopped.add("web-2");
        Evidence e = run(d, FakeDeployment.fastOptions().withDisruptive(false));
        assertFalse(e.passed());
        ProbeResult catalog = probe(e, "catalog");
        assertFalse(catalog.passed());
        assertEquals("web-2 has no passing instance", catalog.error().orElseThrow());
    }

    @Test
    void aReplicaStillStartingIsWaitedForWithinTheSettleTime() {
        var d = new FakeDeployment(3);
        d.stopped.add("web-2");
        d.startingFor.put("web-2", 2);
        var o = FakeDeployment.fastOptions().withDisruptive(false).withSettle(java.time.Duration.ofSeconds(10));
        Evidence e = run(d, o);
        ProbeResult catalog = probe(e, "catalog");
        assertTrue(catalog.passed(), catalog.error().orElse(""));
        assertTrue(catalog.details().get(0).startsWith("passed on attempt 3 (retried while the deployment settles"),
                catalog.details().get(0));
        assertTrue(e.passed());
    }

    @Test
    void aReplicaThatNeverComesBackFailsOnceTheSettleTimeIsOver() {
        var d = new FakeDeployment(3);
        d.stopped.add("web-2");
        long start = System.nanoTime();
        var o = FakeDeployment.fastOptions().withDisruptive(false).withSettle(java.time.Duration.ofMillis(2500));
        ProbeResult catalog = probe(run(d, o), "catalog");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(catalog.passed());
        assertTrue(catalog.details().get(0).matches("still failing after [23] attempts .*"), catalog.details().get(0));
        assertTrue(ms < 8000, "bounded: " + ms + " ms");
    }

    @Test
    void anUnevenBalancerFailsTheRoundRobinNamingTheReplica() {
        var d = new FakeDeployment(3);
        d.favourite = "web-1";
        Evidence e = run(d, FakeDeployment.fastOptions().withDisruptive(false));
        ProbeResult rr = probe(e, "round-robin");
        assertFalse(rr.passed());
        assertTrue(rr.error().orElseThrow().contains("replica web-1 answered"), rr.error().orElseThrow());
    }

    @Test
    void lostRequestsFailTheFailoverProbeAndTheServiceIsStartedAgain() {
        var d = new FakeDeployment(3);
        d.stopLosesRequests = true;
        Evidence e = run(d, FakeDeployment.fastOptions());
        ProbeResult f = probe(e, "failover");
        assertFalse(f.passed());
        assertTrue(f.error().orElseThrow().matches("\\d+ of \\d+ requests failed.*"), f.error().orElseThrow());
        assertTrue(d.stopped.isEmpty(), "the replica was started again");
    }

    @Test
    void anExtraOpenPortFailsTheFirewallNamingHostAndPort() {
        var d = new FakeDeployment(2);
        d.extraPorts.put("web-1", "8500/tcp");
        Evidence e = run(d, FakeDeployment.fastOptions().withDisruptive(false));
        ProbeResult fw = probe(e, "firewall");
        assertEquals("web-1: open but not of its role: 8500/tcp", fw.error().orElseThrow());
    }

    @Test
    void aFailedConsulAgentFailsTheClusterProbeNamingIt() {
        var d = new FakeDeployment(2);
        d.failedMembers.add("lb");
        ProbeResult p = probe(run(d, FakeDeployment.fastOptions().withDisruptive(false)), "consul-cluster");
        assertEquals("lb is failed, not alive", p.error().orElseThrow());
    }

    @Test
    void anUnreachableHostFailsReachabilityAndTheProbesThatNeedIt() {
        var d = new FakeDeployment(2);
        Evidence e = run(d, FakeDeployment.fastOptions().withDisruptive(false), "consul-server");
        assertEquals("unreachable: consul-server", probe(e, "reachability").error().orElseThrow());
        assertTrue(probe(e, "catalog").error().orElseThrow().contains("consul-server (198.18.0.10) is unreachable"));
        assertTrue(probe(e, "firewall").error().orElseThrow().contains("consul-server: unreachable over SSH"));
    }

    @Test
    void noDisruptiveSkipsMaintenanceAndFailoverAndTouchesNothing() {
        var d = new FakeDeployment(3);
        var seen = new ArrayList<String>();
        Evidence e = VerifyRun.run(d.context(FakeDeployment.fastOptions().withDisruptive(false)),
                VerifyRun.standardProbes(), META, r -> seen.add(r.id() + " " + r.status().label()), () -> "");
        assertTrue(e.passed());
        assertEquals(List.of("reachability passed", "consul-cluster passed", "catalog passed", "firewall passed",
                "round-robin passed", "maintenance skipped", "failover skipped"), seen);
        assertFalse(d.commands.stream().anyMatch(c -> c.contains("maint") || c.contains("systemctl")));
    }

    @Test
    void aProbeThatThrowsBecomesAFailedResult() {
        var d = new FakeDeployment(2);
        Probe broken = new Probe() {
            public String id() {
                return "broken";
            }

            public String title() {
                return "Broken";
            }

            public ProbeResult run(ProbeContext c) {
                throw new IllegalStateException("boom");
            }
        };
        Evidence e = VerifyRun.run(d.context(FakeDeployment.fastOptions()), List.of(new ReachabilityProbe(), broken),
                META, r -> {}, () -> "");
        assertEquals("probe could not run: boom", probe(e, "broken").error().orElseThrow());
        assertTrue(probe(e, "reachability").passed());
    }
}
