package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.Delivery;
import dev.provision.report.ProbeResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing, publish/subscribe and broker-restart probes against {@link MessagingFake}: each can fail. */
class MessagingProbesTest {
    @Test
    void routingPassesAndRecordsADistributionPerService() {
        var f = new MessagingFake(3);
        var ctx = f.context();
        ProbeResult r = new RoutingProbe().run(ctx);
        assertTrue(r.passed(), r.error().orElse("") + r.details());
        assertTrue(r.actual().contains("/orders/"), r.actual());
        var rot = ctx.serviceRotations();
        assertEquals(List.of("web", "orders"), List.copyOf(rot.keySet()));
        assertEquals(Map.of("web-1", 3, "web-2", 3, "web-3", 3), rot.get("orders").rotation().distribution());
        assertEquals("/orders/", rot.get("orders").route());
    }

    @Test
    void routingFailsWhenTheOrdersRouteReachesWeb() {
        var f = new MessagingFake(3);
        f.misrouteOrdersAt = 4;
        ProbeResult r = new RoutingProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().contains("orders: 1 of 9 requests to /orders/ reached another service than orders"),
                r.error().get());
        assertTrue(r.error().get().contains("request 4 to /orders/ was answered by service web on web-1, expected orders"),
                r.error().get());
    }

    @Test
    void routingFailsOnAnUnevenRotationOfOneService() {
        var f = new MessagingFake(3);
        f.ordersFavourite = "web-2";
        ProbeResult r = new RoutingProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().contains("orders: replica web-2 answered"), r.error().get());
        assertTrue(r.error().get().contains("not a strict rotation"), r.error().get());
        assertTrue(!r.error().get().contains("web: "), "web's route was fine: " + r.error().get());
    }

    @Test
    void pubSubPassesWhenEveryEventIsProcessedOnceAndSeenByAll() {
        var f = new MessagingFake(3);
        var ctx = f.context();
        ProbeResult r = new PubSubProbe().run(ctx);
        assertTrue(r.passed(), r.error().orElse("") + r.details());
        Delivery d = ctx.delivery().orElseThrow();
        assertEquals(PubSubProbe.EVENTS, d.published());
        assertEquals(PubSubProbe.EVENTS, d.rows().stream().mapToInt(Delivery.Row::queue).sum());
        assertTrue(d.rows().stream().allMatch(x -> x.fanout() == PubSubProbe.EVENTS && x.queue() > 0), d.rows().toString());
        assertEquals(0, d.queueLost());
        assertEquals(600, d.fanoutLatency().samples());
        assertTrue(r.actual().contains("latency queue p50 "), r.actual());
    }

    @Test
    void pubSubFailsOnALostEvent() {
        var f = new MessagingFake(3);
        f.loseQueueEvent = 7;
        ProbeResult r = new PubSubProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().contains("1 of 200 events processed by no replica in the queue group (lost: o-7)"),
                r.error().get());
    }

    @Test
    void pubSubFailsOnADuplicate() {
        var f = new MessagingFake(3);
        f.duplicateQueueEvent = 9;
        ProbeResult r = new PubSubProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().contains("1 events processed more than once in the queue group (o-9 by"), r.error().get());
    }

    @Test
    void pubSubFailsNamingTheReplicaThatMissesTheFanOut() {
        var f = new MessagingFake(3);
        f.noFanout = "web-3";
        ProbeResult r = new PubSubProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().contains("web-3 saw 0 of 200 events as a plain subscriber, expected all"),
                r.error().get());
        assertTrue(!r.error().get().contains("web-1 saw"), r.error().get());
    }

    @Test
    void brokerRestartReportsTheLossAsAFigureAndPasses() {
        var f = new MessagingFake(3);
        f.lostOnRestart = 12;
        var ctx = f.context();
        ProbeResult r = new BrokerRestartProbe().run(ctx);
        assertTrue(r.passed(), r.error().orElse("") + r.details());
        Delivery d = ctx.brokerRestart().orElseThrow();
        assertEquals(12, d.queueLost());
        assertEquals(36, d.fanoutLost());
        assertTrue(r.actual().contains("lost in the queue group 12 of 300"), r.actual());
        assertTrue(f.commands.contains("consul-server: systemctl restart nats-server"), f.commands.toString());
    }

    @Test
    void brokerRestartFailsWhenTheClientsDoNotComeBack() {
        var f = new MessagingFake(3);
        f.lostOnRestart = 10_000; // nothing gets through after the restart
        ProbeResult r = new BrokerRestartProbe().run(f.context());
        assertTrue(r.failed());
        assertTrue(r.error().get().startsWith("after the restart: "), r.error().get());
    }

    @Test
    void messagingProbesAreRegisteredOnlyWithABrokerAndBothSamples() {
        var plain = new FakeDeployment(3);
        var ids = VerifyRun.standardProbes(dev.provision.deployment.Deployment.of(plain.inventory, plain.playbooks)).stream()
                .map(Probe::id).toList();
        assertTrue(ids.contains("routing"), ids.toString());
        assertTrue(!ids.contains("publish-subscribe") && !ids.contains("broker-restart"), ids.toString());
        assertTrue(new BrokerRestartProbe().disruptive());
        assertTrue(!new BrokerRestartProbe().required());
        assertTrue(new PubSubProbe().required());
        assertEquals(Set.of(), Set.of());
    }
}
