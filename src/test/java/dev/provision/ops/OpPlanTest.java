package dev.provision.ops;

import dev.provision.digest.Sha256;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.facts.FileState;
import dev.provision.facts.HostFacts;
import dev.provision.facts.Os;
import dev.provision.facts.UnitState;
import dev.provision.facts.UserState;
import dev.provision.inventory.Host;
import dev.provision.transport.ExecResult;
import dev.provision.transport.FileAttrs;
import dev.provision.transport.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each operation's plan from given facts: (op, facts) -> exactly the commands for the difference. */
class OpPlanTest {
    static final Os DEBIAN = Os.of("debian", "12");
    static final Os CENTOS7 = Os.of("centos", "7");
    static final String SHA_HELLO = Sha256.of("hello\n".getBytes(StandardCharsets.UTF_8));

    @TempDir static Path tmp;

    /** Facts builder: only what a case sets exists. */
    static final class F {
        Os os = DEBIAN;
        Map<String, FileState> files = new HashMap<>();
        Map<String, String> contents = new HashMap<>();
        Set<String> pkgs = new HashSet<>();
        Map<String, UserState> users = new HashMap<>();
        Map<String, UnitState> units = new HashMap<>();

        F os(Os o) { os = o; return this; }
        F file(String p, String owner, String mode, String sha) {
            files.put(p, new FileState(p, "regular file", owner, owner, mode, sha));
            return this;
        }
        F dir(String p, String owner, String mode) {
            files.put(p, new FileState(p, "directory", owner, owner, mode, null));
            return this;
        }
        F content(String p, String text) { contents.put(p, text); return this; }
        F pkg(String... names) { pkgs.addAll(List.of(names)); return this; }
        F user(String name, String home, String shell) {
            users.put(name, new UserState(name, 999, 999, home, shell));
            return this;
        }
        F unit(String name, String enabled, String active) {
            units.put(name, new UnitState(name, enabled, active));
            return this;
        }
        HostFacts build(Op op) {
            var req = new dev.provision.facts.FactRequest();
            op.request(req);
            // Anything the op asked for and the case did not set is absent, as the script reports it.
            String out = String.join("\n", files.values().stream().map(f -> "F\t" + f.path() + "\t" + f.type() + "\t"
                    + f.owner() + "\t" + f.group() + "\t" + f.mode() + (f.sha256() == null ? "" : "\nL\t" + f.path() + "\t" + f.sha256())).toList())
                    + "\n" + String.join("\n", contents.entrySet().stream().map(e -> "C\t" + e.getKey() + "\t"
                    + java.util.Base64.getEncoder().encodeToString(e.getValue().getBytes())).toList())
                    + "\n" + String.join("\n", pkgs.stream().map(p -> "P\t" + p + "\tii ").toList())
                    + "\n" + String.join("\n", users.values().stream().map(u -> "U\t" + u.name() + ":x:999:999::" + u.home() + ":" + u.shell()).toList())
                    + "\n" + String.join("\n", units.values().stream().map(u -> "Id=" + u.name() + ".service\nUnitFileState=" + u.unitFileState() + "\nActiveState=" + u.activeState()).toList());
            return dev.provision.facts.FactScript.parse(out, req, os);
        }
    }

    /** A context with no history; probes answer as configured. */
    record Ctx(boolean reloadPending, Set<String> started, boolean probeOk) implements HostContext {
        public Host host() { return null; }
        public boolean daemonReloadPending() { return reloadPending; }
        public boolean startedInThisPlay(String unit) { return started.contains(unit); }
        public ExecResult probe(RemoteCommand c) { return new ExecResult(probeOk ? 0 : 1, "", "", Duration.ZERO); }
    }

    static final Ctx CLEAN = new Ctx(false, Set.of(), false);

