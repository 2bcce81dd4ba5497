package dev.provision.transport;

import dev.provision.secret.SecretMasker;
import dev.provision.inventory.Host;
import java.nio.file.Path;

/**
 * How commands and files reach one host. Nothing above this package knows that it is SSH.
 * One connector per host, opened once and reused for the whole run.
 */
public interface Connector extends AutoCloseable {
    Host host();

    /**
     * Runs one command to its end and returns its exit status and output; a non-zero status is
     * a result, not an exception.
     *
     * @throws dev.provision.ProvisionException with exit 3 when the connection is lost
     */
    ExecResult run(RemoteCommand command);

    /**
     * Writes a file atomically: uploads to a temporary file beside the target, sets owner, group
     * and mode, then renames it over the target. Runs as root where the login user is not.
     */
    void putFile(String remotePath, byte[] content, FileAttrs attrs);

    /** As {@link #putFile(String, byte[], FileAttrs)}, streaming a local file (a jar, a tarball). */
    void putFile(String remotePath, Path localFile, FileAttrs attrs);

    /**
     * Masks the secrets this connection knows (login and become passwords) in text meant for the
     * user; command output in {@link ExecResult} is already masked.
     */
    default SecretMasker masker() {
        return SecretMasker.none();
    }

    @Override
    void close();
}
