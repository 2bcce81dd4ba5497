package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.util.ArrayList;
import java.util.List;

/** Owner, group and mode of an existing path put right, with only the commands that differ. */
final class AttrFix {
    private AttrFix() {}

    static Plan plan(String path, FileState f, FileAttrs attrs) {
        var actions = new ArrayList<Action>();
        var file = new FactRequest().file(path);
        var diff = new ArrayList<String>();
        if (!attrs.owner().equals(f.owner()) || !attrs.group().equals(f.group())) {
            actions.add(Action.Exec.touching(RemoteCommand.of("chown", attrs.owner() + ":" + attrs.group(), path).asRoot(), file));
            diff.add("owner " + f.owner() + ":" + f.group() + " -> " + attrs.owner() + ":" + attrs.group());
        }
        if (!f.modeIs(attrs.mode())) {
            actions.add(Action.Exec.touching(RemoteCommand.of("chmod", attrs.mode(), path).asRoot(), file));
            diff.add("mode " + f.mode() + " -> " + attrs.mode());
        }
        return actions.isEmpty() ? Plan.ok() : Plan.of(String.join(", ", diff), List.copyOf(actions));
    }
}
