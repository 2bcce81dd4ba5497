package dev.provision.engine;

import dev.provision.facts.FactRequest;
import dev.provision.playbook.CompiledStep;
import dev.provision.playbook.RollKind;
import java.util.List;
import java.util.Map;

/**
 * A host's steps and the handlers they may notify, compiled for one OS.
 *
 * @param rolls handler name -> how it rolls across hosts, for the handlers with {@code roll:}
 */
record HostPlan(List<CompiledStep> steps, Map<String, CompiledStep> handlers, Map<String, Rolled> rolls) {

    /** A rolled handler on this host: its kind and the variables it ran with (the item's, in a loop). */
    record Rolled(RollKind kind, Map<String, Object> vars) {}

    HostPlan(List<CompiledStep> steps, Map<String, CompiledStep> handlers) {
        this(steps, handlers, Map.of());
    }

    /** The facts every step from {@code fromStep} on, and every handler, compares against. */
    FactRequest request(int fromStep) {
        var request = new FactRequest();
        steps.subList(Math.min(fromStep, steps.size()), steps.size()).forEach(s -> s.op().request(request));
        handlers.values().forEach(s -> s.op().request(request));
        return request;
    }

    /** The facts of the whole plan. */
    FactRequest request() {
        return request(0);
    }
}
