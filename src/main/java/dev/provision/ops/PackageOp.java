package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;
import dev.provision.facts.Os;
import dev.provision.transport.RemoteCommand;
import java.util.List;

/** OS packages installed (apt, yum or dnf by the host's family); only the missing ones are installed. */
public record PackageOp(List<String> names) implements Op {

    @Override
    public void request(FactRequest request) {
        request.packages(names);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        List<String> missing = names.stream().filter(n -> !facts.installed(n)).toList();
        if (missing.isEmpty()) return Plan.ok();
        return Plan.of("install " + String.join(" ", missing),
                List.of(new Action.Exec(installCommand(facts.os(), missing))));
    }

    static RemoteCommand installCommand(Os os, List<String> pkgs) {
        String manager = os.packageManager();
        String names = dev.provision.transport.Shell.join(pkgs);
        String script;
        if (os.family() == Os.Family.DEBIAN) {
            // Fresh hosts often have no package lists: try, and only update them when needed.
            String install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " + names;
            script = install + " || { apt-get update -q && " + install + "; }";
        } else if (manager.equals("yum")) {
            // yum 3 (EL7) skips unknown names and exits 0; make a wrong name fail the step.
            script = "yum install -y -q --setopt=skip_missing_names_on_install=False " + names;
        } else {
            script = manager + " install -y -q " + names;
        }
        return RemoteCommand.shell(script).asRoot(); // bounded by the step's timeout
    }
}
