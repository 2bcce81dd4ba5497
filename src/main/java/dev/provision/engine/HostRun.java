package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.UnreachableException;
import dev.provision.facts.FactCache;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FactScript;
import dev.provision.facts.Os;
import dev.provision.inventory.Host;
import dev.provision.ops.Action;
import dev.provision.ops.Effect;
import dev.provision.ops.HostContext;
import dev.provision.ops.Plan;
import dev.provision.playbook.CompiledStep;
import dev.provision.playbook.StepTimeout;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.ExecResult;
import dev.provision.transport.HeldCommand;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One host's play: connect; one command reads the OS and the facts its steps will most likely
 * need; compile the plan for that OS; then each step in order (facts it needs that an earlier
 * change made stale are read again; plan; in check mode print, else apply), then the notified
 * handlers once each. The
 * first failing step stops this host (handlers do not run: a change that failed validation
 * must not be restarted into); other hosts are not affected.
 */
final class HostRun implements HostContext {
    /** Long steps print how long they have been running this often. */
    static final long PROGRESS_SECONDS = 15;

    private final Host host;
    private final ConnectorFactory factory;
    private final UpOptions options;
    private final RunEvents events;
    private final HostPlanner planner;
    private final ScheduledExecutorService ticker;
    private Connector connector;
    /** This run's hold on the host's lock, released before the connection closes; null in check mode. */
    private final HeldCommand lock;
    /** Known once the first command answered. */
    private Os os;
    private FactCache facts;
    private boolean daemonReloadPending;
    /** Handlers noted on the host as owed (see {@link FactScript#NOTIFIED_DIR}) in this run. */
    private final java.util.Set<String> owed = new java.util.HashSet<>();
    /** unit -> index of the step that last (re)started it. */
    private final Map<String, Integer> startedAt = new HashMap<>();
    private int stepIndex;
    /** The running step's timeout and when it runs out (System.nanoTime()); every command it runs shares it. */
    private Duration stepTimeout = RemoteCommand.DEFAULT_TIMEOUT;
    private long stepDeadline = Long.MAX_VALUE;
    /** While a handler runs: the index of the last step that notified it; else -1. */
    private int notifiedAt = -1;
    /** False when the caller runs more plays over the same connection and lock (down's phases) and closes them itself. */
    private boolean closeAtEnd = true;
    /** Rolled handler name -> its gate across the run's hosts (see {@link RollGate}). */
    private final Map<String, RollGate> gates;
    /** Seconds out of rotation of the rolled handler that just ran; null when it did not roll. */
    private Double outOfRotation;

    HostRun(Host host, ConnectorFactory factory, UpOptions options, RunEvents events,
            HostPlanner planner, ScheduledExecutorService ticker) {
        this(host, factory, null, null, options, events, planner, ticker, Map.of());
    }

    /** With the connection already open and the host's lock taken, no rolled handlers (down's plays). */
    HostRun(Host host, ConnectorFactory factory, Connector opened, HeldCommand lock, UpOptions options,
            RunEvents events, HostPlanner planner, ScheduledExecutorService ticker) {
        this(host, factory, opened, lock, options, events, planner, ticker, Map.of());
    }

    /** With the connection already open and the host's lock taken (see {@link HostLock}). */
    HostRun(Host host, ConnectorFactory factory, Connector opened, HeldCommand lock, UpOptions options,
            RunEvents events, HostPlanner planner, ScheduledExecutorService ticker, Map<String, RollGate> gates) {
        this.gates = gates;
        this.connector = opened;
        this.lock = lock;
        this.host = host;
        this.factory = factory;
        this.options = options;
        this.events = events;
        this.planner = planner;
        this.ticker = ticker;
    }

    /** Leaves the connection and the lock open at the end: the caller closes them. */
    HostRun keepingConnection() {
        closeAtEnd = false;
        return this;
    }

