package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;
import dev.provision.facts.UnitState;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A systemd unit enabled and running (state "started"), or, as a handler, restarted or
 * reloaded; or stopped (and, with {@code enabled: false}, disabled: what {@code down} does).
 * A pending daemon-reload (a unit file changed earlier) is done first.
 */
public record ServiceOp(String unit, boolean enabled, State state) implements Op {
    public enum State { STARTED, RESTARTED, RELOADED, STOPPED }

    @Override
    public void request(FactRequest request) {
        request.unit(unit);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        UnitState u = facts.unit(unit);
        var actions = new ArrayList<Action>();
        var why = new ArrayList<String>();
        var effects = new HashSet<Effect>();
        boolean reload = context.daemonReloadPending();
        switch (state) {
            case STARTED -> {
                if (enabled && !u.enabled()) {
                    actions.add(exec("systemctl enable " + Shell.quote(unit)));
                    why.add("enable");
                }
                if (!u.active() && !context.startedInThisPlay(unit)) {
                    actions.add(startAndCheck("start"));
                    why.add("start");
                    effects.add(new Effect.Started(unit));
                }
            }
            case STOPPED -> {
                if (u.active()) {
                    actions.add(exec("systemctl stop " + Shell.quote(unit)));
                    why.add("stop");
                }
                // Only a unit enabled by its [Install] section: "static" cannot be disabled.
                if (!enabled && u.unitFileState().startsWith("enabled")) {
                    actions.add(exec("systemctl disable " + Shell.quote(unit)));
                    why.add("disable");
                }
            }
            case RESTARTED -> {
                // A unit started after the change notified is already running the new files.
                if (!context.startedInThisPlay(unit)) {
                    actions.add(startAndCheck("restart"));
                    why.add("restart");
                    effects.add(new Effect.Started(unit));
                }
            }
            case RELOADED -> {
                if (!context.startedInThisPlay(unit)) {
                    actions.add(startAndCheck("reload-or-restart"));
                    why.add("reload");
                }
            }
        }
        if (actions.isEmpty()) return Plan.ok();
        if (reload) {
            actions.add(0, exec("systemctl daemon-reload"));
            effects.add(Effect.DAEMON_RELOADED);
        }
        return new Plan(List.copyOf(actions), String.join(", ", why), Set.copyOf(effects), Optional.empty());
    }

    /** A systemctl command: it changes this unit's state and nothing else a step reads. */
    private Action exec(String script) {
        return Action.Exec.touching(RemoteCommand.shell(script).asRoot(), new FactRequest().unit(unit));
    }

    /** systemctl VERB, then a look at the journal when the unit did not come up. */
    private Action startAndCheck(String verb) {
        String q = Shell.quote(unit);
        return exec("systemctl " + verb + " " + q + " && systemctl is-active --quiet " + q
                + " || { journalctl -u " + q + " -n 15 --no-pager -q >&2; exit 1; }");
    }
}
