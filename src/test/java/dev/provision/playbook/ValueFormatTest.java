package dev.provision.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second wall behind the inventory's types: each format escapes or refuses what it cannot hold. */
class ValueFormatTest {
    @TempDir
    Path dir;

    static final Location AT = new Location(Path.of("playbooks/40-balancer.yaml"), 7);

    @Test
    void shellCommandsQuoteEveryValueAsOneWord() {
        assertEquals("cd '/usr/local/src; touch /tmp/pwned'",
                Templates.renderShell("cd {{d}}", Map.of("d", "/usr/local/src; touch /tmp/pwned"), AT, "run"));
        assertEquals("cd /usr/local/src", Templates.renderShell("cd {{d}}", Map.of("d", "/usr/local/src"), AT, "run"),
                "safe values are left as they are, so the golden files did not change");
        assertEquals("make A=1 'B=$(id)'", Templates.renderShell("make{{#f}} {{.}}{{/f}}",
                Map.of("f", List.of("A=1", "B=$(id)")), AT, "run"), "a list: each item its own quoted word");
    }

    @Test
    void aUnitRefusesALineBreakAndNamesTheVariableNotTheValue() throws Exception {
        Files.writeString(dir.resolve("x.service"), "[Service]\nExecStart={{java_bin}} -jar x.jar\n");
        var templates = new Templates(dir);
        var e = assertThrows(PlaybookException.class, () -> templates.renderFile("x.service",
                Map.of("java_bin", "/usr/bin/java\nExecStartPre=+/bin/sh -c id", "other", "fine"), AT));
        assertTrue(e.getMessage().contains("variable java_bin holds text that a systemd unit cannot hold safely"), e.getMessage());
        assertFalse(e.getMessage().contains("ExecStartPre"), "the value is not echoed: " + e.getMessage());
        assertEquals("[Service]\nExecStart=/usr/bin/java -jar x.jar\n",
                templates.renderFile("x.service", Map.of("java_bin", "/usr/bin/java"), AT));
    }

    @Test
    void aUnitRefusesABackslashThatWouldContinueTheLine() {
        assertFalse(ValueFormat.UNIT.accepts("/usr/bin/java\\"));
        assertTrue(ValueFormat.UNIT.accepts("/usr/bin/java"));
    }

    @Test
    void jsonValuesAreEscapedSoTheyCannotAddKeys() throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"node_name\": \"{{n}}\"}\n");
        String out = new Templates(dir).renderFile("c.json", Map.of("n", "a\", \"acl\": {\"x\": 1}, \"b\": \"\n"), AT);
        Object parsed = Json.parse(out);
        assertEquals(Map.of("node_name", "a\", \"acl\": {\"x\": 1}, \"b\": \"\n"), parsed, out);
    }

    @Test
    void haproxyConfigRefusesWordBreakers() {
        for (String bad : List.of("admin pass", "x#y", "a\"b", "a'b", "a\\b", "a\nb")) {
            assertFalse(ValueFormat.CONFIG.accepts(bad), bad);
        }
        assertTrue(ValueFormat.CONFIG.accepts("R09MREVO-_x"));
        assertEquals(ValueFormat.CONFIG, ValueFormat.ofTemplate("haproxy.cfg"));
        assertEquals(ValueFormat.UNIT, ValueFormat.ofTemplate("haproxy-el7.conf"));
        assertEquals(ValueFormat.JSON, ValueFormat.ofTemplate("service-definition.json"));
    }

    @Test
    void hclRefusesInterpolation() {
        assertFalse(ValueFormat.HCL.accepts("${file(\"/etc/shadow\")}"));
        assertEquals("a\\\"b", ValueFormat.HCL.escape("a\"b"));
    }

    @Test
    void stepArgumentsRefuseControlCharacters() {
        var e = assertThrows(PlaybookException.class,
                () -> Templates.renderString("/etc/{{n}}.json", Map.of("n", "x\ny"), AT, "dest"));
        assertTrue(e.getMessage().startsWith("playbooks/40-balancer.yaml:7: dest: variable n holds text"), e.getMessage());
    }

    @Test
    void tripleMustachesThatSkipEscapingAreRefused() throws Exception {
        Files.writeString(dir.resolve("raw.service"), "ExecStart={{{java_bin}}}\n");
        var e = assertThrows(PlaybookException.class, () -> new Templates(dir).renderFile("raw.service", Map.of("java_bin", "/x"), AT));
        assertTrue(e.getMessage().contains("write a value unescaped"), e.getMessage());
        assertThrows(PlaybookException.class, () -> Templates.renderShell("cd {{&d}}", Map.of("d", "/x"), AT, "run"));
    }
}
