package dev.provision.report;

import dev.provision.inventory.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A fixed, realistic evidence object: the golden files are rendered from it. */
final class EvidenceFixture {
    static final Instant START = Instant.parse("2026-11-27T13:30:00Z");

    private EvidenceFixture() {}

    static Evidence passing() {
        return build(true);
    }

    static Evidence failing() {
        return build(false);
    }

    private static Evidence build(boolean pass) {
        // The passing run is of a deployment with a second service and a broker; the failing one of today's default.
        var hosts = pass ? List.of(
                new TopologyHost("consul-1", "198.18.0.10", Set.of(Role.CONSUL_SERVER), List.of(4222, 8300, 8301, 8500),
                        List.of("NATS broker :4222")),
                new TopologyHost("lb-1", "198.18.0.11", Set.of(Role.LOAD_BALANCER), List.of(80, 8181, 8301)),
                new TopologyHost("web-1", "198.18.0.21", Set.of(Role.SERVICE), List.of(8080, 8090, 8301), List.of("orders :8090")),
                new TopologyHost("web-2", "198.18.0.22", Set.of(Role.SERVICE), List.of(8080, 8090, 8301), List.of("orders :8090")),
                new TopologyHost("web-3", "198.18.0.23", Set.of(Role.SERVICE), List.of(8080, 8090, 8301), List.of("orders :8090")))
                : List.of(
                new TopologyHost("consul-1", "198.18.0.10", Set.of(Role.CONSUL_SERVER), List.of(8300, 8301, 8500)),
                new TopologyHost("lb-1", "198.18.0.11", Set.of(Role.LOAD_BALANCER), List.of(80, 8181, 8301)),
                new TopologyHost("web-1", "198.18.0.21", Set.of(Role.SERVICE), List.of(8080, 8301)),
                new TopologyHost("web-2", "198.18.0.22", Set.of(Role.SERVICE), List.of(8080, 8301)),
                new TopologyHost("web-3", "198.18.0.23", Set.of(Role.SERVICE), List.of(8080, 8301)));
        var topology = pass ? new Topology(hosts, "web", 8080, 80, 8181, List.of(
                new Topology.Service("web", "/", 8080, "services"), new Topology.Service("orders", "/orders", 8090, "services")),
                List.of("consul-1")) : new Topology(hosts, "web", 8080, 80, 8181);

        var seq = new ArrayList<String>();
        for (int i = 0; i < 4; i++) seq.addAll(List.of("web-2", "web-3", "web-1"));
        if (!pass) seq.set(4, "web-2");
        var settle = List.of(
                new SettleAttempt(0, List.of("web-1", "web-3"), List.of("web-1", "web-3"),
                        List.of("web-2 not passing in Consul")),
                new SettleAttempt(1012, List.of("web-1", "web-2", "web-3"), List.of("web-1", "web-3"),
                        List.of("web-2 is DOWN in HAProxy, not UP")),
                new SettleAttempt(2025, List.of("web-1", "web-2", "web-3"), List.of("web-1", "web-2", "web-3"), List.of()));
        var rotation = new Rotation(seq, 4, List.of("web-1", "web-2", "web-3"), settle);

        var probes = new ArrayList<ProbeResult>();
        probes.add(ProbeResult.passed("reachability", "Every host answers over SSH", "5 hosts answer",
                "5 of 5 answer", Duration.ofMillis(412),
                List.of("consul-1 (198.18.0.10): ok", "web-1 (198.18.0.21): ok")));
        probes.add(ProbeResult.passed("consul-cluster", "Consul cluster is whole", "5 alive members, a leader",
                "5 alive, leader 198.18.0.10:8300", Duration.ofMillis(230), List.of()));
        probes.add(pass
                ? ProbeResult.passed("round-robin", "Requests rotate over every passing replica",
                        "4 answers from each of web-1, web-2, web-3 in strict rotation",
                        "strict rotation over web-2, web-3, web-1", Duration.ofMillis(980), List.of())
                : ProbeResult.failed("round-robin", "Requests rotate over every passing replica",
                        "4 answers from each of web-1, web-2, web-3 in strict rotation",
                        "web-2: 5, web-3: 3, web-1: 4", Duration.ofMillis(980),
                        "replica web-3 answered 3 times, expected exactly 4", List.of("answer 5 came from web-2")));
        probes.add(ProbeResult.skipped("failover", "No request lost when a replica stops",
                "skipped: --no-disruptive"));
        // Text that must be escaped in every format.
        probes.add(ProbeResult.passed("escaping", "Odd <text> & \"quotes\" | pipes `ticks` *stars*",
                "a < b && c > d", "line one\nline two", Duration.ofMillis(5), List.of("<script>alert(1)</script>")));

        var maintenance = new Timeline("web-2 put into Consul maintenance, then taken out", START.plusSeconds(2),
                List.of(new Timeline.Sample(0, "web-1", true), new Timeline.Sample(250, "web-2", true),
                        new Timeline.Sample(500, "web-3", true), new Timeline.Sample(1800, "web-1", true),
                        new Timeline.Sample(2100, "web-3", true), new Timeline.Sample(4200, "web-2", true)),
                List.of(new Timeline.Event(300, "maintenance enabled"), new Timeline.Event(1900, "out of rotation"),
                        new Timeline.Event(2500, "maintenance disabled"), new Timeline.Event(4200, "back in rotation")),
                List.of(new Timeline.Figure("time until out of rotation", "1.60 s"),
                        new Timeline.Figure("time until back in rotation", "1.70 s")),
                List.of(new Timeline.Window("web-2 out of rotation", 250, 4200)),
                Optional.of(new Timeline.Accounting(6, -1, 6, 0, 0)));
        var failover = new Timeline("web-3 stopped under 20 requests/s, then started", START.plusSeconds(8),
                List.of(new Timeline.Sample(0, "web-1", true), new Timeline.Sample(50, "web-2", true),
                        new Timeline.Sample(100, "web-3", true), new Timeline.Sample(150, null, !pass ? false : true),
                        new Timeline.Sample(200, "web-1", true)),
                List.of(new Timeline.Event(120, "systemctl stop web"), new Timeline.Event(180, "systemctl start web")),
                List.of(new Timeline.Figure("requests sent", "5"), new Timeline.Figure("requests failed", pass ? "0" : "1"),
                        new Timeline.Figure("time until web-3 served again", "3.20 s")),
                List.of(new Timeline.Window("web-3 absent from the answers", 100, 200)),
                Optional.of(new Timeline.Accounting(5, 5, pass ? 5 : 4, pass ? 0 : 1, 0)));
        var captured = new Captured(
                "Node      Address           Status  Type    Build  Protocol  DC   Segment\n"
                        + "consul-1  198.18.0.10:8301  alive   server  1.8.7  2         dc1  <all>\n"
                        + "web-1     198.18.0.21:8301  alive   client  1.8.7  2         dc1  <default>\n",
                "[{\"Node\":{\"Node\":\"web-1\"},\"Service\":{\"Service\":\"web\",\"Port\":8080}}]",
                "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,"
                        + "status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,"
                        + "lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,"
                        + "hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,"
                        + "req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,"
                        + "last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,"
                        + "agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr\n"
                        + "web,web1,0,0,0,1,,14,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,60,0,,1,3,1,,14,,2,0,,1,L4OK,,0,"
                        + "0,14,0,0,0,0,0,,,,,0,0,,,,,1,,,0,0,0,1,,,,Layer4 check passed,,2,3,4,,,,198.18.0.21:8080\n"
                        + "web,web2,0,0,0,1,,14,0,0,,0,,0,0,0,0,DOWN,1,1,0,0,0,60,0,,1,3,2,,14,,2,0,,1,L4CON,,0,"
                        + "0,14,0,0,0,0,0,,,,,0,0,,,,,1,,,0,0,0,1,,,,Layer4 check passed,,2,3,4,,,,198.18.0.22:8080\n"
                        + "web,web3,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT (resolution),1,1,0,0,0,60,0,,1,3,3,,0,,2,0,,0,,,0,"
                        + "0,0,0,0,0,0,0,,,,,0,0,,,,,1,,,0,0,0,0,,,,,,2,3,4,,,,\n");
        var e = new Evidence("0.1.0", "provision verify -i lab/inventory.yaml --requests 4",
                "lab/inventory.yaml", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                START, START.plusMillis(31_450), topology, probes, Optional.of(rotation), Optional.of(maintenance),
                Optional.of(failover), captured);
        if (!pass) return e;
        var webSeq = new ArrayList<String>();
        var ordersSeq = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            webSeq.addAll(List.of("web-1", "web-2", "web-3"));
            ordersSeq.addAll(List.of("web-3", "web-1", "web-2"));
        }
        var all = List.of("web-1", "web-2", "web-3");
        var services = List.of(new ServiceRotation("web", "/", new Rotation(webSeq, 3, all)),
                new ServiceRotation("orders", "/orders/", new Rotation(ordersSeq, 3, all)));
        var delivery = new Delivery("200 events through the gateway", "verify-0a1b2c3d4e5f", 200, 0, List.of(
                new Delivery.Row("web-1", 67, 200, 0, ""), new Delivery.Row("web-2", 66, 200, 0, ""),
                new Delivery.Row("web-3", 67, 200, 0, "")), 0, 0, 0, new Delivery.Latency(3, 11, 14, 200),
                new Delivery.Latency(3, 12, 15, 600));
        var restart = new Delivery("300 events, nats-server restarted on consul-1 at 1001 ms", "restart-5f4e3d2c1b0a",
                291, 9, List.of(new Delivery.Row("web-1", 90, 270, 21, ""), new Delivery.Row("web-2", 88, 268, 23, ""),
                        new Delivery.Row("web-3", 91, 271, 20, "")), 22, 0, 64, new Delivery.Latency(4, 950, 1210, 269),
                new Delivery.Latency(4, 980, 1250, 809));
        return e.withMessaging(services, Optional.of(delivery), Optional.of(restart));
    }
}
