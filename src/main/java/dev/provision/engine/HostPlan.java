package dev.provision.engine;

import dev.provision.facts.FactRequest;
import dev.provision.playbook.CompiledStep;
import java.util.List;
import java.util.Map;

/** A host's steps and the handlers they may notify, compiled for one OS. */
record HostPlan(List<CompiledStep> steps, Map<String, CompiledStep> handlers) {

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
