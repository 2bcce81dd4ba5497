package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;
import dev.provision.facts.UserState;
import dev.provision.transport.RemoteCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A system account (and its group of the same name) for one service, with no login shell; or,
 * with {@code present} false, no such account ({@code userdel} also removes its own group).
 */
public record UserOp(String name, String home, String shell, boolean present) implements Op {
    public static final String NO_LOGIN = "/usr/sbin/nologin";

    public UserOp(String name, String home, String shell) {
        this(name, home, shell, true);
    }

    @Override
    public void request(FactRequest request) {
        request.user(name);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        Optional<UserState> user = facts.user(name);
        if (!present) {
            if (user.isEmpty()) return Plan.ok();
            return Plan.of("present", List.of(Action.Exec.touching(RemoteCommand.of("userdel", name).asRoot(),
                    new FactRequest().user(name))));
        }
        if (user.isEmpty()) {
            return Plan.of("absent", List.of(Action.Exec.touching(RemoteCommand.of(
                    "useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home, "--shell", shell, name).asRoot(),
                    new FactRequest().user(name))));
        }
        var argv = new ArrayList<String>(List.of("usermod"));
        var diff = new ArrayList<String>();
        if (!user.get().shell().equals(shell)) {
            argv.addAll(List.of("--shell", shell));
            diff.add("shell " + user.get().shell() + " -> " + shell);
        }
        if (!user.get().home().equals(home)) {
            argv.addAll(List.of("--home", home));
            diff.add("home " + user.get().home() + " -> " + home);
        }
        if (diff.isEmpty()) return Plan.ok();
        argv.add(name);
        return Plan.of(String.join(", ", diff), List.of(Action.Exec.touching(RemoteCommand.of(argv).asRoot(), new FactRequest().user(name))));
    }
}
