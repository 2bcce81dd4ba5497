package dev.provision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Consul servers' roll against fake hosts whose agents answer autopilot's health as scripted. */
class ConsulServerRollTest {
    static final String HEALTHY = ConsulServerHealthTest.THREE_HEALTHY;

    static String health(String... servers) {
        return ConsulServerHealthTest.health(servers);
    }

    /** A server whose agent answers each request with the next scripted response (the last one repeats). */
    static final class FakeServer implements RollHost {
        final String name;
        final Deque<ExecResult> answers = new ArrayDeque<>();
        final List<String> progress = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        int sleeps;

        FakeServer(String name) {
            this.name = name;
        }

        FakeServer answers(int status, String body) {
            String reason = status == 200 ? "OK" : status == 429 ? "Too Many Requests" : "Internal Server Error";
            answers.add(new ExecResult(0, "HTTP/1.0 " + status + " " + reason + "\r\nContent-Type: application/json\r\n\r\n" + body, "",
                    Duration.ZERO));
            return this;
        }

        FakeServer down() {
            answers.add(new ExecResult(7, "", "bash: connect: Connection refused", Duration.ZERO));
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, Object> vars() {
            return Map.of("consul_server", true, "consul_bootstrap_expect", 3, "consul_http_port", 8500);
        }

        @Override
        public synchronized ExecResult run(RemoteCommand command) {
            asked.add(command.script());
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public void sleep(Duration d) {
            sleeps++;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void progress(String text) {
            progress.add(text);
        }
    }

    final ConsulServerRoll roll = new ConsulServerRoll(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @Test
    void onlyServersOfSeveralRollAndAlwaysOneAtATime() {
        assertTrue(roll.rolls(Map.of("consul_server", true, "consul_bootstrap_expect", 3)));
        assertFalse(roll.rolls(Map.of("consul_server", false, "consul_bootstrap_expect", 3)), "a client");
        assertFalse(roll.rolls(Map.of("consul_server", true, "consul_bootstrap_expect", 1)), "a single server restarts as before");
        assertFalse(roll.rolls(Map.of()));
        assertEquals(1, roll.serial(3));
    }

    @Test
    void theLeaderGoesLastAndAnAgentThatDoesNotAnswerIsNoLeader() {
        assertTrue(roll.goesLast(new FakeServer("consul-server").answers(200, HEALTHY)));
        assertFalse(roll.goesLast(new FakeServer("consul-2").answers(200, HEALTHY)));
        assertFalse(roll.goesLast(new FakeServer("consul-2").down()));
        assertFalse(roll.goesLast(new FakeServer("consul-2").answers(500, "No cluster leader")));
    }

    @Test
    void asksTheAgentsOwnLoopback() {
        var s = new FakeServer("consul-2").answers(200, HEALTHY);
        roll.goesLast(s);
        assertTrue(s.asked.get(0).contains("/v1/operator/autopilot/health") && s.asked.get(0).contains("8500"), s.asked.toString());
    }

    @Test
    void drainWaitsUntilTheOthersAreAQuorumThenFailsNamingWhy() {
        var s = new FakeServer("consul-3")
                .answers(429, health("consul-server true true true alive", "consul-2 false true false failed", "consul-3 false true true alive"))
                .answers(200, HEALTHY);
        roll.drain(s);
        assertEquals(1, s.sleeps);

        var stuck = new FakeServer("consul-3")
                .answers(429, health("consul-server true true true alive", "consul-2 false true false failed", "consul-3 false true true alive"));
        var e = assertThrows(ProvisionException.class, () -> roll.drain(stuck));
        assertTrue(e.getMessage().startsWith("restarting consul-3 would leave the Consul servers without a quorum after 2 s: only 1 healthy"
                + " voter besides consul-3"), e.getMessage());
    }

    @Test
    void aServerWhoseAgentIsDownGoesAtOnce() {
        var s = new FakeServer("consul-2").down();
        roll.drain(s);
        assertEquals(0, s.sleeps);
    }

    @Test
    void restoreWaitsForTheAgentALeaderAndAHealthyVoter() {
        var s = new FakeServer("consul-2").down()
                .answers(500, "No cluster leader")
                .answers(429, health("consul-server true true true alive", "consul-2 false false true alive", "consul-3 false true true alive"))
                .answers(429, health("consul-server true true true alive", "consul-2 false true false alive", "consul-3 false true true alive"))
                .answers(200, HEALTHY);
        roll.restore(s);
        assertEquals(4, s.sleeps);
        assertTrue(s.progress.get(0).contains("waiting until a leader is elected and consul-2 is a healthy voter again"), s.progress.toString());

        var gone = new FakeServer("consul-2").down();
        var e = assertThrows(ProvisionException.class, () -> roll.restore(gone));
        assertTrue(e.getMessage().contains("consul-2 is not back in the Consul cluster") && e.getMessage().contains("nothing listens on 127.0.0.1:8500"),
                e.getMessage());
    }

    @Test
    void throughTheGateTheLeaderRestartsAfterTheOthersOneAtATime() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        var gate = new RollGate("restart consul", roll.serial(2), Set.of("consul-server", "consul-2", "consul-3"));
        List<Thread> threads = new ArrayList<>();
        int[] inside = {0};
        int[] most = {0};
        // The leader asks first: it must still wait for both followers.
        for (String name : List.of("consul-server", "consul-2", "consul-3")) {
            var host = new FakeServer(name).answers(200, HEALTHY);
            Thread t = new Thread(() -> {
                try {
                    boolean last = roll.goesLast(host);
                    gate.enter(name, last);
                    synchronized (inside) {
                        most[0] = Math.max(most[0], ++inside[0]);
                    }
                    roll.drain(host);
                    Thread.sleep(20);
                    order.add(name);
                    roll.restore(host);
                    synchronized (inside) {
                        inside[0]--;
                    }
                    gate.leave(name, true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
            Thread.sleep(30);
        }
        for (Thread t : threads) t.join(5000);
        assertEquals(3, order.size(), order.toString());
        assertEquals("consul-server", order.get(2), order.toString());
        assertEquals(1, most[0], "one server at a time");
    }
}
