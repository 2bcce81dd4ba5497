package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.artifacts.ArtifactSpec;
import dev.provision.artifacts.ArtifactStore;
import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.deployment.Deployment;
import dev.provision.deployment.PortClashes;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.parallel.Forks;
import dev.provision.playbook.Location;
import dev.provision.playbook.Playbook;
import dev.provision.playbook.StepCompiler;
import dev.provision.playbook.Templates;
import dev.provision.transport.ConnectorFactory;
import dev.provision.secret.EnvironmentSecrets;
import dev.provision.secret.SecretMasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code provision up}: everything that can be wrong with the input (playbooks, templates,
 * variables, artifacts and their checksums) is found before any host is contacted; then the
 * hosts run in parallel ({@code forks} at a time), each its own steps in order.
 */
public final class Engine {
    private final ConnectorFactory factory;
    private final List<RunListener> listeners;

    /** @param listeners what the run is shown through (the console, a JSON summary...) */
    public Engine(ConnectorFactory factory, List<RunListener> listeners) {
        this.factory = factory;
        this.listeners = List.copyOf(listeners);
    }

    /** Loads the deployment from the inventory and {@code options.playbooks()}, then runs it (tests). */
    public RunSummary up(Inventory inventory, UpOptions options) {
        return up(Deployment.of(inventory, options.playbooks()), options);
    }

    /** Runs every selected host and returns their results, secrets masked. */
    public RunSummary up(Deployment deployment, UpOptions options) {
        long t0 = System.nanoTime();
        Inventory inventory = deployment.inventory();
        Playbook playbook = deployment.playbook();
        List<Host> hosts = select(inventory, options.limit());
        // Every secret from every source, known before anything is printed.
        var secrets = DeploymentSecrets.besideInventory(inventory);
        var masker = SecretMasker.of(secrets.all());
        masker.addAll(EnvironmentSecrets.in(System.getenv()));
        masker.addAll(factory.secrets());
        var gossip = secrets.gossipKey();
        masker.add(gossip);
        for (Host h : hosts) masker.add(secrets.statsPassword(h));
        var events = new RunEvents(masker, listeners);
        events.runStarted(hosts.stream().map(Host::name).toList(), options.check());
        inventory.warnings().forEach(events::warning);
        secrets.store().warnings().forEach(events::warning);

        var templates = new Templates(playbook.templates());
        Map<String, HostPlanner> planners = new LinkedHashMap<>();
        Map<String, ResolvedArtifact> resolved = new HashMap<>();
        Path serviceJar = ServiceJar.defaultPath();
        List<String> clashes = new ArrayList<>();
        for (Host h : hosts) {
            clashes.addAll(PortClashes.on(deployment, h));
        }
        PortClashes.check(clashes);
        BalancerSlots.check(inventory, playbook.defaults());
        for (Host h : hosts) {
            var base = new DeploymentVars(deployment, gossip, secrets::statsPassword, Map.of(), serviceJar);
            Map<String, ResolvedArtifact> arts = resolveArtifacts(playbook, base.basic(h), inventory, options, resolved);
            var vars = new DeploymentVars(deployment, gossip, secrets::statsPassword, arts, serviceJar);
            // Compiled for every supported OS now: a missing variable or a bad port fails here, exit 2.
            planners.put(h.name(), HostPlanner.validated(playbook, new StepCompiler(templates, arts), vars, h));
        }
        factory.checkLocalFiles(hosts);

        Map<String, RollGate> gates = gates(planners, options.serial());
        events.inputsChecked(Duration.ofNanos(System.nanoTime() - t0));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        try {
            // Every host's lock before any host changes: a run that finds one busy changes nothing.
            Locks locks = options.check() ? Locks.NONE : Locks.take(hosts, factory, options, events);
            if (locks.anyBusy()) {
                List<HostResult> refused = locks.refusal(hosts);
                for (HostResult r : refused) if (r.busy() && r.error().startsWith("another run")) events.hostFailed(r.host(), r.error());
                events.warning("nothing was changed on any host: another run holds a host's lock (waited "
                        + options.lockWait().toSeconds() + " s; --lock-wait waits longer). Run again when it has finished.");
                return events.runFinished(new RunSummary(refused, (System.nanoTime() - t0) / 1e9, false));
            }
            // Hosts beyond --forks wait for a slot: a host that goes last must not wait for them.
            if (options.forks() < hosts.size()) {
                var names = hosts.stream().map(Host::name).collect(java.util.stream.Collectors.toSet());
                gates.values().forEach(g -> g.queued(names));
            }
            List<HostResult> results = Forks.map(hosts, options.forks(), h -> {
                gates.values().forEach(g -> g.started(h.name()));
                try {
                    return runHost(h, locks, options, events, planners, ticker, gates);
                } finally {
                    // However the host ended (unreachable, refused, internal error): a host that goes last must not wait for it.
                    gates.values().forEach(g -> g.decline(h.name()));
                }
            }, (h, e) -> {
                String msg = String.valueOf(e);
                var r = new HostResult(h.name(), false, msg,
                        List.of(new StepResult("internal error", StepResult.Status.FAILED, 0, msg)), 0);
                events.hostFinished(r);
                return r;
            });
            return events.runFinished(new RunSummary(results, (System.nanoTime() - t0) / 1e9, options.check()));
        } finally {
            ticker.shutdownNow();
        }
    }

