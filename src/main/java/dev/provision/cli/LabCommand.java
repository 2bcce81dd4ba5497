package dev.provision.cli;

import dev.provision.ProvisionException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the real command in its own change.
@Command(name = "lab", mixinStandardHelpOptions = true, description = "(under construction)")
public final class LabCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw ProvisionException.failed("'lab' is not built yet");
    }
}
