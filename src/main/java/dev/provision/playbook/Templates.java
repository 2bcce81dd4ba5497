package dev.provision.playbook;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {{variable}} templates (Mustache: values, {{#section}}, {{^inverted}}, {{-last}} in
 * lists) from playbooks/templates/ and from step arguments. A missing variable is an error
 * naming the template and its line. Every value is written through the {@link ValueFormat} of
 * its destination: a template file's by its name (JSON escaped, systemd units and HAProxy
 * configs refusing line breaks), shell commands quoted, other step arguments refusing control
 * characters. Triple mustaches ({{{x}}}, {{&x}}), which would skip that, are refused.
 */
public final class Templates {
    private static final Map<ValueFormat, Mustache.Compiler> COMPILERS = new EnumMap<>(ValueFormat.class);

    static {
        for (ValueFormat f : ValueFormat.values()) {
            COMPILERS.put(f, Mustache.compiler().escapeHTML(false).withEscaper(f).strictSections(false));
        }
    }

    private final Path dir;
    private final Map<String, Template> files = new ConcurrentHashMap<>();
    private static final Map<String, Template> STRINGS = new ConcurrentHashMap<>();

    public Templates(Path dir) {
        this.dir = dir;
    }

    /** Renders playbooks/templates/NAME; {@code usedAt} names the step that asked for it. */
    public String renderFile(String name, Map<String, Object> vars, Location usedAt) {
        Path file = dir.resolve(name);
        ValueFormat format = ValueFormat.ofTemplate(name);
        Template t = files.computeIfAbsent(name, n -> {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                refuseUnescaped(text, new Location(file, 0), null);
                return COMPILERS.get(format).compile(text);
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
        } catch (ValueFormat.Refused e) {
            throw refused(e, vars, new Location(file, 0), null);
        } catch (MustacheException e) {
            throw new PlaybookException(new Location(file, 0), null, e.getMessage() + " (step at " + usedAt + ")");
        }
    }

    /** Renders one step argument that may hold {{variables}}; strings without any are returned as they are. */
    public static String renderString(String text, Map<String, Object> vars, Location at, String key) {
        return render(text, vars, at, key, ValueFormat.ARGUMENT);
    }

    /** Renders a shell command (a step's run, unless or validate): every value one quoted word. */
    public static String renderShell(String text, Map<String, Object> vars, Location at, String key) {
        return render(text, vars, at, key, ValueFormat.SHELL);
    }

    private static String render(String text, Map<String, Object> vars, Location at, String key, ValueFormat format) {
        if (!text.contains("{{")) return text;
        try {
            return STRINGS.computeIfAbsent(format + ":" + text, t -> {
                refuseUnescaped(text, at, key);
                return COMPILERS.get(format).compile(text);
            }).execute(vars);
        } catch (MustacheException.Context e) {
            throw new PlaybookException(at, key, "no such variable '" + e.key + "' in \"" + text + "\"");
        } catch (ValueFormat.Refused e) {
            throw refused(e, vars, at, key);
        } catch (MustacheException e) {
            throw new PlaybookException(at, key, e.getMessage());
        }
    }

    private static void refuseUnescaped(String text, Location at, String key) {
        if (text.contains("{{{") || text.contains("{{&")) {
            throw new PlaybookException(at, key, "{{{...}}} and {{&...}} write a value unescaped; use {{...}}");
        }
    }

    /** The error for a refused value: names the variables holding such text, never the text (it may be secret). */
    private static PlaybookException refused(ValueFormat.Refused e, Map<String, Object> vars, Location at, String key) {
        List<String> names = new ArrayList<>();
        vars.forEach((name, value) -> {
            List<?> values = value instanceof List<?> l ? l : java.util.Collections.singletonList(value);
            for (Object v : values) {
                if (v != null && !e.format().accepts(String.valueOf(v))) {
                    names.add(name);
                    break;
                }
            }
        });
        String who = names.isEmpty() ? "a value" : "variable " + String.join(", ", names);
        return new PlaybookException(at, key, who + " holds text that " + e.format().what()
                + " cannot hold safely (a line break, control character, quote or space): refused");
    }
}