    HostResult run() {
        long t0 = System.nanoTime();
        List<StepResult> results = new ArrayList<>();
        try {
            if (connector == null) connector = factory.open(host);
        } catch (ProvisionException e) {
            events.hostUnreachable(host.name(), e.getMessage());
            return new HostResult(host.name(), true, e.getMessage(), results, secondsSince(t0));
        }
        try {
            long c1 = System.nanoTime();
            // The OS and the facts its plan will most likely read, in one command: one round trip.
            FactRequest likely = new FactRequest()
                    .addAll(planner.likelyFacts(Os.Family.DEBIAN)).addAll(planner.likelyFacts(Os.Family.RHEL));
            ExecResult fr = connector.run(RemoteCommand.shell(FactScript.buildDetecting(
                    planner.likelyFacts(Os.Family.DEBIAN), planner.likelyFacts(Os.Family.RHEL))).asRoot());
            if (!fr.ok()) throw ProvisionException.failed("gathering facts failed: " + fr.errorText());
            os = Os.parse(FactScript.osRelease(fr.stdout())).supported();
            HostPlan plan = planner.compileFor(os);
            facts = new FactCache(FactScript.parse(fr.stdout(), likely, os), likely);
            events.factsGathered(host.name(), Duration.ofNanos(c1 - t0), Duration.ofNanos(System.nanoTime() - c1),
                    os.id() + " " + os.versionId());

            Map<String, Integer> notified = new HashMap<>();
            // Left by a run that ended between a change and its handler: that handler still owes a run.
            var pending = FactScript.notified(fr.stdout());
            for (String h : plan.handlers().keySet()) {
                if (pending.contains(FactScript.notifiedFile(h))) notified.put(h, -1);
            }
            // That run may have died after writing a unit file and before systemd read it again:
            // the unit file is 'ok' now, so only this tells the owed restart to daemon-reload first.
            if (!notified.isEmpty()) daemonReloadPending = true;
            boolean failed = false;
            for (CompiledStep step : plan.steps()) {
                StepResult r = runStep(step.name(), step, plan, null);
                stepIndex++;
                results.add(r);
                events.stepFinished(host.name(), r);
                if (r.status() == StepResult.Status.FAILED) {
                    failed = true;
                    skipFrom(plan.steps(), stepIndex);
                    break;
                }
                if (r.status() == StepResult.Status.CHANGED) {
                    for (String h : step.notifies()) notified.put(h, stepIndex - 1);
                }
            }
            if (!failed) {
                // Handlers in the order they are defined, each once, after every step passed.
                for (var h : plan.handlers().entrySet()) {
                    if (!notified.containsKey(h.getKey())) continue;
                    notifiedAt = notified.get(h.getKey());
                    StepResult r = runStep("handler: " + h.getKey(), h.getValue(), plan, h.getKey());
                    stepIndex++;
                    results.add(r);
                    events.handlerRan(host.name(), r);
                    if (r.status() == StepResult.Status.FAILED) break;
                    if (!options.check()) forgetNotified(h.getKey());
                }
            }
            return new HostResult(host.name(), false, null, results, secondsSince(t0));
        } catch (ProvisionException e) {
            boolean lost = e instanceof UnreachableException;
            if (lost) events.hostUnreachable(host.name(), e.getMessage());
            else events.hostFailed(host.name(), e.getMessage());
            if (!lost) results.add(new StepResult("gather facts", StepResult.Status.FAILED, secondsSince(t0), e.getMessage()));
            return new HostResult(host.name(), lost, e.getMessage(), results, secondsSince(t0));
        } finally {
            // Every gate this host did not enter: the others need not wait for it.
            gates.values().forEach(g -> g.decline(host.name()));
            if (closeAtEnd) close();
        }
    }

    private void close() {
        try {
            if (lock != null) lock.close();
        } catch (RuntimeException ignored) {
            // the connection is closing anyway, and with it the lock
        }
        try {
            connector.close();
        } catch (RuntimeException ignored) {
            // closing a broken connection: nothing left to do
        }
    }

    /** Tells the listeners of the steps a failure left out: those from index {@code from} on. */
    private void skipFrom(List<CompiledStep> steps, int from) {
        for (CompiledStep s : steps.subList(Math.min(from, steps.size()), steps.size())) {
            events.stepSkipped(host.name(), s.name(), "an earlier step failed");
        }
    }

    /**
     * The step's facts, current: when it needs one that an earlier change made stale (or that
     * no one asked for yet: a step for this exact OS), every such fact the rest of the play
     * needs is read in one command. A run that changes nothing never gets here.
     */
    private void refreshFacts(CompiledStep step, HostPlan plan) {
        var mine = new FactRequest();
        step.op().request(mine);
        if (facts.toRead(mine).isEmpty()) return;
        FactRequest read = facts.toRead(plan.request(stepIndex).addAll(mine));
        ExecResult r = run(RemoteCommand.shell(FactScript.build(read, os.family())).asRoot());
        if (!r.ok()) throw ProvisionException.failed("reading facts again after a change failed: " + r.errorText());
        facts.refresh(FactScript.parse(r.stdout(), read, os), read);
    }

