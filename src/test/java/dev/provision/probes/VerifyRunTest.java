package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Evidence;
import dev.provision.report.ProbeResult;
import dev.provision.report.ProbeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole probe run against a simulated deployment, healthy and with one fault at a time. */
class VerifyRunTest {
    private static final VerifyRun.Meta META = new VerifyRun.Meta("test", "provision verify", "00");

    private static Evidence run(FakeDeployment d, VerifyOptions o, String... unreachable) {
        return VerifyRun.run(d.context(o, unreachable), VerifyRun.standardProbes(), META, r -> {}, d::haproxyCsv);
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
        assertTrue(e.rotation().orElseThrow().settled());
        assertEquals(1, e.rotation().orElseThrow().settle().size(), "settled on the first look");
        var m = e.maintenance().orElseThrow();
        assertTrue(m.events().stream().anyMatch(ev -> ev.label().startsWith("web-3 out of rotation (")), m.events().toString());
        assertTrue(m.events().stream().anyMatch(ev -> ev.label().startsWith("web-3 back in the strict rotation")));
        assertEquals(0, m.accounting().orElseThrow().failed());
        var f = e.failover().orElseThrow();
        assertTrue(f.samples().size() >= 50, "load ran: " + f.samples().size());
        var acc = f.accounting().orElseThrow();
        assertTrue(acc.balanced() && acc.lost() == 0 && acc.scheduled() == f.samples().size(), acc.describe());
        var absent = f.windows().get(0);
        assertEquals("web-1 absent from the answers", absent.label());
        assertTrue(absent.lengthMs() >= 300, "absent for the time it was held stopped: " + absent);
        // Both disruptive probes restored what they changed.
        assertTrue(d.maintenance.isEmpty());
        assertTrue(d.stopped.isEmpty());
        assertTrue(d.commands.stream().anyMatch(c -> c.equals("web-1: [root] systemctl start web")), d.commands.toString());
    }

    @Test
    void anInterruptedDisruptionIsUndoneByTheShutdownPathAndACompletedOneLeavesNothingPending() {
        var d = new FakeDeployment(3);
        var ctx = d.context(FakeDeployment.fastOptions());
        VerifyRun.run(ctx, VerifyRun.standardProbes(), META, r -> {}, d::haproxyCsv);
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
        assertEquals("web-1: zone public (default, interfaces eth0) opens 8500/tcp besides the role's ports; "
                + "web-1: port 8500 accepted a connection from the controller while a test listener (pid 4242) "
                + "listened on it: expected filtered, the firewall lets it through", fw.error().orElseThrow());
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
    void anUnreachableHostIsReportedAtOnceNotRetriedForTheSettleTime() {
        var d = new FakeDeployment(2);
        long start = System.nanoTime();
        Evidence e = run(d, FakeDeployment.fastOptions().withDisruptive(false).withSettle(Duration.ofSeconds(30)),
                "consul-server");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "no probe waited out the 30 s settle time: " + ms + " ms");
        ProbeResult catalog = probe(e, "catalog");
        assertTrue(catalog.failed());
        assertFalse(catalog.details().stream().anyMatch(l -> l.contains("attempt")), "asked once: " + catalog.details());
        assertTrue(probe(e, "consul-cluster").failed());
    }

    @Test
    void noDisruptiveSkipsMaintenanceAndFailoverAndTouchesNothing() {
        var d = new FakeDeployment(3);
        var seen = new ArrayList<String>();
        Evidence e = VerifyRun.run(d.context(FakeDeployment.fastOptions().withDisruptive(false)),
                VerifyRun.standardProbes(), META, r -> seen.add(r.id() + " " + r.status().label()), d::haproxyCsv);
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

    private static ProbeResult only(FakeDeployment d, Probe p, VerifyOptions o) {
        return VerifyRun.run(d.context(o), List.of(p), META, r -> {}, d::haproxyCsv).probes().get(0);
    }

    @Test
    void aFailingRoundRobinIsMeasuredOnceNotRetriedUntilItPasses() {
        var d = new FakeDeployment(3);
        d.favourite = "web-1";
        var o = FakeDeployment.fastOptions().withSettle(java.time.Duration.ofSeconds(5));
        long start = System.nanoTime();
        ProbeResult rr = only(d, new RoundRobinProbe(), o);
        assertFalse(rr.passed());
        assertEquals(12, d.balancerRequests.get(), "one measurement of 4 x 3 requests");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "settled at once, so no waiting");
        assertEquals("settled on look 1 (Consul and HAProxy agree); measured once", rr.details().get(0));
    }

