package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The firewall probe's verdicts, from firewalld's runtime state and from the controller. */
class FirewallProbeTest {
    private static ProbeResult run(FakeDeployment d) {
        return new FirewallProbe().run(d.context(FakeDeployment.fastOptions()));
    }

    private static List<String> problemsOf(ProbeResult p, String host) {
        return List.of(p.error().orElseThrow().split("; ")).stream().filter(x -> x.startsWith(host + ": ")).toList();
    }

    @Test
    void aHealthyFirewallPassesAndTheTestListenerIsGoneAfterwards() {
        var d = new FakeDeployment(2);
        ProbeResult p = run(d);
        assertTrue(p.passed(), p.error().orElse(""));
        assertEquals("4 of 4 hosts as expected", p.actual());
        assertTrue(p.details().contains("web-1: port 8500 filtered from the controller (no route to host: an ICMP reject)"
                + " while a test listener (pid 4242) listened on it"), p.details().toString());
        assertTrue(d.listeners.isEmpty(), "listeners left: " + d.listeners);
        assertEquals(4, d.commands.stream().filter(c -> c.endsWith("kill 4242")).count());
    }

    @Test
    void aDefaultZoneOfTrustedFailsNamingTheHostEvenThoughTheManagedZoneIsRight() {
        var d = new FakeDeployment(2);
        d.defaultZones.put("web-2", "trusted");
        ProbeResult p = run(d);
        assertFalse(p.passed());
        assertEquals(List.of("web-2: default zone is trusted, expected public",
                "web-2: zone trusted (default, interfaces eth0) accepts every port (target ACCEPT), expected only "
                        + "22/tcp 8301-8302/tcp 8301-8302/udp 8080/tcp",
                "web-2: port 8500 accepted a connection from the controller while a test listener (pid 4242) listened "
                        + "on it: expected filtered, the firewall lets it through"), problemsOf(p, "web-2"));
        assertTrue(p.actual().startsWith("3 of 4 hosts as expected; web-2: open but not of its role: every port"),
                p.actual());
        assertTrue(d.listeners.isEmpty());
    }

    @Test
    void anExtraPortIsReportedWithHowItLooksFromTheController() {
        var d = new FakeDeployment(2);
        d.extraPorts.put("web-1", "9999/tcp");
        ProbeResult p = run(d);
        assertEquals(List.of("web-1: zone public (default, interfaces eth0) opens 9999/tcp besides the role's ports"),
                problemsOf(p, "web-1"));
        assertTrue(p.actual().contains("web-1: open but not of its role: 9999/tcp"), p.actual());
        assertTrue(p.details().contains("web-1: 9999/tcp (open but not of its role) from the controller: refused "
                + "(connection refused)"), p.details().toString());
    }

    @Test
    void aMissingRolePortFailsBothInTheZoneAndFromTheController() {
        var d = new FakeDeployment(2);
        d.missingPorts.put("web-2", "8080/tcp");
        ProbeResult p = run(d);
        assertEquals(List.of("web-2: zone public does not open 8080/tcp, expected 22/tcp 8301-8302/tcp 8301-8302/udp 8080/tcp",
                "web-2: port 8080 is filtered from the controller (no route to host: an ICMP reject), expected open"),
                problemsOf(p, "web-2"));
    }

    @Test
    void aRichRuleOpeningAPortFails() {
        var d = new FakeDeployment(1);
        d.richRulePort.put("lb", 9000);
        ProbeResult p = run(d);
        assertEquals(List.of("lb: zone public (default, interfaces eth0) has rich rules, expected none: "
                + "rule family=\"ipv4\" port port=\"9000\" protocol=\"tcp\" accept"), problemsOf(p, "lb"));
    }

    @Test
    void aFailingFirewallCmdIsAFailureNotAnEmptyZone() {
        var d = new FakeDeployment(1);
        d.firewalldDown.add("consul-server");
        ProbeResult p = run(d);
        var problems = problemsOf(p, "consul-server");
        assertEquals("consul-server: firewall-cmd failed (exit 252): FirewallD is not running (firewalld not running? "
                + "then nothing is filtered)", problems.get(0));
        assertTrue(problems.get(1).contains("port 8500 accepted a connection"), problems.toString());
    }

    @Test
    void aClosedPortThatRefusesInsteadOfBeingFilteredFails() {
        var d = new FakeDeployment(1);
        d.rejectsWithReset.add("web-1");
        ProbeResult p = run(d);
        assertEquals(List.of("web-1: port 8500 refused a connection from the controller while a test listener (pid 4242) "
                + "listened on it: expected filtered (an ICMP reject or no answer), got a TCP reset"), problemsOf(p, "web-1"));
    }

    @Test
    void onlyAFilteredAnswerProvesAClosedPort() {
        assertEquals("", FirewallProbe.closedPortVerdict(8500, PortChecker.Answer.filtered("no answer in 2000 ms"), "x"));
        assertTrue(FirewallProbe.closedPortVerdict(8500, PortChecker.Answer.refused(), "x").contains("got a TCP reset"));
        assertTrue(FirewallProbe.closedPortVerdict(8500, PortChecker.Answer.accepted(), "x").contains("lets it through"));
    }

    @Test
    void aServiceInAZoneCountsAsTheServicesPorts() {
        var state = FirewalldState.parse("public\n", "public (active)\n  target: default\n  interfaces: eth1\n"
                + "  services: ssh dhcpv6-client\n  ports: 8080/tcp\n  forward-ports: \n\tport=80:proto=tcp:toport=8080:toaddr=\n"
                + "  rich rules: \n");
        var opened = new java.util.TreeSet<String>();
        var problems = FirewallRules.judge(state, "public", new java.util.LinkedHashSet<>(List.of("2222/tcp", "8080/tcp")),
                java.util.Map.of("ssh", List.of("22/tcp"), "dhcpv6-client", List.of("546/udp")), opened);
        assertEquals(List.of("zone public (default, interfaces eth1) opens 22/tcp (service ssh) 546/udp (service "
                + "dhcpv6-client) besides the role's ports",
                "zone public (default, interfaces eth1) forwards ports: port=80:proto=tcp:toport=8080:toaddr=, expected none",
                "zone public does not open 2222/tcp, expected 2222/tcp 8080/tcp"), problems);
        assertTrue(opened.contains("22/tcp"), opened.toString());
    }

    @Test
    void servicePortsAreReadFromInfoService() {
        assertEquals(java.util.Map.of("ssh", List.of("22/tcp"), "http", List.of("80/tcp")), FirewallRules.parseServices(
                "service ssh\nssh\n  ports: 22/tcp\n  protocols: \nservice http\nhttp\n  ports: 80/tcp\n"));
    }
}
