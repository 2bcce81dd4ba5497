package dev.provision.transport;

import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.cli.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How every host of a run is reached, from the command line.
 *
 * @param knownHostsFile host keys are verified against it (and recorded in it with acceptNewHostKeys)
 * @param acceptNewHostKeys record the key of a host seen for the first time; a changed key is
 *     refused anyway
 * @param connectTimeout limit for the whole handshake: TCP connect, the server's banner, key exchange
 *     and authentication together
 * @param becomePassword typed at the --ask-become-pass prompt; overrides the inventory's
 */
public record SshSettings(
        Path knownHostsFile, boolean acceptNewHostKeys, Duration connectTimeout, Optional<Secret> becomePassword) {

    /** Ten minutes: a handshake slower than that is a dead host, and the limit keeps milliseconds in an int. */
    public static final int MAX_CONNECT_TIMEOUT_SECONDS = 600;

    public SshSettings {
        Objects.requireNonNull(knownHostsFile);
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(becomePassword);
    }

    /** Settings with the default timeout and no password override (tests, the engine's defaults). */
    public static SshSettings of(Path knownHostsFile, boolean acceptNewHostKeys) {
        return new SshSettings(knownHostsFile, acceptNewHostKeys, Duration.ofSeconds(10), Optional.empty());
    }

    /**
     * Settings from the shared SSH options; prompts once for the become password when
     * {@code --ask-become-pass} is given.
     *
     * @throws ProvisionException exit 2 for a bad timeout, or a prompt without a terminal
     */
    public static SshSettings from(SshOptions options) {
        if (options.connectTimeoutSeconds < 1 || options.connectTimeoutSeconds > MAX_CONNECT_TIMEOUT_SECONDS) {
            throw ProvisionException.invalidInput("--connect-timeout must be between 1 and " + MAX_CONNECT_TIMEOUT_SECONDS
                    + " seconds, got " + options.connectTimeoutSeconds);
        }
        Optional<Secret> become = Optional.empty();
        if (options.askBecomePass) {
            var console = System.console();
            if (console == null) {
                throw ProvisionException.invalidInput("--ask-become-pass needs a terminal to prompt on; "
                        + "without one, set PROVISION_BECOME_PASSWORD instead");
            }
            char[] typed = console.readPassword("BECOME password (sudo): ");
            if (typed == null) throw ProvisionException.invalidInput("no become password was typed");
            become = Optional.of(Secret.of(new String(typed)));
            java.util.Arrays.fill(typed, '\0');
            var problem = dev.provision.secret.SecretRules.passwordProblem(become.get().reveal());
            if (problem.isPresent()) {
                throw ProvisionException.invalidInput("--ask-become-pass: the password typed " + problem.get());
            }
        }
        return new SshSettings(
                options.knownHostsFile(),
                options.acceptNewHostKeys,
                Duration.ofSeconds(options.connectTimeoutSeconds),
                become);
    }
}
