package dev.provision.ops;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.ProvisionException;
import dev.provision.transport.FileAttrs;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The absent states {@code provision down} is made of, from given facts: present -> exactly the
 * removing commands; already absent -> nothing (so a second down reports 0 changed).
 */
class AbsentStatesTest {
    static final OpPlanTest.Ctx CLEAN = OpPlanTest.CLEAN;
    static final String ZONE = "/etc/firewalld/zones/public.xml";

    static String zone(String... ports) {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n");
        for (String p : ports) {
            String[] pp = p.split("/");
            sb.append("  <port protocol=\"").append(pp[1]).append("\" port=\"").append(pp[0]).append("\"/>\n");
        }
        return sb.append("</zone>\n").toString();
    }

    static Stream<Arguments> cases() {
        FirewallOp close = new FirewallOp("public", 22, List.of("8080/tcp", "8301-8302/tcp", "22/tcp"), true);
        String kept = new FirewallOp("public", 22, List.of("9999/tcp")).zoneXml();
        return Stream.of(
            Arguments.of("user: present -> userdel", new UserOp("consul", "/var/lib/consul", UserOp.NO_LOGIN, false),
                new OpPlanTest.F().user("consul", "/var/lib/consul", "/usr/sbin/nologin"), List.of("[root] userdel consul")),
            Arguments.of("user: already absent", new UserOp("consul", "/var/lib/consul", UserOp.NO_LOGIN, false),
                new OpPlanTest.F(), List.of()),
            Arguments.of("directory: present -> removed with its content", new DirectoryOp("/etc/consul.d", FileAttrs.root("0755"), false),
                new OpPlanTest.F().dir("/etc/consul.d", "consul", "750"), List.of("[root] rm -rf -- /etc/consul.d")),
            Arguments.of("directory: already absent", new DirectoryOp("/etc/consul.d", FileAttrs.root("0755"), false),
                new OpPlanTest.F(), List.of()),
            Arguments.of("file: present -> removed", new AbsentOp("/usr/local/sbin/haproxy"),
                new OpPlanTest.F().file("/usr/local/sbin/haproxy", "root", "755", "00"), List.of("[root] rm -rf -- /usr/local/sbin/haproxy")),
            Arguments.of("file: a unit file -> removed, then daemon-reload", new AbsentOp("/etc/systemd/system/web.service"),
                new OpPlanTest.F().file("/etc/systemd/system/web.service", "root", "644", "00"),
                List.of("[root] rm -rf -- /etc/systemd/system/web.service && systemctl daemon-reload")),
            Arguments.of("file: already absent", new AbsentOp("/usr/local/sbin/haproxy"), new OpPlanTest.F(), List.of()),
            Arguments.of("service: running and enabled -> stopped, disabled", new ServiceOp("web", false, ServiceOp.State.STOPPED),
                new OpPlanTest.F().unit("web", "enabled", "active"), List.of("[root] systemctl stop web", "[root] systemctl disable web")),
            Arguments.of("service: stopped but enabled -> disabled", new ServiceOp("web", false, ServiceOp.State.STOPPED),
                new OpPlanTest.F().unit("web", "enabled", "inactive"), List.of("[root] systemctl disable web")),
            Arguments.of("service: no such unit (already removed)", new ServiceOp("web", false, ServiceOp.State.STOPPED),
                new OpPlanTest.F(), List.of()),
            Arguments.of("service: stopped without enabled: false keeps it enabled", new ServiceOp("web", true, ServiceOp.State.STOPPED),
                new OpPlanTest.F().unit("web", "enabled", "inactive"), List.of()),
            Arguments.of("firewall: role ports closed, SSH and others kept, reloaded", close,
                new OpPlanTest.F().file(ZONE, "root", "644", "00").content(ZONE, zone("22/tcp", "8080/tcp", "8301-8302/tcp", "9999/tcp"))
                    .unit("firewalld", "enabled", "active"),
                List.of("write " + ZONE + " (" + kept.length() + " bytes, root:root 0644)", "[root] firewall-cmd --reload")),
            Arguments.of("firewall: only SSH left: nothing to do", close,
                new OpPlanTest.F().file(ZONE, "root", "644", "00").content(ZONE, zone("22/tcp")).unit("firewalld", "enabled", "active"),
                List.of()),
            Arguments.of("firewall: no zone file: nothing to do", close, new OpPlanTest.F(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void removesOnlyWhatIsThere(String name, Op op, OpPlanTest.F facts, List<String> expected) {
        Plan plan = op.plan(facts.build(op), CLEAN);
        assertEquals(expected, plan.actions().stream().map(Action::describe).toList());
        assertEquals(!expected.isEmpty(), plan.changes());
    }

    @Test
    void closingPortsKeepsTheSshPortEvenWhenListed() {
        FirewallOp close = new FirewallOp("public", 2222, List.of("2222/tcp", "22/tcp", "8080/tcp"), true);
        var facts = new OpPlanTest.F().file(ZONE, "root", "644", "00").content(ZONE, zone("2222/tcp", "22/tcp", "8080/tcp"));
        Plan plan = close.plan(facts.build(close), CLEAN);
        String after = plan.fileChange().orElseThrow().after();
        assertEquals(Set.of("2222/tcp", "22/tcp"), FirewallOp.parsePorts(after));
        assertEquals("-8080/tcp", plan.summary());
    }

    @Test
    void aUnitFileRemovedMeansTheDaemonWasReloaded() {
        var op = new AbsentOp("/etc/systemd/system/web.service");
        Plan plan = op.plan(new OpPlanTest.F().file("/etc/systemd/system/web.service", "root", "644", "00").build(op), CLEAN);
        assertTrue(plan.effects().contains(Effect.DAEMON_RELOADED));
    }

    @Test
    void systemFoldersAreNeverRemoved() {
        for (String p : List.of("/", "/etc", "/etc/", "/usr/local/src", "/opt", "/var/lib")) {
            assertThrows(ProvisionException.class, () -> new AbsentOp(p), p);
            assertThrows(ProvisionException.class, () -> new DirectoryOp(p, FileAttrs.root("0755"), false), p);
        }
        assertDoesNotThrow(() -> new AbsentOp("/usr/local/src/haproxy-2.6.12"));
    }
}
