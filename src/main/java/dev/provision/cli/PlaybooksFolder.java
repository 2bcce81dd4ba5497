package dev.provision.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the playbooks folder is: the one given, else the one beside the tool, else ./playbooks. */
final class PlaybooksFolder {
    private PlaybooksFolder() {}

    static Path locate(Path given) {
        if (given != null) return given;
        try {
            Path here = Path.of(PlaybooksFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/provision.jar or target/classes -> the project's playbooks/
            Path beside = here.getParent().getParent().resolve("playbooks");
            if (Files.isDirectory(beside)) return beside;
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall back to the working directory
        }
        return Path.of("playbooks");
    }
}
