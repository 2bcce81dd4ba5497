package dev.provision.ops;

import dev.provision.digest.Sha256;
import dev.provision.ProvisionException;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.transport.FileAttrs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A file with given content (a rendered template), owner, group and mode, written atomically;
 * with {@code validate} the new content is checked on the host before it replaces the old.
 *
 * @param validate a command with %s for the new file ("haproxy -c -f %s"), or null
 */
public record FileOp(String path, String content, FileAttrs attrs, String validate) implements Op {

    @Override
    public void request(FactRequest request) {
        request.file(path);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        FileState f = facts.file(path);
        if (f.exists() && !f.isFile()) throw ProvisionException.failed(path + " exists but is a " + f.type());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (!f.exists() || !Sha256.of(bytes).equals(f.sha256())) {
            Plan p = Plan.of(f.exists() ? "content differs" : "absent",
                            List.of(Action.Upload.bytes(path, bytes, attrs, validate)))
                    .withFileChange(new Plan.FileChange(path, content));
            return isUnitFile(path) ? p.withEffects(Set.of(Effect.UNIT_FILE_CHANGED)) : p;
        }
        Plan p = AttrFix.plan(path, f, attrs);
        return p;
    }

    static boolean isUnitFile(String path) {
        return path.startsWith("/etc/systemd/") || path.startsWith("/usr/lib/systemd/") || path.startsWith("/lib/systemd/");
    }
}
