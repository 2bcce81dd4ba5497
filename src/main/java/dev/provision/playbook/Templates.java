package dev.provision.playbook;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {{variable}} templates (Mustache: values, {{#section}}, {{^inverted}}, {{-last}} in
 * lists) from playbooks/templates/ and from step arguments. A missing variable is an error
 * naming the template and its line; nothing is HTML-escaped (these are config files).
 */
public final class Templates {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(false);
    private final Path dir;
    private final Map<String, Template> files = new ConcurrentHashMap<>();
    private static final Map<String, Template> STRINGS = new ConcurrentHashMap<>();

    public Templates(Path dir) {
        this.dir = dir;
    }

    /** Renders playbooks/templates/NAME; {@code usedAt} names the step that asked for it. */
    public String renderFile(String name, Map<String, Object> vars, Location usedAt) {
        Path file = dir.resolve(name);
        Template t = files.computeIfAbsent(name, n -> {
            try {
                return COMPILER.compile(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new PlaybookException(usedAt, "src", "no template " + file);
            } catch (MustacheException e) {
                throw new PlaybookException(new Location(file, 0), null, "broken template: " + e.getMessage());
            }
        });
        try {
            return t.execute(vars);
        } catch (MustacheException.Context e) {
            throw new PlaybookException(new Location(file, e.lineNo), e.key,
                    "no such variable (used by the step at " + usedAt + ")");
        } catch (MustacheException e) {
            throw new PlaybookException(new Location(file, 0), null, e.getMessage() + " (step at " + usedAt + ")");
        }
    }

    /** Renders one string that may hold {{variables}}; strings without any are returned as they are. */
    public static String renderString(String text, Map<String, Object> vars, Location at, String key) {
        if (!text.contains("{{")) return text;
        try {
            return STRINGS.computeIfAbsent(text, COMPILER::compile).execute(vars);
        } catch (MustacheException.Context e) {
            throw new PlaybookException(at, key, "no such variable '" + e.key + "' in \"" + text + "\"");
        } catch (MustacheException e) {
            throw new PlaybookException(at, key, e.getMessage());
        }
    }
}