    static Stream<Arguments> cases() throws Exception {
        Path jar = Files.writeString(tmp.resolve("web.jar"), "hello\n");
        FirewallOp fw = new FirewallOp("public", 2222, List.of("8301-8302/tcp", "8080/tcp"));
        String zoneSha = Sha256.of(fw.zoneXml().getBytes(StandardCharsets.UTF_8));
        byte[] vault = new YumVaultOp(null).repoFile().getBytes(StandardCharsets.UTF_8);
        String vaultSha = Sha256.of(vault);
        int vaultBytes = vault.length;
        return Stream.of(
            // package
            Arguments.of("package: all installed", new PackageOp(List.of("gcc", "make")), new F().pkg("gcc", "make"), CLEAN, List.of()),
            Arguments.of("package: one missing (apt)", new PackageOp(List.of("gcc", "make")), new F().pkg("gcc"), CLEAN,
                List.of("[root] DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends make || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends make; }")),
            Arguments.of("package: yum on CentOS 7", new PackageOp(List.of("gcc")), new F().os(CENTOS7), CLEAN,
                List.of("[root] yum install -y -q --setopt=skip_missing_names_on_install=False gcc")),
            Arguments.of("package: dnf on Rocky 9", new PackageOp(List.of("gcc")),
                new F().os(Os.of("rocky", "9.3")), CLEAN, List.of("[root] dnf install -y -q gcc")),
            // user
            Arguments.of("user: present", new UserOp("consul", "/var/lib/consul", UserOp.NO_LOGIN),
                new F().user("consul", "/var/lib/consul", "/usr/sbin/nologin"), CLEAN, List.of()),
            Arguments.of("user: absent", new UserOp("consul", "/var/lib/consul", UserOp.NO_LOGIN), new F(), CLEAN,
                List.of("[root] useradd --system --user-group --no-create-home --home-dir /var/lib/consul --shell /usr/sbin/nologin consul")),
            Arguments.of("user: has a login shell", new UserOp("consul", "/var/lib/consul", UserOp.NO_LOGIN),
                new F().user("consul", "/var/lib/consul", "/bin/bash"), CLEAN,
                List.of("[root] usermod --shell /usr/sbin/nologin consul")),
            // directory
            Arguments.of("directory: as wanted", new DirectoryOp("/etc/consul.d", new FileAttrs("0750", "consul", "consul")),
                new F().dir("/etc/consul.d", "consul", "750"), CLEAN, List.of()),
            Arguments.of("directory: absent", new DirectoryOp("/etc/consul.d", new FileAttrs("0750", "consul", "consul")), new F(), CLEAN,
                List.of("[root] install -d -o consul -g consul -m 0750 /etc/consul.d")),
            Arguments.of("directory: wrong owner and mode", new DirectoryOp("/etc/consul.d", new FileAttrs("0750", "consul", "consul")),
                new F().dir("/etc/consul.d", "root", "755"), CLEAN,
                List.of("[root] chown consul:consul /etc/consul.d", "[root] chmod 0750 /etc/consul.d")),
            // file
            Arguments.of("file: same content", new FileOp("/etc/x.cfg", "hello\n", FileAttrs.root("0644"), null),
                new F().file("/etc/x.cfg", "root", "644", SHA_HELLO), CLEAN, List.of()),
            Arguments.of("file: content differs, validated", new FileOp("/etc/x.cfg", "hello\n", FileAttrs.root("0644"), "check %s"),
                new F().file("/etc/x.cfg", "root", "644", "00"), CLEAN,
                List.of("write /etc/x.cfg (6 bytes, root:root 0644), validated by: check %s")),
            Arguments.of("file: only mode differs", new FileOp("/etc/x.cfg", "hello\n", FileAttrs.root("0640"), null),
                new F().file("/etc/x.cfg", "root", "644", SHA_HELLO), CLEAN, List.of("[root] chmod 0640 /etc/x.cfg")),
            // copy (local file by sha256)
            Arguments.of("copy: same sha256", new CopyOp(jar, "/opt/web.jar", FileAttrs.root("0644")),
                new F().file("/opt/web.jar", "root", "644", SHA_HELLO), CLEAN, List.of()),
            Arguments.of("copy: absent", new CopyOp(jar, "/opt/web.jar", FileAttrs.root("0644")), new F(), CLEAN,
                List.of("write /opt/web.jar (web.jar, root:root 0644)",
                    "[root] mkdir -p /var/lib/provision/sums && printf '%s %s\\n' \"$(stat -c %s.%Y.%i /opt/web.jar)\" " + SHA_HELLO + " > /var/lib/provision/sums/_opt_web.jar")),
            // guarded command
            Arguments.of("command: creates exists", new CommandOp("make", "/done", null),
                new F().file("/done", "root", "644", SHA_HELLO), CLEAN, List.of()),
            Arguments.of("command: creates absent", new CommandOp("make", "/done", null), new F(), CLEAN,
                List.of("[root] make")),
            Arguments.of("command: unless passes", new CommandOp("make", null, "test -x /x"), new F(),
                new Ctx(false, Set.of(), true), List.of()),
            // firewall
            Arguments.of("firewall: zone exact", fw, new F().file(fw.zoneFile(), "root", "644", zoneSha).unit("firewalld", "enabled", "active"),
                CLEAN, List.of()),
            Arguments.of("firewall: before firewalld is installed, no reload", fw, new F(), CLEAN,
                List.of("write /etc/firewalld/zones/public.xml (" + fw.zoneXml().length() + " bytes, root:root 0644)")),
            Arguments.of("firewall: extra port while running", fw,
                new F().file(fw.zoneFile(), "root", "644", "00").content(fw.zoneFile(), "<port protocol=\"tcp\" port=\"9999\"/>")
                    .unit("firewalld", "enabled", "active"), CLEAN,
                List.of("write /etc/firewalld/zones/public.xml (" + fw.zoneXml().length() + " bytes, root:root 0644)",
                    "[root] firewall-cmd --reload")),
            Arguments.of("firewall: default zone already ours", fw, new F().file(fw.zoneFile(), "root", "644", zoneSha)
                .content(FirewallOp.CONF, "# comment\nDefaultZone=public\nIPv6_rpfilter=yes\n").unit("firewalld", "enabled", "active"),
                CLEAN, List.of()),
            Arguments.of("firewall: default zone trusted while running", fw, new F().file(fw.zoneFile(), "root", "644", zoneSha)
                .content(FirewallOp.CONF, "DefaultZone=trusted\n").unit("firewalld", "enabled", "active"), CLEAN,
                List.of("[root] firewall-cmd --set-default-zone=public")),
            Arguments.of("firewall: default zone trusted while stopped", fw, new F().file(fw.zoneFile(), "root", "644", zoneSha)
                .content(FirewallOp.CONF, "DefaultZone=trusted\n"), CLEAN,
                List.of("[root] sed -i 's/^[[:space:]]*DefaultZone[[:space:]]*=.*/DefaultZone=public/' /etc/firewalld/firewalld.conf")),
            // service
            Arguments.of("service: enabled and active", new ServiceOp("consul", true, ServiceOp.State.STARTED),
                new F().unit("consul", "enabled", "active"), CLEAN, List.of()),
            Arguments.of("service: new unit file, stopped", new ServiceOp("consul", true, ServiceOp.State.STARTED),
                new F().unit("consul", "disabled", "inactive"), new Ctx(true, Set.of(), false),
                List.of("[root] systemctl daemon-reload", "[root] systemctl enable consul",
                    "[root] systemctl start consul && systemctl is-active --quiet consul || { journalctl -u consul -n 15 --no-pager -q >&2; exit 1; }")),
            Arguments.of("handler restart: skipped when started after the change", new ServiceOp("consul", true, ServiceOp.State.RESTARTED),
                new F().unit("consul", "enabled", "active"), new Ctx(false, Set.of("consul"), false), List.of()),
            Arguments.of("handler reload", new ServiceOp("haproxy", true, ServiceOp.State.RELOADED),
                new F().unit("haproxy", "enabled", "active"), CLEAN,
                List.of("[root] systemctl reload-or-restart haproxy && systemctl is-active --quiet haproxy || { journalctl -u haproxy -n 15 --no-pager -q >&2; exit 1; }")),
            // CentOS 7 vault
            Arguments.of("yum vault: not CentOS 7", new YumVaultOp(null), new F(), CLEAN, List.of()),
            Arguments.of("yum vault: already on the vault", new YumVaultOp(null),
                new F().os(CENTOS7).file(YumVaultOp.REPO_FILE, "root", "644", vaultSha), CLEAN, List.of()),
            Arguments.of("yum vault: stock mirror list replaced", new YumVaultOp(null),
                new F().os(CENTOS7).file(YumVaultOp.REPO_FILE, "root", "644", SHA_HELLO), CLEAN,
                List.of("write /etc/yum.repos.d/CentOS-Base.repo (" + vaultBytes + " bytes, root:root 0644)", "[root] yum clean all -q")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansOnlyTheDifference(String name, Op op, F facts, Ctx ctx, List<String> expected) {
        Plan plan = op.plan(facts.build(op), ctx);
        assertEquals(expected, plan.actions().stream().map(Action::describe).toList());
        assertEquals(!expected.isEmpty(), plan.changes());
    }
}
