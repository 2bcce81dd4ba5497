package dev.provision.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.facts.Os;
import dev.provision.ops.CommandOp;
import dev.provision.ops.DirectoryOp;
import dev.provision.ops.FirewallOp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's paths stay inside the folder they name, and its commands quote every value. */
class StepPathsTest {
    static final Location AT = new Location(Path.of("playbooks/30-service.yaml"), 12);
    final StepCompiler compiler = new StepCompiler(new Templates(Path.of("playbooks/templates")), Map.of());

    static StepSpec step(String kind, Map<String, Object> args) {
        return new StepSpec("a step", kind, args, Map.of(), List.of(), null, null, AT);
    }

    @Test
    void aFileNameBuiltFromAValueCannotLeaveItsFolder() {
        var e = assertThrows(PlaybookException.class, () -> compiler.op(
                step("directory", Map.of("path", "/etc/consul.d/{{service_name}}")),
                Map.of("service_name", "../../etc/cron.d"), Os.Family.DEBIAN, List.of("all"), 22));
        assertTrue(e.getMessage().startsWith("playbooks/30-service.yaml:12: path: '..' in /etc/consul.d/../../etc/cron.d"),
                e.getMessage());
        assertThrows(PlaybookException.class, () -> compiler.op(step("directory", Map.of("path", "{{d}}")),
                Map.of("d", "relative/dir"), Os.Family.DEBIAN, List.of("all"), 22));
        var ok = (DirectoryOp) compiler.op(step("directory", Map.of("path", "/etc/consul.d/{{service_name}}")),
                Map.of("service_name", "web"), Os.Family.DEBIAN, List.of("all"), 22);
        assertEquals("/etc/consul.d/web", ok.path());
    }

    @Test
    void aZoneIsANameNotAPath() {
        var e = assertThrows(PlaybookException.class, () -> compiler.op(
                step("firewall", Map.of("zone", "{{z}}", "ports", List.of("80/tcp"))),
                Map.of("z", "../../systemd/system/x"), Os.Family.DEBIAN, List.of("all"), 22));
        assertTrue(e.getMessage().contains("zone: \"../../systemd/system/x\" is not a zone name"), e.getMessage());
        var ok = (FirewallOp) compiler.op(step("firewall", Map.of("zone", "{{z}}", "ports", List.of("80/tcp"))),
                Map.of("z", "public"), Os.Family.DEBIAN, List.of("all"), 22);
        assertEquals("/etc/firewalld/zones/public.xml", ok.zoneFile());
    }

    @Test
    void commandsQuoteValuesAndUnlessToo() {
        var op = (CommandOp) compiler.op(step("command", Map.of("run", "cd {{d}} && make", "unless", "test -e {{d}}/x")),
                Map.of("d", "/usr/src/a b;id"), Os.Family.DEBIAN, List.of("all"), 22);
        assertEquals("cd '/usr/src/a b;id' && make", op.script());
        assertEquals("test -e '/usr/src/a b;id'/x", op.unless());
    }
}
