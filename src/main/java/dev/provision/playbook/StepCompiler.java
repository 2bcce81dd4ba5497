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
            for (StepSpec s : play.steps()) {
                if (!Condition.holds(s.when(), vars, s.at("when"))) continue;
                out.add(new CompiledStep(s.name(), op(s, vars, family, hostGroups, sshPort), s.notifies(), s.timeout(), s.location()));
            }
        }
        return out;
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