    @Test
    void aSettleThatNeverSettlesReportsEveryLookAndMeasuresOnce() {
        var d = new FakeDeployment(3);
        d.haproxyDown.add("web-2"); // Consul passes it; HAProxy never brings it UP
        var o = FakeDeployment.fastOptions().withSettle(java.time.Duration.ofMillis(2500));
        long start = System.nanoTime();
        var e = VerifyRun.run(d.context(o), List.of(new RoundRobinProbe()), META, r -> {}, d::haproxyCsv);
        long ms = (System.nanoTime() - start) / 1_000_000;
        ProbeResult rr = e.probes().get(0);
        assertFalse(rr.passed());
        assertTrue(ms < 6000, "bounded by --settle: " + ms + " ms");
        var settle = e.rotation().orElseThrow().settle();
        assertEquals(3, settle.size(), settle.toString());
        for (var look : settle) {
            assertEquals(List.of("web-2 is DOWN in HAProxy, not UP"), look.problems());
            assertEquals(List.of("web-1", "web-3"), look.haproxyUp());
        }
        assertEquals("not settled after 3 looks in 2.50 s (--settle); measured once anyway, against what Consul lists "
                + "as passing", rr.details().get(0));
        assertEquals(3, rr.details().stream().filter(l -> l.startsWith("settle look ")).count(), rr.details().toString());
        assertEquals(12, d.balancerRequests.get(), "measured once");
        assertTrue(rr.error().orElseThrow().contains("replica web-2 is passing in Consul but never answered"),
                rr.error().orElseThrow());
        assertTrue(rr.error().orElseThrow().endsWith("measured unsettled (web-2 is DOWN in HAProxy, not UP)"));
    }

    @Test
    void aReplicaStillStartingIsWaitedForFromConsulsStateThenMeasuredOnce() {
        var d = new FakeDeployment(3);
        d.stopped.add("web-2");
        d.startingFor.put("web-2", 2);
        ProbeResult rr = only(d, new RoundRobinProbe(), FakeDeployment.fastOptions().withSettle(java.time.Duration.ofSeconds(10)));
        assertTrue(rr.passed(), rr.error().orElse(""));
        assertEquals("settled on look 3 (Consul and HAProxy agree); measured once", rr.details().get(0));
        assertTrue(rr.details().get(1).contains("web-2 not passing in Consul"), rr.details().get(1));
        assertEquals(12, d.balancerRequests.get());
    }

    @Test
    void aChangeInConsulDuringTheMeasurementFailsIt() {
        var d = new FakeDeployment(3);
        d.stopped.add("web-2");
        d.startingFor.put("web-2", 2); // passing again on the third catalog read: the one after measuring
        ProbeResult rr = only(d, new RoundRobinProbe(), FakeDeployment.fastOptions());
        assertFalse(rr.passed());
        assertTrue(rr.error().orElseThrow().startsWith("Consul's passing replicas changed during the measurement (before: "
                + "web-1, web-3; after: web-1, web-2, web-3): it cannot be judged"), rr.error().orElseThrow());
    }

    @Test
    void aReplicaThatNeverLeavesFailsTheFailover() {
        var d = new FakeDeployment(3);
        d.keepsAnswering = "web-1"; // something outside the unit goes on answering as web-1
        ProbeResult f = only(d, new FailoverProbe(), FakeDeployment.fastOptions());
        assertFalse(f.passed());
        assertTrue(f.error().orElseThrow().matches(".*web-1 answered \\d+ of the \\d+ requests sent while its service was "
                + "stopped \\(first at .*\\): it never left the rotation.*"), f.error().orElseThrow());
    }

