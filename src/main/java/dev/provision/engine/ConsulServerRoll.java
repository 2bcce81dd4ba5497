package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.probes.HttpAnswer;
import dev.provision.probes.LoopbackHttp;
import dev.provision.transport.ExecResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code roll: consul-server}: the Consul servers restart one at a time, the raft leader last
 * (restarting it forces an election, once), so the others always keep a quorum. Before a server
 * goes, the leader's autopilot must see the others as a quorum of healthy voters; after it
 * restarted, a leader must be elected and the server a healthy voter again (in contact with the
 * leader, its log caught up) before the next one goes. Asked on the server's own agent
 * ({@code /v1/operator/autopilot/health} on loopback: no port, credential or tool needed). Consul
 * clients restart as before: they hold no raft state.
 */
final class ConsulServerRoll implements RollStrategy {
    static final Duration QUORUM_WAIT = Duration.ofSeconds(60);
    static final Duration BACK_WAIT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofMillis(500);
    static final String HEALTH = "/v1/operator/autopilot/health";
    private final Duration quorumWait;
    private final Duration backWait;

    ConsulServerRoll() {
        this(QUORUM_WAIT, BACK_WAIT);
    }

    /** With other bounds (tests). */
    ConsulServerRoll(Duration quorumWait, Duration backWait) {
        this.quorumWait = quorumWait;
        this.backWait = backWait;
    }

    /**
     * Servers of a cluster of several: a single server has no quorum to keep and restarts as it
     * always did (its restart is the outage), clients hold no raft state.
     */
    @Override
    public boolean rolls(Map<String, Object> hostVars) {
        boolean server = "true".equals(String.valueOf(hostVars.get("consul_server")));
        int servers;
        try {
            servers = Integer.parseInt(String.valueOf(hostVars.get("consul_bootstrap_expect")));
        } catch (NumberFormatException e) {
            servers = 1;
        }
        return server && servers > 1;
    }

    /** Two servers down at once may be two of three: never more than one. */
    @Override
    public int serial(int requested) {
        return 1;
    }

    @Override
    public boolean goesLast(RollHost h) {
        Optional<ConsulServerHealth> health = health(h).health();
        return health.flatMap(ConsulServerHealth::leader).map(h.name()::equals).orElse(false);
    }

    /** A server whose own agent is down serves no one: restarting it cannot cost the quorum anything. */
    @Override
    public void drain(RollHost h) {
        h.progress("waiting until the other Consul servers are a quorum of healthy voters without " + h.name());
        boolean ready = await(h, quorumWait, hh -> hh.whyNotRestart(h.name()),
                "restarting " + h.name() + " would leave the Consul servers without a quorum", true);
        if (!ready) h.progress("Consul's agent on " + h.name() + " does not answer: restarting it costs the others nothing");
    }

    @Override
    public void restore(RollHost h) {
        h.progress("restarted; waiting until a leader is elected and " + h.name() + " is a healthy voter again");
        await(h, backWait, hh -> hh.whyNotBack(h.name()), h.name() + " is not back in the Consul cluster", false);
    }

    /**
     * Polls the health until {@code why} says nothing is missing (true); else fails after
     * {@code limit} with the last reason. With {@code doneIfDown}, an agent that does not listen
     * at all ends the wait at once (false).
     */
    private static boolean await(RollHost h, Duration limit, java.util.function.Function<ConsulServerHealth, Optional<String>> why,
            String failure, boolean doneIfDown) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last;
        while (true) {
            Answer a = health(h);
            if (doneIfDown && a.agentDown()) return false;
            last = a.health().map(why).orElse(Optional.of(a.problem())).orElse(null);
            if (last == null) return true;
            if (System.nanoTime() > deadline) {
                throw ProvisionException.failed(failure + " after " + limit.toSeconds() + " s: " + last);
            }
            h.sleep(POLL);
        }
    }

    /** The autopilot health, or why there is none (the agent down, no leader: HTTP 500). */
    record Answer(Optional<ConsulServerHealth> health, String problem, boolean agentDown) {
        Answer(Optional<ConsulServerHealth> health, String problem) {
            this(health, problem, false);
        }
    }

    static Answer health(RollHost h) {
        int port = Integer.parseInt(String.valueOf(h.vars().getOrDefault("consul_http_port", 8500)));
        ExecResult r = h.run(LoopbackHttp.command(port, HEALTH));
        if (r.exitStatus() == 7) return new Answer(Optional.empty(), "nothing listens on 127.0.0.1:" + port + " on " + h.name(), true);
        HttpAnswer a = r.stdout().isEmpty() ? HttpAnswer.failed("no answer (exit " + r.exitStatus() + "): " + r.errorText())
                : HttpAnswer.parse(r.stdout());
        // 429 carries the same body as 200: the cluster is unhealthy, which is what is being waited out.
        if (a.status() != 200 && a.status() != 429) {
            return new Answer(Optional.empty(), "Consul's " + HEALTH + " on " + h.name() + " answered " + a.describe()
                    + (a.body().isBlank() ? "" : ": " + a.body().strip()));
        }
        try {
            return new Answer(Optional.of(ConsulServerHealth.parse(a.body())), "");
        } catch (IllegalArgumentException e) {
            return new Answer(Optional.empty(), "cannot read " + HEALTH + " on " + h.name() + ": " + e.getMessage());
        }
    }
}
