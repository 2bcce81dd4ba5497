package dev.provision.ops;

import dev.provision.ProvisionException;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.util.List;

/** A directory with its owner, group and mode; or, with {@code present} false, nothing at that path. */
public record DirectoryOp(String path, FileAttrs attrs, boolean present) implements Op {

    public DirectoryOp {
        if (!present) AbsentOp.check(path);
    }

    public DirectoryOp(String path, FileAttrs attrs) {
        this(path, attrs, true);
    }

    @Override
    public void request(FactRequest request) {
        request.file(path);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        if (!present) return AbsentOp.plan(path, facts);
        FileState f = facts.file(path);
        if (!f.exists()) {
            return Plan.of("absent", List.of(Action.Exec.touching(RemoteCommand.of(
                    "install", "-d", "-o", attrs.owner(), "-g", attrs.group(), "-m", attrs.mode(), path).asRoot(),
                    new FactRequest().file(path))));
        }
        if (!f.isDirectory()) {
            throw ProvisionException.failed(path + " exists but is a " + f.type() + ", not a directory");
        }
        return AttrFix.plan(path, f, attrs);
    }
}
