package dev.provision.engine;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.parallel.Forks;
import dev.provision.playbook.Play;
import dev.provision.playbook.Playbook;
import dev.provision.playbook.StepCompiler;
import dev.provision.playbook.Templates;
import dev.provision.secret.EnvironmentSecrets;
import dev.provision.secret.SecretMasker;
import dev.provision.transport.ConnectorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code provision down}: the teardown plays of {@code playbooks/down/}, each a phase, in
 * file-name order; a phase runs on its hosts in parallel and the next starts when every one of
 * them finished it. So the replicas are drained and stopped while HAProxy and Consul still run,
 * HAProxy goes before the Consul agent it asks, and the Consul servers leave last. Each play
 * is made of the absent states of {@code up}'s operations: check mode, idempotence (a second
 * down changes nothing) and the per-host lock are the engine's, as for {@code up}. A host whose
 * phase failed or was lost skips its later phases; the other hosts go on.
 */
public final class Teardown {
    private final ConnectorFactory factory;
    private final List<RunListener> listeners;

    public Teardown(ConnectorFactory factory, List<RunListener> listeners) {
        this.factory = factory;
        this.listeners = List.copyOf(listeners);
    }

    public RunSummary down(Deployment deployment, UpOptions options) {
        long t0 = System.nanoTime();
        Deployment teardown = deployment.teardown();
        Playbook playbook = teardown.playbook();
        List<Host> hosts = Engine.select(deployment.inventory(), options.limit());
        var secrets = DeploymentSecrets.besideInventory(deployment.inventory());
        var masker = SecretMasker.of(secrets.all());
        masker.addAll(EnvironmentSecrets.in(System.getenv()));
        masker.addAll(factory.secrets());
        var gossip = secrets.gossipKey();
        masker.add(gossip);
        for (Host h : hosts) masker.add(secrets.statsPassword(h));
        var events = new RunEvents(masker, listeners);
        events.runStarted(hosts.stream().map(Host::name).toList(), options.check());
        deployment.inventory().warnings().forEach(events::warning);

        // Every phase compiled for every host and OS before any host is contacted (exit 2 on a mistake).
        var templates = new Templates(playbook.templates());
        var compiler = new StepCompiler(templates, Map.of());
        var vars = new DeploymentVars(teardown, gossip, secrets::statsPassword, Map.of(), ServiceJar.defaultPath());
        List<Phase> phases = new ArrayList<>();
        for (Play play : playbook.plays()) {
            Playbook one = new Playbook(playbook.dir(), playbook.defaults(), playbook.artifacts(), List.of(play),
                    playbook.handlers(), playbook.templates());
            Map<String, HostPlanner> planners = new LinkedHashMap<>();
            for (Host h : hosts) {
                HostPlanner p = HostPlanner.validated(one, compiler, vars, h);
                if (!p.isEmpty()) planners.put(h.name(), p);
            }
            phases.add(new Phase(play.name(), planners));
        }
        factory.checkLocalFiles(hosts);
        events.inputsChecked(Duration.ofNanos(System.nanoTime() - t0));

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        Locks locks = options.check() ? Locks.NONE : Locks.take(hosts, factory, options, events, "down");
        try {
            if (locks.anyBusy()) {
                List<HostResult> refused = locks.refusal(hosts);
                for (HostResult r : refused) if (r.busy() && r.error().startsWith("another run")) events.hostFailed(r.host(), r.error());
                events.warning("nothing was changed on any host: another run holds a host's lock (waited "
                        + options.lockWait().toSeconds() + " s; --lock-wait waits longer). Run again when it has finished.");
                return events.runFinished(new RunSummary(refused, (System.nanoTime() - t0) / 1e9, false));
            }
            Map<String, Merged> merged = new LinkedHashMap<>();
            for (Host h : hosts) {
                HostResult early = locks.early(h.name());
                merged.put(h.name(), new Merged(h.name(), early));
                if (early != null) events.hostFinished(early);
            }
            for (Phase phase : phases) {
                List<Host> on = hosts.stream()
                        .filter(h -> phase.planners().containsKey(h.name()) && !merged.get(h.name()).stopped()).toList();
                if (on.isEmpty()) continue;
                events.phaseStarted(phase.name(), on.stream().map(Host::name).toList());
                List<HostResult> results = Forks.map(on, options.forks(), h -> {
                    var run = new HostRun(h, factory, locks.connector(h.name()), null, options, events,
                            phase.planners().get(h.name()), ticker);
                    // The lock's connection serves every phase; it is closed, and the lock let go, at the end.
                    if (!options.check()) run.keepingConnection();
                    return run.run();
                }, (h, e) -> new HostResult(h.name(), false, String.valueOf(e),
                        List.of(new StepResult("internal error", StepResult.Status.FAILED, 0, String.valueOf(e))), 0));
                for (HostResult r : results) merged.get(r.host()).add(r);
            }
            List<HostResult> out = new ArrayList<>();
            for (Merged m : merged.values()) {
                HostResult r = m.result();
                if (m.early == null) events.hostFinished(r);
                out.add(r);
            }
            return events.runFinished(new RunSummary(out, (System.nanoTime() - t0) / 1e9, options.check()));
        } finally {
            locks.releaseAll();
            ticker.shutdownNow();
        }
    }

    /** One teardown play and the hosts it has steps for. */
    private record Phase(String name, Map<String, HostPlanner> planners) {}

    /** A host's results over the phases it ran, as one. */
    private static final class Merged {
        final String host;
        final HostResult early;
        final List<StepResult> steps = new ArrayList<>();
        final Set<String> errors = new LinkedHashSet<>();
        boolean unreachable;
        double seconds;

        Merged(String host, HostResult early) {
            this.host = host;
            this.early = early;
        }

        void add(HostResult r) {
            steps.addAll(r.steps());
            if (r.error() != null) errors.add(r.error());
            unreachable |= r.unreachable();
            seconds += r.seconds();
        }

        /** Failed or lost: its later phases do not run. */
        boolean stopped() {
            return early != null || unreachable || !errors.isEmpty()
                    || steps.stream().anyMatch(s -> s.status() == StepResult.Status.FAILED);
        }

        HostResult result() {
            if (early != null) return early;
            return new HostResult(host, unreachable, errors.isEmpty() ? null : String.join("; ", errors), List.copyOf(steps), seconds);
        }
    }
}
