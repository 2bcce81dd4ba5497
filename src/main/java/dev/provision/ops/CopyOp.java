package dev.provision.ops;

import dev.provision.digest.Sha256;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FactScript;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.facts.Touched;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local file (the service jar, the Consul binary unpacked from its release zip, the HAProxy
 * tarball) copied to the host when its SHA-256 differs from the remote one. The remote digest
 * is recorded so that later runs need not hash big files again (see {@link FactScript}).
 */
public record CopyOp(Path source, String path, FileAttrs attrs) implements Op {

    @Override
    public void request(FactRequest request) {
        request.largeFile(path);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        FileState f = facts.file(path);
        String sha = Sha256.of(source);
        if (!f.exists() || !sha.equals(f.sha256())) {
            var actions = new ArrayList<Action>();
            actions.add(Action.Upload.file(path, source, attrs));
            actions.add(new Action.Exec(recordDigest(path, sha), Touched.NOTHING));
            return Plan.of(f.exists() ? "sha256 differs" : "absent", actions);
        }
        return AttrFix.plan(path, f, attrs);
    }

    /** Records "size.mtime.inode sha256" of the uploaded file for the next run's facts. */
    static RemoteCommand recordDigest(String path, String sha) {
        String sums = FactScript.sumsFile(path);
        return RemoteCommand.shell("mkdir -p " + FactScript.SUMS_DIR + " && printf '%s %s\\n' \"$(stat -c %s.%Y.%i "
                + Shell.quote(path) + ")\" " + sha + " > " + Shell.quote(sums)).asRoot();
    }

    List<String> describe() {
        return List.of(source.toString(), path);
    }
}