    /** @param handler the handler's name when the step is one (it may roll), else null */
    private StepResult runStep(String name, CompiledStep step, HostPlan hostPlan, String handler) {
        long t0 = System.nanoTime();
        outOfRotation = null;
        stepTimeout = step.timeout();
        stepDeadline = t0 + step.timeout().toNanos();
        ScheduledFuture<?> tick = ticker.scheduleAtFixedRate(
                () -> events.stepRunning(host.name(), name, Math.round(secondsSince(t0))),
                PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
        try {
            refreshFacts(step, hostPlan);
            Plan plan = step.op().plan(facts.facts(), this);
            if (!plan.changes()) return new StepResult(name, StepResult.Status.OK, secondsSince(t0), "");
            if (options.diff() && plan.fileChange().isPresent()) showDiff(name, plan.fileChange().get());
            if (options.check()) {
                events.stepWouldRun(host.name(), name, plan.actions().stream().map(Action::describe).toList());
            } else {
                if (!step.notifies().isEmpty()) rememberNotified(step.notifies());
                HostPlan.Rolled rolled = handler == null ? null : hostPlan.rolls().get(handler);
                RollGate gate = handler == null ? null : gates.get(handler);
                if (rolled != null && gate != null) {
                    rolled(name, step, rolled, gate, () -> applyAll(plan));
                } else {
                    applyAll(plan);
                }
            }
            track(plan);
            String summary = outOfRotation == null ? plan.summary()
                    : plan.summary() + String.format(java.util.Locale.ROOT, "; rolled: out of rotation %.1f s", outOfRotation);
            return new StepResult(name, StepResult.Status.CHANGED, secondsSince(t0), summary, outOfRotation);
        } catch (ProvisionException e) {
            if (e instanceof UnreachableException) {
                // Which step the host was on when it went: where the next run picks up.
                throw ProvisionException.unreachable("lost during step '" + name + "': " + e.getMessage(), e);
            }
            String why = e.getMessage();
            if (System.nanoTime() >= stepDeadline) {
                why += " (the step's timeout is " + StepTimeout.show(step.timeout()) + ": to allow longer, give the step "
                        + "'timeout:' at " + step.location() + ")";
            }
            return new StepResult(name, StepResult.Status.FAILED, secondsSince(t0), why, outOfRotation);
        } catch (RuntimeException e) {
            return new StepResult(name, StepResult.Status.FAILED, secondsSince(t0), e.toString());
        } finally {
            tick.cancel(false);
            stepDeadline = Long.MAX_VALUE;
        }
    }

    private void applyAll(Plan plan) {
        for (Action a : plan.actions()) {
            apply(a);
            facts.touched(a.touches());
        }
    }

    /**
     * A rolled handler's restart: its turn at the gate (not counted in the step's timeout),
     * the host out of service, the restart, back in service. Any failure stops the roll; the
     * strategy undoes its drain.
     */
    private void rolled(String name, CompiledStep step, HostPlan.Rolled rolled, RollGate gate, Runnable restart) {
        RollStrategy strategy = RollStrategies.of(rolled.kind());
        RollHost rh = rollHost(name, rolled);
        boolean last = strategy.goesLast(rh);
        events.rollProgress(host.name(), name, "waiting for its turn" + (last ? " (goes last)" : ""));
        try {
            gate.enter(host.name(), last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while waiting for its turn to roll");
        }
        stepDeadline = System.nanoTime() + step.timeout().toNanos();
        long out = System.nanoTime();
        boolean ok = false;
        try {
            strategy.drain(rh);
            restart.run();
            strategy.restore(rh);
            ok = true;
        } catch (RuntimeException e) {
            strategy.abandon(rh);
            throw e;
        } finally {
            outOfRotation = secondsSince(out);
            gate.leave(host.name(), ok);
        }
    }

    private RollHost rollHost(String step, HostPlan.Rolled rolled) {
        return new RollHost() {
            @Override
            public String name() {
                return host.name();
            }

            @Override
            public Map<String, Object> vars() {
                return rolled.vars();
            }

            @Override
            public ExecResult run(RemoteCommand command) {
                return HostRun.this.run(command);
            }

            @Override
            public void sleep(Duration d) {
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ProvisionException.failed("interrupted while rolling");
                }
            }

            @Override
            public void progress(String text) {
                events.rollProgress(host.name(), step, text);
            }
        };
    }

    /** Before a change: its handlers are owed, even if this run dies before they run. */
    private void rememberNotified(List<String> handlers) {
        List<String> fresh = handlers.stream().filter(h -> !owed.contains(h)).toList();
        if (fresh.isEmpty()) return;
        var sb = new StringBuilder("mkdir -p " + FactScript.NOTIFIED_DIR + " && touch");
        for (String h : fresh) sb.append(' ').append(Shell.quote(FactScript.NOTIFIED_DIR + "/" + FactScript.notifiedFile(h)));
        ExecResult r = run(RemoteCommand.shell(sb.toString()).asRoot());
        if (!r.ok()) throw ProvisionException.failed("cannot note the handlers this change owes: " + r.errorText());
        owed.addAll(fresh);
    }

    private void forgetNotified(String handler) {
        owed.remove(handler);
        run(RemoteCommand.of("rm", "-f", FactScript.NOTIFIED_DIR + "/" + FactScript.notifiedFile(handler)).asRoot());
    }

    private void track(Plan plan) {
        for (Effect e : plan.effects()) {
            if (e instanceof Effect.UnitFileChanged) daemonReloadPending = true;
            if (e instanceof Effect.DaemonReloaded) daemonReloadPending = false;
            if (e instanceof Effect.Started started) startedAt.put(started.unit(), stepIndex);
        }
    }

    /**
     * Runs a command of the current step with what is left of the step's timeout (its own
     * limit when no step runs): a step that declares 30m may spend them on one build command.
     */
    private ExecResult run(RemoteCommand command) {
        if (stepDeadline == Long.MAX_VALUE) return connector.run(command);
        long left = stepDeadline - System.nanoTime();
        if (left <= 0) {
            throw ProvisionException.failed("the step used up its timeout of " + StepTimeout.show(stepTimeout)
                    + " before: " + command);
        }
        return connector.run(command.withTimeout(Duration.ofNanos(left)));
    }

    private void showDiff(String step, Plan.FileChange change) {
        String before = null;
        ExecResult r = run(RemoteCommand.shell("cat " + Shell.quote(change.path()) + " 2>/dev/null").asRoot());
        if (r.ok()) before = r.stdout();
        // The old file may hold secrets this run does not know: the events learn them before passing it on.
        events.stepDiff(host.name(), step, change.path(), before, change.after());
    }

    private void apply(Action a) {
        if (a instanceof Action.Exec x) {
            ExecResult r = run(x.command());
            if (!r.ok()) throw ProvisionException.failed("exit " + r.exitStatus() + ": " + tail(r.errorText()));
        } else if (a instanceof Action.Upload u) {
            upload(u);
        }
    }

    private void upload(Action.Upload u) {
        String target = u.validate() == null ? u.path() : u.path() + ".provision-new";
        if (u.content() != null) connector.putFile(target, u.content(), u.attrs());
        else connector.putFile(target, u.localFile(), u.attrs());
        if (u.validate() == null) return;
        String q = Shell.quote(target);
        ExecResult v = run(RemoteCommand.shell(u.validate().replace("%s", q)).asRoot());
        if (!v.ok()) {
            run(RemoteCommand.of("rm", "-f", target).asRoot());
            throw ProvisionException.failed("validation refused the new " + u.path() + " (the old one is kept): "
                    + tail(v.errorText()));
        }
        ExecResult mv = run(RemoteCommand.of("mv", "-f", target, u.path()).asRoot());
        if (!mv.ok()) throw ProvisionException.failed("cannot move " + target + " into place: " + mv.errorText());
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 12);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public boolean daemonReloadPending() {
        return daemonReloadPending;
    }

    @Override
    public boolean startedInThisPlay(String unit) {
        // Started after the change that notified the running handler: it already runs the new files.
        return startedAt.getOrDefault(unit, -2) > notifiedAt;
    }

    @Override
    public ExecResult probe(RemoteCommand command) {
        return run(command);
    }
}
