package dev.provision.playbook;

import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.facts.Os;
import dev.provision.ops.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link StepSpec} into an operation for one host: the step's arguments checked against
 * its {@link Operation}'s declaration (the same way for every operation), then read by type with
 * variables rendered and per-family values ({@code {debian: ..., rhel: ...}}) chosen. Errors name
 * the playbook file, line and argument (exit 2).
 */
public final class StepCompiler {
    /** Keys of the step itself, sometimes written inside the operation by mistake. */
    private static final Set<String> STEP_KEYS = Set.of("name", "notify", "when", "timeout");

    private final Templates templates;
    private final Map<String, ResolvedArtifact> artifacts;

    public StepCompiler(Templates templates, Map<String, ResolvedArtifact> artifacts) {
        this.templates = templates;
        this.artifacts = artifacts;
    }

    /** The host's steps, play by play, skipping plays for other groups and steps whose {@code when} is false. */
    public List<CompiledStep> compile(Playbook playbook, List<String> hostGroups, Map<String, Object> vars,
            Os.Family family, int sshPort) {
        List<CompiledStep> out = new ArrayList<>();
        for (Play play : playbook.plays()) {
            if (!play.appliesTo(hostGroups)) continue;
            if (play.loop() == null) {
                compileSteps(playbook, play, vars, "", family, hostGroups, sshPort, out);
                continue;
            }
            for (Map<String, Object> item : items(play, vars)) {
                compileSteps(playbook, play, withItem(vars, item), " [" + item.get(ITEM_NAME) + "]", family, hostGroups, sshPort, out);
            }
        }
        return out;
    }

    /** The variable naming a loop item: its steps are "STEP [name]", its handlers "HANDLER [name]". */
    public static final String ITEM_NAME = "loop_item";

    /**
     * A looping play's step notifies its own play's handlers per item ("restart service [orders]":
     * run with that item's variables); a handler of another play ("reload consul") once for all.
     */
    private void compileSteps(Playbook playbook, Play play, Map<String, Object> vars, String suffix, Os.Family family,
            List<String> hostGroups, int sshPort, List<CompiledStep> out) {
        for (StepSpec s : play.steps()) {
            if (!Condition.holds(s.when(), vars, s.at("when"))) continue;
            List<String> notifies = s.notifies().stream().map(n -> {
                StepSpec h = playbook.handlers().get(n);
                boolean own = h != null && h.location().file().equals(play.location().file());
                return own ? n + suffix : n;
            }).toList();
            out.add(new CompiledStep(s.name() + suffix, op(s, vars, family, hostGroups, sshPort), notifies, s.timeout(), s.location()));
        }
    }

    /** A looping play's items for this host: maps of variables, each with a {@link #ITEM_NAME}. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> items(Play play, Map<String, Object> vars) {
        Object list = vars.get(play.loop());
        if (list == null) throw new PlaybookException(play.location(), "loop", "no such variable '" + play.loop() + "'");
        if (!(list instanceof List<?> l)) throw new PlaybookException(play.location(), "loop", "'" + play.loop() + "' is not a list");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m) || !m.containsKey(ITEM_NAME)) {
                throw new PlaybookException(play.location(), "loop", "'" + play.loop() + "' holds an item without " + ITEM_NAME);
            }
            out.add((Map<String, Object>) m);
        }
        return out;
    }

    /** The host's variables with an item's over them. */
    public static Map<String, Object> withItem(Map<String, Object> vars, Map<String, Object> item) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.putAll(item);
        return v;
    }

    public Op op(StepSpec s, Map<String, Object> vars, Os.Family family, List<String> hostGroups, int sshPort) {
        Operation op = operation(s);
        return op.build().apply(new OpArgs(s, op, checkedArgs(s, op), vars, family, hostGroups, sshPort, templates, artifacts));
    }

    /**
     * Checks a step's arguments against its operation's declaration, without any variable: an
     * unknown operation or argument, or a missing required one, is refused with its line.
     */
    public static void check(StepSpec s) {
        checkedArgs(s, operation(s));
    }

    private static Operation operation(StepSpec s) {
        return Operations.find(s.kind()).orElseThrow(() -> new PlaybookException(s.location(), s.kind(), "unknown operation"));
    }

    /** The step's arguments by declared name (a bare value under the operation's shorthand argument). */
    private static Map<String, Object> checkedArgs(StepSpec s, Operation op) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : s.args().entrySet()) {
            String k = e.getKey();
            if (k.equals("_")) {
                if (op.shorthand() == null) {
                    throw new PlaybookException(s.at("_"), s.kind(), "expected its arguments by name (" + op.argNames() + ")");
                }
                k = op.shorthand();
            } else if (op.arg(k).isEmpty()) {
                if (STEP_KEYS.contains(k)) {
                    throw new PlaybookException(s.at(k), k, "a step's " + k + " is written beside its name, not inside the operation");
                }
                throw new PlaybookException(s.at(k), k, "unknown argument (a " + op.name() + " step takes " + op.argNames() + ")");
            }
            out.put(k, e.getValue());
        }
        for (Operation.Arg a : op.args().values()) {
            if (a.required() && !out.containsKey(a.name())) {
                throw new PlaybookException(s.location(), a.name(), "missing (the " + op.name() + " step needs it)");
            }
        }
        return out;
    }
}
