package dev.provision;


/**
 * An error meant for the user: its message is printed as it is, without a stack trace, and
 * the process exits with {@link #exitCode()}. Commands just throw; the mapping is in one place.
 */
public class ProvisionException extends RuntimeException {
    private final int exitCode;

    public ProvisionException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ProvisionException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Bad input (file, line and field in the message); exit 2, nothing touched. */
    public static ProvisionException invalidInput(String message) {
        return new ProvisionException(ExitCode.INVALID_INPUT, message);
    }

    /** A host that could not be reached or authenticated; exit 3. */
    public static UnreachableException unreachable(String message, Throwable cause) {
        return new UnreachableException(message, cause);
    }

    /** A step or probe that failed; exit 1. */
    public static ProvisionException failed(String message) {
        return new ProvisionException(ExitCode.FAILED, message);
    }
}
