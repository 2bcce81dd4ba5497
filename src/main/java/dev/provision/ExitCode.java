package dev.provision;

/** The exit statuses of every provision command; mapped to the process status in one place, the command line's exception handler. */
public final class ExitCode {
    /** Everything asked for was done (or, for verify, every probe passed). */
    public static final int OK = 0;
    /** A step or probe failed. */
    public static final int FAILED = 1;
    /** Invalid input or usage: bad inventory, unknown option. Nothing was changed on any host. */
    public static final int INVALID_INPUT = 2;
    /** A host could not be reached or authenticated (its host key was refused, say). */
    public static final int UNREACHABLE = 3;

    /**
     * Another run holds a host's lock (for longer than {@code --lock-wait}): nothing was changed on
     * any host; run again once it has finished.
     */
    public static final int BUSY = 4;

    private ExitCode() {}
}
