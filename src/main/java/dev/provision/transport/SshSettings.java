package dev.provision.transport;

import dev.provision.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How every host of a run is reached (the command line builds it: {@code cli.SshOptions}).
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
}
