package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundRobinVerdictTest {
    private static final Set<String> THREE = Set.of("web-1", "web-2", "web-3");

    private static List<String> rotation(int rounds, String... cycle) {
        var out = new ArrayList<String>();
        for (int i = 0; i < rounds; i++) out.addAll(List.of(cycle));
        return out;
    }

    @Test
    void aPerfectRotationPasses() {
        var v = RoundRobinVerdict.judge(rotation(10, "web-2", "web-3", "web-1"), THREE, 10);
        assertTrue(v.passed(), v.summary());
        assertEquals(List.of("web-2", "web-3", "web-1"), v.cycle());
        assertEquals("strict rotation over web-2, web-3, web-1", v.summary());
    }

    @Test
    void aMissingReplicaFailsNamingIt() {
        var v = RoundRobinVerdict.judge(rotation(15, "web-1", "web-2"), THREE, 10);
        assertFalse(v.passed());
        assertTrue(v.problems().contains("replica web-3 is passing in Consul but never answered (expected 10)"),
                v.summary());
    }

    @Test
    void anUnevenCountFailsNamingTheReplica() {
        var answers = rotation(10, "web-1", "web-2", "web-3");
        answers.add("web-1");
        var v = RoundRobinVerdict.judge(answers, THREE, 10);
        assertFalse(v.passed());
        assertEquals(List.of("replica web-1 answered 11 times, expected exactly 10"), v.problems());
    }

    @Test
    void aRepeatedReplicaBreaksTheRotation() {
        // A A B C ... : the counts can even be right, the order is not.
        var answers = new ArrayList<>(List.of("web-1", "web-1", "web-2", "web-3", "web-2", "web-3", "web-1", "web-2",
                "web-3"));
        var v = RoundRobinVerdict.judge(answers, THREE, 3);
        assertFalse(v.passed());
        assertEquals("not a strict rotation: answer 2 came from web-1, expected web-2 (cycle web-1 > web-2 > web-3)",
                v.problems().get(0));
    }

    @Test
    void aReplicaConsulDoesNotListFailsNamingIt() {
        var answers = rotation(10, "web-1", "web-2", "web-3", "web-9");
        var v = RoundRobinVerdict.judge(answers, THREE, 10);
        assertFalse(v.passed());
        assertEquals(List.of("replica web-9 answered 10 times but Consul does not list it as passing"), v.problems());
    }

    @Test
    void noAnswersFail() {
        var v = RoundRobinVerdict.judge(List.of(), THREE, 10);
        assertFalse(v.passed());
        assertEquals("no answers were recorded", v.summary());
    }

    @Test
    void aSwapMidwayIsReportedAtItsPosition() {
        var answers = rotation(3, "web-1", "web-2", "web-3");
        answers.set(4, "web-3");
        answers.set(5, "web-2");
        var v = RoundRobinVerdict.judge(answers, THREE, 3);
        assertFalse(v.passed());
        assertEquals(2, v.problems().size(), v.summary());
        assertTrue(v.problems().get(0).startsWith("not a strict rotation: answer 5 came from web-3, expected web-2"));
    }

    @Test
    void fewerThanThreeAnswersPerReplicaCannotBeJudged() {
        // With one answer each, any order of distinct replicas would look like a rotation.
        var shuffled = List.of("web-3", "web-1", "web-2");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RoundRobinVerdict.judge(shuffled, THREE, 1));
        assertEquals("at least 3 answers per replica are needed to judge a rotation, got 1", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RoundRobinVerdict.judge(rotation(2, "web-1", "web-2", "web-3"), THREE, 2));
    }
}
