package dev.provision.inventory;

import dev.provision.Printable;
import dev.provision.ProvisionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The errors and warnings found in one inventory file, each on its line, all reported
 * together as {@code FILE:LINE: KEY.PATH: what is wrong}, sorted by line.
 */
public final class Problems {
    private record Problem(int line, String text) {}

    private final Path file;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    /** The file the problems are about. */
    public Path file() {
        return file;
    }

    /** An error at a line; {@code path} is the dotted key path ("all.vars.lb_port"), or "" for none. */
    public void error(int line, String path, String message) {
        errors.add(new Problem(line, path.isEmpty() ? message : path + ": " + message));
    }

    public void error(Node node, String path, String message) {
        error(YamlEntries.line(node), path, message);
    }

    /** Something worth saying that does not stop a run. */
    public void warning(int line, String text) {
        warnings.add(new Problem(line, text));
    }

    /** How many errors so far (a reader can tell whether its part added any). */
    public int errorCount() {
        return errors.size();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** "FILE:LINE: ", the start of every message about this file. */
    public String at(int line) {
        return where() + line + ": ";
    }

    /** "FILE:" */
    String where() {
        return Printable.line(file.toString()) + ":";
    }

    /** Every error, one per line: exit 2. */
    ProvisionException failure() {
        return ProvisionException.invalidInput(String.join("\n", formatEach(errors)));
    }

    List<String> warnings() {
        return List.copyOf(formatEach(warnings));
    }

    private List<String> formatEach(List<Problem> problems) {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line)); // stable: same line keeps finding order
        // Problems quote the file's own text: a control character in it must not act on the terminal.
        return sorted.stream().map(p -> at(p.line) + Printable.line(p.text)).distinct().toList();
    }
}
