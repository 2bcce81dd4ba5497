package dev.provision.cli;

import dev.provision.ExitCode;
import dev.provision.Printable;
import dev.provision.ProvisionException;
import dev.provision.secret.SecretMasker;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions thrown by commands into a one-line message and an exit status. What it prints
 * passes through the process's masker: an error may quote text that held a secret.
 */
final class ExitCodeMapper implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        var masker = SecretMasker.process();
        if (ex instanceof ProvisionException pe) {
            // Messages quote files and hosts: their control characters are shown, not obeyed.
            err.println(cmd.getColorScheme().errorText("error: ") + Printable.lines(masker.mask(pe.getMessage())));
            if (isVerbose(parseResult) && pe.getCause() != null) {
                err.print(masker.mask(trace(pe.getCause())));
            }
            err.flush();
            return pe.exitCode();
        }
        // Anything else is our bug: say so, with the trace, rather than hiding it.
        err.println(masker.mask("internal error: " + ex));
        err.print(masker.mask(trace(ex)));
        err.flush();
        return ExitCode.FAILED;
    }

    private static String trace(Throwable t) {
        var w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static boolean isVerbose(ParseResult parseResult) {
        return parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
    }
}
