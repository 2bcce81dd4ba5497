package dev.provision.ops;

import dev.provision.digest.Sha256;
import dev.provision.facts.FactRequest;
import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.facts.Touched;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CentOS 7 only: its mirrors and mirror list went away at end of life (June 2024), so the first
 * yum step fails on a stock host. Replaces the stock {@code CentOS-Base.repo} (the file whose
 * base, updates and extras repositories use the mirror list) with the same repositories on the
 * vault archive of the last release, 7.9.2009, signatures still checked with the CentOS 7 key.
 * Other hosts: nothing.
 *
 * @param baseUrl root of a vault mirror (the folder holding {@code 7.9.2009/}), or null/blank
 *     for the CentOS vault itself
 */
public record YumVaultOp(String baseUrl) implements Op {
    public static final String REPO_FILE = "/etc/yum.repos.d/CentOS-Base.repo";
    /** The last CentOS 7 release: the vault keeps every release in its own folder. */
    public static final String RELEASE = "7.9.2009";
    /** The vendor's archive; plain http like the stock files: packages are verified by GPG. */
    public static final String VAULT = "http://vault.centos.org";
    static final String GPG_KEY = "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7";

    @Override
    public void request(FactRequest request) {
        request.file(REPO_FILE);
    }

    @Override
    public Plan plan(HostFacts facts, HostContext context) {
        if (!facts.os().isCentos7()) return Plan.ok();
        String repo = repoFile();
        byte[] bytes = repo.getBytes(StandardCharsets.UTF_8);
        FileState f = facts.file(REPO_FILE);
        if (f.exists() && Sha256.of(bytes).equals(f.sha256())) return AttrFix.plan(REPO_FILE, f, FileAttrs.root("0644"));
        // Cached metadata still names the old trees: drop it so the next yum reads the vault's.
        return Plan.of(f.exists() ? "mirror list replaced by the vault" : "absent", List.of(
                        Action.Upload.bytes(REPO_FILE, bytes, FileAttrs.root("0644"), null),
                        new Action.Exec(RemoteCommand.of("yum", "clean", "all", "-q").asRoot(), Touched.NOTHING)))
                .withFileChange(new Plan.FileChange(REPO_FILE, repo));
    }

    /** The repository file: base, updates and extras enabled, centosplus off as in the stock file. */
    public String repoFile() {
        String root = baseUrl == null || baseUrl.isBlank() ? VAULT : baseUrl.strip().replaceAll("/+$", "");
        var sb = new StringBuilder();
        sb.append("# Managed by provision. CentOS 7 reached end of life in June 2024 and its mirror list\n")
                .append("# is gone: the stock repositories, on the vault archive of the last release.\n");
        section(sb, "base", "Base", root + "/" + RELEASE + "/os/$basearch/", true);
        section(sb, "updates", "Updates", root + "/" + RELEASE + "/updates/$basearch/", true);
        section(sb, "extras", "Extras", root + "/" + RELEASE + "/extras/$basearch/", true);
        section(sb, "centosplus", "Plus", root + "/" + RELEASE + "/centosplus/$basearch/", false);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String id, String name, String url, boolean enabled) {
        sb.append('\n').append('[').append(id).append("]\n")
                .append("name=CentOS-").append(RELEASE).append(" - ").append(name).append(" (vault)\n")
                .append("baseurl=").append(url).append('\n')
                .append("gpgcheck=1\n")
                .append("gpgkey=").append(GPG_KEY).append('\n')
                .append("enabled=").append(enabled ? 1 : 0).append('\n');
    }
}
