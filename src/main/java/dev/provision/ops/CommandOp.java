package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;
import dev.provision.transport.RemoteCommand;
import java.util.List;

/**
 * A command that cannot be idempotent by itself (building HAProxy), guarded: it runs only when
 * {@code creates} does not exist and {@code unless} (a check command) fails. Bounded, like
 * every command, by its step's timeout.
 *
 * @param creates a path whose existence means "done", or null
 * @param unless a read-only command whose success means "done", or null
 */
public record CommandOp(String script, String creates, String unless) implements Op {

    @Override
    public void request(FactRequest request) {
        if (creates != null) request.file(creates);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        if (creates != null && facts.file(creates).exists()) return Plan.ok();
        if (unless != null && context.probe(RemoteCommand.shell(unless).asRoot()).ok()) return Plan.ok();
        String why = creates != null ? creates + " absent" : unless != null ? "guard failed" : "unguarded";
        return Plan.of(why, List.of(new Action.Exec(RemoteCommand.shell(script).asRoot())));
    }
}
