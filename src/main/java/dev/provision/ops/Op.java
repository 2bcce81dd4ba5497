package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;

/**
 * One idempotent operation: it names the facts it needs, then compares them with the wanted
 * state and plans commands for the difference only. It never runs anything itself, so check
 * mode is "plan, print, stop".
 */
public interface Op {
    /** Adds the facts this operation compares against. */
    void request(FactRequest request);

    /** The actions that bring the host to the wanted state; none when it already is. */
    Plan plan(HostFacts facts, HostContext context);
}
