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
     * Starts a command that keeps running until the returned handle is closed: it must print
     * {@code readyLine} on a line of its own once ready, then keep writing a line now and then
     * (a write into a closed channel is how it learns that the controller is gone).
     *
     * @return the running command, or the result of the command when it ended (or printed
     *     something else first), within the command's timeout
     * @throws dev.provision.ProvisionException with exit 3 when the connection is lost
     */
    default Hold hold(RemoteCommand command, String readyLine) {
        throw new UnsupportedOperationException("this connector cannot keep a command running");
    }

    /** What {@link #hold} gave: a command still running, or the result of one that ended. */
    record Hold(HeldCommand running, ExecResult ended) {
        public boolean holding() {
            return running != null;
        }
    }

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
