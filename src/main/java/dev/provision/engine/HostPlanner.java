package dev.provision.engine;

import dev.provision.facts.FactRequest;
import dev.provision.facts.Os;
import dev.provision.inventory.Host;
import dev.provision.playbook.CompiledStep;
import dev.provision.playbook.Playbook;
import dev.provision.playbook.StepCompiler;
import dev.provision.playbook.StepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles one host's plan for its OS. Built with {@link #validated}, which compiles the plan
 * once for each OS provision supports, only to check the input: a missing variable, a bad port
 * or template fails there (exit 2) before any host is contacted, whichever OS the host turns
 * out to run. The facts those plans read are what the host's first command gathers together
 * with its os-release, so that the OS and the facts come back in one round trip; the plan
 * that runs is compiled once, for the OS the host reported.
 */
final class HostPlanner {
    /** One of each kind of host the playbooks must handle: apt; yum (EL7); dnf (EL8+). */
    static final List<Os> SUPPORTED = List.of(Os.of("debian", "12"), Os.of("centos", "7"), Os.of("rocky", "9"));

    private final Playbook playbook;
    private final StepCompiler compiler;
    private final DeploymentVars vars;
    private final Host host;
    private final Map<Os.Family, FactRequest> likelyFacts = new LinkedHashMap<>();
    /** No step for this host on any supported OS. */
    private boolean empty = true;
    /** The rolled handlers this host may run, whichever OS it runs: it takes part in their gates. */
    private final Map<String, dev.provision.playbook.RollKind> rolled = new LinkedHashMap<>();

    private HostPlanner(Playbook playbook, StepCompiler compiler, DeploymentVars vars, Host host) {
        this.playbook = playbook;
        this.compiler = compiler;
        this.vars = vars;
        this.host = host;
    }

    /**
     * A planner whose input compiled for every supported OS.
     *
     * @throws dev.provision.playbook.PlaybookException exit 2, naming file, line and key
     */
    static HostPlanner validated(Playbook playbook, StepCompiler compiler, DeploymentVars vars, Host host) {
        var planner = new HostPlanner(playbook, compiler, vars, host);
        for (Os os : SUPPORTED) {
            HostPlan plan = planner.compileFor(os);
            if (!plan.steps().isEmpty()) planner.empty = false;
            FactRequest request = plan.request();
            plan.rolls().forEach((h, r) -> planner.rolled.put(h, r.kind()));
            planner.likelyFacts.computeIfAbsent(os.family(), f -> new FactRequest()).addAll(request);
        }
        return planner;
    }

    /** True when the plays have no step for this host (a play for other groups, or every step's when false). */
    boolean isEmpty() {
        return empty;
    }

    /** The facts a host of this family will most likely need: those of its family's supported OSes. */
    FactRequest likelyFacts(Os.Family family) {
        return likelyFacts.getOrDefault(family, new FactRequest());
    }

    /** The handlers with {@code roll:} this host may run and roll (for any supported OS), with their kind. */
    Map<String, dev.provision.playbook.RollKind> rolledHandlers() {
        return java.util.Collections.unmodifiableMap(rolled);
    }

    /** The host's steps and the handlers they use, for this OS. */
    HostPlan compileFor(Os os) {
        Map<String, Object> v = vars.forHost(host, os);
        List<CompiledStep> steps = compiler.compile(playbook, host.groups(), v, os.family(), host.port());
        // A looping play's item notifies "HANDLER [item]": that handler, with the item's variables.
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (var play : playbook.plays()) {
            if (play.loop() != null && play.appliesTo(host.groups())) items.addAll(StepCompiler.items(play, v));
        }
        Map<String, CompiledStep> handlers = new LinkedHashMap<>();
        Map<String, HostPlan.Rolled> rolls = new LinkedHashMap<>();
        for (var e : playbook.handlers().entrySet()) {
            StepSpec s = e.getValue();
            if (used(steps, e.getKey())) {
                handlers.put(e.getKey(), new CompiledStep(s.name(), compiler.op(s, v, os.family(), host.groups(), host.port()),
                        List.of(), s.timeout(), s.location()));
                if (rolls(s, v)) rolls.put(e.getKey(), new HostPlan.Rolled(s.roll(), v));
            }
            for (Map<String, Object> item : items) {
                String name = e.getKey() + " [" + item.get(StepCompiler.ITEM_NAME) + "]";
                if (!used(steps, name)) continue;
                handlers.put(name, new CompiledStep(s.name() + " [" + item.get(StepCompiler.ITEM_NAME) + "]",
                        compiler.op(s, StepCompiler.withItem(v, item), os.family(), host.groups(), host.port()),
                        List.of(), s.timeout(), s.location()));
                Map<String, Object> iv = StepCompiler.withItem(v, item);
                if (rolls(s, iv)) rolls.put(name, new HostPlan.Rolled(s.roll(), iv));
            }
        }
        return new HostPlan(steps, handlers, rolls);
    }

    /** A handler with {@code roll:} whose strategy rolls on this host. */
    private static boolean rolls(StepSpec s, Map<String, Object> vars) {
        return s.roll() != null && RollStrategies.of(s.roll()).rolls(vars);
    }

    private static boolean used(List<CompiledStep> steps, String handler) {
        return steps.stream().anyMatch(s -> s.notifies().contains(handler));
    }
}
