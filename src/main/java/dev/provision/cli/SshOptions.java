package dev.provision.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How hosts are reached over SSH; shared by every command that connects. */
public final class SshOptions {
    @Option(
            names = "--known-hosts",
            paramLabel = "FILE",
            description = "known_hosts file used to verify host keys (default: ~/.ssh/known_hosts).")
    public Path knownHosts;

    @Option(
            names = "--accept-new-host-keys",
            description = "Record the key of a host seen for the first time (like OpenSSH's accept-new). "
                    + "A changed key is always refused.")
    public boolean acceptNewHostKeys;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Give up on a host whose TCP connect, SSH banner, key exchange and authentication together "
                    + "take longer than this (default: ${DEFAULT-VALUE}).")
    public int connectTimeoutSeconds;

    @Option(
            names = "--ask-become-pass",
            description = "Prompt once for the sudo password instead of reading it from the inventory or "
                    + "PROVISION_BECOME_PASSWORD.")
    public boolean askBecomePass;

    /** The known_hosts file to use: the option, or the user's own. */
    public Path knownHostsFile() {
        return knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
}
