package dev.provision.ops;

import dev.provision.ProvisionException;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.util.List;
import java.util.Set;

/**
 * Nothing at a path: a file, link or folder (with everything in it) removed; {@code down}'s
 * counterpart of the file and folder steps. A systemd unit file removed is followed by a
 * daemon-reload, so systemd forgets the unit at once. Folders every system has (/etc, /opt,
 * /usr/local/src...) are refused: a variable that renders to one must not empty it.
 */
public record AbsentOp(String path) implements Op {
    /** Folders no step may remove, whatever a variable says. */
    static final Set<String> PROTECTED = Set.of("/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc",
            "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/usr/local", "/usr/local/bin",
            "/usr/local/sbin", "/usr/local/src", "/usr/local/lib", "/usr/local/share", "/usr/local/etc", "/var/lib",
            "/var/log", "/var/cache", "/etc/systemd", "/etc/systemd/system", "/usr/lib", "/usr/bin", "/usr/sbin",
            "/usr/share", "/etc/firewalld", "/etc/firewalld/zones");

    public AbsentOp {
        check(path);
    }

    /** Refuses a path no step may remove (exit 2). */
    static void check(String path) {
        String p = path.replaceAll("/+$", "");
        if (p.isEmpty() || PROTECTED.contains(p)) {
            throw ProvisionException.invalidInput("refusing to remove " + path + ": a folder of the system, not one provision made");
        }
    }

    @Override
    public void request(FactRequest request) {
        request.file(path);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        return plan(path, facts);
    }

    static Plan plan(String path, HostFacts facts) {
        FileState f = facts.file(path);
        if (!f.exists()) return Plan.ok();
        String rm = "rm -rf -- " + Shell.quote(path);
        boolean unit = FileOp.isUnitFile(path);
        Plan p = Plan.of(f.type() + " present", List.of(Action.Exec.touching(
                RemoteCommand.shell(unit ? rm + " && systemctl daemon-reload" : rm).asRoot(), new FactRequest().file(path))));
        return unit ? p.withEffects(Set.of(Effect.DAEMON_RELOADED)) : p;
    }
}
