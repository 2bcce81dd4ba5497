package dev.provision.playbook;

import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;

/** Where something was written: file and line, for error messages. */
public record Location(Path file, int line) {
    public static Location of(Path file, Mark mark) {
        return new Location(file, mark == null ? 0 : mark.getLine() + 1);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "");
    }
}
