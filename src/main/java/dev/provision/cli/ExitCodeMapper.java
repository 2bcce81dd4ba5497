package dev.provision.cli;

import dev.provision.ProvisionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns exceptions thrown by commands into a one-line message and an exit status. */
final class ExitCodeMapper implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        if (ex instanceof ProvisionException pe) {
            err.println(cmd.getColorScheme().errorText("error: ") + pe.getMessage());
            if (isVerbose(parseResult) && pe.getCause() != null) {
                pe.getCause().printStackTrace(err);
            }
            err.flush();
            return pe.exitCode();
        }
        // Anything else is our bug: say so, with the trace, rather than hiding it.
        err.println("internal error: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitCode.FAILED;
    }

    private static boolean isVerbose(ParseResult parseResult) {
        return parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
    }
}