    @Test
    void aStopThatIsANoOpFailsTheFailover() {
        var d = new FakeDeployment(3);
        d.stopIsNoop = true;
        ProbeResult f = only(d, new FailoverProbe(), FakeDeployment.fastOptions());
        assertFalse(f.passed());
        assertTrue(f.error().orElseThrow().startsWith("systemctl stop web on web-1 was a no-op: the unit is still active"),
                f.error().orElseThrow());
        assertTrue(f.error().orElseThrow().contains("it never left the rotation"));
    }

    @Test
    void aReplicaThatNeverReturnsFailsTheFailover() {
        var d = new FakeDeployment(3);
        d.neverComesBack = true;
        ProbeResult f = only(d, new FailoverProbe(), FakeDeployment.fastOptions());
        assertFalse(f.passed());
        assertEquals("web-1 never answered again within 3.00 s of its start", f.error().orElseThrow());
        assertTrue(f.actual().contains("served again never"), f.actual());
    }

    @Test
    void aFailedRequestDuringMaintenanceFailsTheProbe() {
        var d = new FakeDeployment(3);
        d.failOnceDuringMaintenance = true;
        ProbeResult m = only(d, new MaintenanceProbe(), FakeDeployment.fastOptions());
        assertFalse(m.passed());
        assertTrue(m.error().orElseThrow().matches("1 of \\d+ requests failed while web-3 left and rejoined \\(first at .*\\)"),
                m.error().orElseThrow());
        assertTrue(d.maintenance.isEmpty(), "maintenance switched off again");
    }

    @Test
    void maintenanceTimesCountFromTheCommandsCompletion() {
        var d = new FakeDeployment(3);
        var ctx = d.context(FakeDeployment.fastOptions());
        ProbeResult m = VerifyRun.run(ctx, List.of(new MaintenanceProbe()), META, r -> {}, d::haproxyCsv).probes().get(0);
        assertTrue(m.passed(), m.error().orElse(""));
        var t = ctx.maintenance().orElseThrow();
        long on = at(t, "maintenance on for web-web-3 (command completed)");
        long out = at(t, "web-3 out of rotation (5 answers in a row without it)");
        long off = at(t, "maintenance off (command completed)");
        long back = at(t, "web-3 back in the strict rotation (two full cycles of 3)");
        // The balancer lags 3 requests, then 5 in a row without web-3 are needed: never less than 5 samples after.
        assertTrue(t.samples().stream().filter(s -> s.atMs() >= on && s.atMs() <= out).count() >= 5);
        assertTrue(t.samples().stream().filter(s -> s.atMs() >= off && s.atMs() <= back).count() >= 6);
        assertEquals(t.figures().get(0).value(), dev.provision.report.Format.millis(out - on));
    }

    private static long at(dev.provision.report.Timeline t, String label) {
        return t.events().stream().filter(e -> e.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not in " + t.events())).atMs();
    }

    @Test
    void aSkippedRequiredProbeFailsTheVerdictAndTheHelpNamesTheRequiredOnes() {
        var required = VerifyRun.standardProbes().stream().filter(Probe::required).map(Probe::id).toList();
        assertEquals(List.of("reachability", "consul-cluster", "catalog", "firewall", "broker", "round-robin"), required);
        String help = String.join(" ", dev.provision.cli.VerifyCommand.class
                .getAnnotation(picocli.CommandLine.Command.class).description());
        assertTrue(help.contains("Required probes: " + String.join(", ", required) + "."), help);

        var d = new FakeDeployment(2);
        Probe skipsItself = new Probe() {
            public String id() {
                return "catalog";
            }

            public String title() {
                return "Catalog";
            }

            public ProbeResult run(ProbeContext c) {
                return ProbeResult.skipped(id(), title(), "skipped: not wanted");
            }
        };
        Evidence e = VerifyRun.run(d.context(FakeDeployment.fastOptions().withDisruptive(false)),
                List.of(new ReachabilityProbe(), skipsItself, new MaintenanceProbe()), META, r -> {}, () -> "");
        assertFalse(e.passed(), "a required probe was skipped");
        assertEquals(List.of("catalog"), e.missingRequired());
        assertEquals(List.of("catalog", "maintenance"), e.skippedProbes().stream().map(ProbeResult::id).toList());
    }
}
