package dev.provision;

/**
 * A host that could not be reached, authenticated, or made root: exit 3. Its own type so code
 * that must tell "the host is gone" from "a step failed" asks the type, not the exit number.
 */
public class UnreachableException extends ProvisionException {
    public UnreachableException(String message, Throwable cause) {
        super(ExitCode.UNREACHABLE, message, cause);
    }
}
