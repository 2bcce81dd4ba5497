package dev.provision.ops;

import dev.provision.facts.FactRequest;
import dev.provision.facts.HostFacts;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.util.List;

/**
 * CentOS 7 only: its mirrors went away at end of life (2024), so the first yum step fails on a
 * stock host. Points the CentOS repositories at the vault archive: mirrorlist lines commented
 * out, each repo file's own commented baseurl enabled with its host's first label changed from
 * "mirror" to "vault" (or replaced by {@code baseUrl} when the inventory names a mirror).
 */
public record YumVaultOp(String baseUrl) implements Op {
    static final String REPOS = "/etc/yum.repos.d/CentOS-*.repo";

    @Override
    public void request(FactRequest request) {}

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        if (!facts.os().isCentos7()) return Plan.ok();
        if (!context.probe(RemoteCommand.shell("grep -qs '^mirrorlist=' " + REPOS)).ok()) return Plan.ok();
        String rewrite = baseUrl == null || baseUrl.isBlank()
                ? "s|^#[ ]*baseurl=\\(https\\?\\)://mirror\\.|baseurl=\\1://vault.|"
                : "s|^#[ ]*baseurl=[a-z]*://[^/]*/centos/|baseurl=" + baseUrl.replaceAll("/$", "") + "/|";
        return Plan.of("mirrorlist in use", List.of(new Action.Exec(RemoteCommand.shell(
                "sed -i -e 's/^mirrorlist=/#mirrorlist=/' -e " + Shell.quote(rewrite) + " " + REPOS
                        + " && yum clean all -q").asRoot())));
    }
}
