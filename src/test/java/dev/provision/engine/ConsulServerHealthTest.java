package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsulServerHealthTest {
    /** Consul 1.8's answer, abridged to the fields read (the others are ignored). */
    static String health(String... servers) {
        var sb = new StringBuilder("{\"Healthy\": true, \"FailureTolerance\": 1, \"Servers\": [");
        for (int i = 0; i < servers.length; i++) {
            String[] f = servers[i].split(" "); // name leader voter healthy serf
            if (i > 0) sb.append(", ");
            sb.append("{\"ID\": \"id-").append(f[0]).append("\", \"Name\": \"").append(f[0])
                    .append("\", \"Address\": \"198.18.0.1:8300\", \"SerfStatus\": \"").append(f[4])
                    .append("\", \"Version\": \"1.8.7\", \"Leader\": ").append(f[1]).append(", \"LastContact\": \"0s\",")
                    .append(" \"LastTerm\": 3, \"LastIndex\": 120, \"Healthy\": ").append(f[3]).append(", \"Voter\": ")
                    .append(f[2]).append(", \"StableSince\": \"2026-12-02T16:00:00Z\"}");
        }
        return sb.append("]}").toString();
    }

    static final String THREE_HEALTHY = health("consul-server true true true alive", "consul-2 false true true alive",
            "consul-3 false true true alive");

    @Test
    void readsTheLeaderAndEachServer() {
        var h = ConsulServerHealth.parse(THREE_HEALTHY);
        assertEquals(Optional.of("consul-server"), h.leader());
        assertEquals(3, h.servers().size());
        assertTrue(h.servers().get(1).voter() && h.servers().get(1).healthy());
    }

    @Test
    void anyServerOfAHealthyThreeMayRestart() {
        var h = ConsulServerHealth.parse(THREE_HEALTHY);
        for (String s : new String[] {"consul-server", "consul-2", "consul-3"}) assertEquals(Optional.empty(), h.whyNotRestart(s));
    }

    @Test
    void noneMayRestartWhileAnotherIsDownForThatWouldLoseTheQuorum() {
        var h = ConsulServerHealth.parse(health("consul-server true true true alive", "consul-2 false true false failed",
                "consul-3 false true true alive"));
        String why = h.whyNotRestart("consul-3").orElseThrow();
        assertTrue(why.startsWith("only 1 healthy voter besides consul-3, a quorum of 3 is 2"), why);
        assertTrue(why.contains("consul-2 (voter, unhealthy, failed)"), why);
        // The unhealthy one itself may go: the two others are the quorum.
        assertEquals(Optional.empty(), h.whyNotRestart("consul-2"));
    }

    @Test
    void aSingleServerAlwaysMayRestart() {
        var h = ConsulServerHealth.parse(health("consul-server true true true alive"));
        assertEquals(Optional.empty(), h.whyNotRestart("consul-server"));
    }

    @Test
    void backOnlyWhenALeaderIsElectedAndItIsAHealthyVoter() {
        assertEquals(Optional.empty(), ConsulServerHealth.parse(THREE_HEALTHY).whyNotBack("consul-2"));
        var catchingUp = ConsulServerHealth.parse(health("consul-server true true true alive", "consul-2 false true false alive",
                "consul-3 false true true alive"));
        assertTrue(catchingUp.whyNotBack("consul-2").orElseThrow().startsWith("consul-2 is not healthy yet"));
        var nonVoter = ConsulServerHealth.parse(health("consul-server true true true alive", "consul-2 false false true alive",
                "consul-3 false true true alive"));
        assertTrue(nonVoter.whyNotBack("consul-2").orElseThrow().startsWith("consul-2 is not a voter"));
        var leaderless = ConsulServerHealth.parse(health("consul-server false true false failed", "consul-2 false true true alive",
                "consul-3 false true true alive"));
        assertTrue(leaderless.whyNotBack("consul-2").orElseThrow().startsWith("no leader elected"));
        assertTrue(ConsulServerHealth.parse(health("consul-server true true true alive")).whyNotBack("consul-9").orElseThrow()
                .startsWith("consul-9 is not among the servers"));
    }

    @Test
    void anAnswerWithoutServersIsNotRead() {
        assertThrows(IllegalArgumentException.class, () -> ConsulServerHealth.parse("No cluster leader"));
        assertThrows(IllegalArgumentException.class, () -> ConsulServerHealth.parse("{\"Healthy\": false}"));
    }
}
