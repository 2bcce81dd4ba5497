package dev.provision.cli;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.secret.SecretRules;
import dev.provision.transport.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
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

    /**
     * The transport's settings from these options; prompts once on the terminal for the become
     * password when {@code --ask-become-pass} is given (the transport never reads a console).
     *
     * @throws ProvisionException exit 2 for a timeout out of range, or a prompt without a terminal
     */
    public SshSettings settings() {
        int max = SshSettings.MAX_CONNECT_TIMEOUT_SECONDS;
        if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > max) {
            throw ProvisionException.invalidInput("--connect-timeout must be between 1 and " + max
                    + " seconds, got " + connectTimeoutSeconds);
        }
        Optional<Secret> become = Optional.empty();
        if (askBecomePass) {
            var console = System.console();
            if (console == null) {
                throw ProvisionException.invalidInput("--ask-become-pass needs a terminal to prompt on; "
                        + "without one, set PROVISION_BECOME_PASSWORD instead");
            }
            char[] typed = console.readPassword("BECOME password (sudo): ");
            if (typed == null) throw ProvisionException.invalidInput("no become password was typed");
            become = Optional.of(Secret.of(new String(typed)));
            Arrays.fill(typed, '\0');
            var problem = SecretRules.passwordProblem(become.get().reveal());
            if (problem.isPresent()) {
                throw ProvisionException.invalidInput("--ask-become-pass: the password typed " + problem.get());
            }
        }
        return new SshSettings(knownHostsFile(), acceptNewHostKeys, Duration.ofSeconds(connectTimeoutSeconds), become);
    }

    /** The known_hosts file to use: the option, or the user's own. */
    public Path knownHostsFile() {
        return knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
}
