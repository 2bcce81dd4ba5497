package dev.provision.lab;

import java.util.List;

/** What a local command did: its argument list, exit status and both outputs. */
public record LocalResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