    private HostResult runHost(Host h, Locks locks, UpOptions options, RunEvents events, Map<String, HostPlanner> planners,
            ScheduledExecutorService ticker, Map<String, RollGate> gates) {
        HostResult early = locks.early(h.name());
        if (early != null) {
            events.hostFinished(early);
            return early;
        }
        events.hostStarted(h.name());
        HostResult r = new HostRun(h, factory, locks.connector(h.name()), locks.lock(h.name()), options, events,
                planners.get(h.name()), ticker, gates).run();
        events.hostFinished(r);
        return r;
    }

    /**
     * One gate per rolled handler ({@code roll:}), whose participants are the run's hosts that
     * may run it: they restart it {@code serial} at a time.
     */
    static Map<String, RollGate> gates(Map<String, HostPlanner> planners, int serial) {
        Map<String, java.util.Set<String>> participants = new LinkedHashMap<>();
        Map<String, dev.provision.playbook.RollKind> kinds = new HashMap<>();
        planners.forEach((host, p) -> p.rolledHandlers().forEach((h, kind) -> {
            participants.computeIfAbsent(h, k -> new java.util.LinkedHashSet<>()).add(host);
            kinds.put(h, kind);
        }));
        Map<String, RollGate> gates = new LinkedHashMap<>();
        participants.forEach((h, hosts) -> gates.put(h,
                new RollGate(h, RollStrategies.of(kinds.get(h)).serial(serial), hosts)));
        return Map.copyOf(gates);
    }

    /**
     * The hosts {@code --limit} names (every host without the option). An empty limit, or an
     * empty name in it, is refused rather than read as "all" or "none": a script that builds
     * the option from an empty variable must not run everywhere, or silently nowhere.
     */
    static List<Host> select(Inventory inventory, String limit) {
        if (limit == null) return inventory.hosts();
        if (limit.isBlank()) {
            throw ProvisionException.invalidInput("--limit is empty: name one or more hosts or groups, comma-separated "
                    + "(leave the option out to run on every host)");
        }
        List<Host> out = new ArrayList<>();
        for (String part : limit.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw ProvisionException.invalidInput("--limit '" + limit + "': an empty name between commas "
                        + "(or a comma at either end); name hosts or groups separated by single commas");
            }
            var byName = inventory.host(p);
            List<Host> matched = byName.map(List::of).orElseGet(() -> inventory.hostsIn(p));
            if (matched.isEmpty()) {
                throw ProvisionException.invalidInput("--limit " + p + ": no host or group of that name in "
                        + inventory.source() + " (groups: " + String.join(", ", inventory.groups().keySet()) + ")");
            }
            for (Host h : matched) if (!out.contains(h)) out.add(h);
        }
        return out;
    }

    /** Every artifact of the playbook, rendered with the host's variables, found and verified (once each). */
    private static Map<String, ResolvedArtifact> resolveArtifacts(Playbook playbook, Map<String, Object> vars,
            Inventory inventory, UpOptions options, Map<String, ResolvedArtifact> cache) {
        Path dir = options.artifactsDir();
        if (dir == null && vars.get("artifacts_dir") != null && !String.valueOf(vars.get("artifacts_dir")).isBlank()) {
            dir = inventory.source().toAbsolutePath().getParent().resolve(String.valueOf(vars.get("artifacts_dir")));
        }
        Map<String, ResolvedArtifact> out = new LinkedHashMap<>();
        Location where = new Location(playbook.dir().resolve("defaults.yaml"), 0);
        java.util.Set<String> used = usedArtifacts(playbook, inventory);
        for (var e : playbook.artifacts().entrySet()) {
            if (!used.contains(e.getKey())) continue;
            Map<String, Object> a = e.getValue();
            var spec = new ArtifactSpec(e.getKey(),
                    Templates.renderString(String.valueOf(a.get("file")), vars, where, "artifacts." + e.getKey() + ".file"),
                    Templates.renderString(String.valueOf(a.get("sums")), vars, where, "artifacts." + e.getKey() + ".sums"),
                    Templates.renderString(String.valueOf(a.get("url")), vars, where, "artifacts." + e.getKey() + ".url"),
                    a.get("extract") == null ? null
                            : Templates.renderString(String.valueOf(a.get("extract")), vars, where, "artifacts." + e.getKey() + ".extract"));
            final Path d = dir;
            String key = d + "|" + spec;
            out.put(e.getKey(), cache.computeIfAbsent(key, k -> new ArtifactStore(d, ArtifactStore.defaultCache()).resolve(spec)));
        }
        return out;
    }

    /**
     * The artifacts some step uses ({@code artifact: NAME}) in a play that has hosts in the
     * inventory, the whole inventory (so {@code --limit} sees the same variables): an inventory
     * without brokers needs no NATS release, one without a balancer no HAProxy source.
     */
    static java.util.Set<String> usedArtifacts(Playbook playbook, Inventory inventory) {
        var used = new java.util.LinkedHashSet<String>();
        for (var play : playbook.plays()) {
            if (inventory.hosts().stream().noneMatch(h -> play.appliesTo(h.groups()))) continue;
            for (var step : play.steps()) {
                Object a = step.args().get("artifact");
                if (a != null) used.add(String.valueOf(a));
            }
        }
        return used;
    }
}
