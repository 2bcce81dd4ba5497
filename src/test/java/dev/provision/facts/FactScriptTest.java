package dev.provision.facts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactScriptTest {
    private static final Os DEBIAN = Os.of("debian", "12");

    private static FactRequest request() {
        return new FactRequest().file("/etc/consul.d").file("/etc/x").largeFile("/usr/local/bin/consul").file("/missing")
                .content("/etc/firewalld/zones/public.xml").packages(List.of("firewalld", "gcc", "make"))
                .user("consul").user("haproxy").unit("consul").unit("nothere");
    }

    @Test
    void scriptAsksForEveryFactInOneCommand() {
        String s = FactScript.build(request(), Os.Family.DEBIAN);
        assertTrue(s.contains("/etc/consul.d /etc/x /usr/local/bin/consul /missing 2>/dev/null"), s);
        assertTrue(s.contains("sha256sum /etc/consul.d /etc/x /missing 2>/dev/null"), "large files are not hashed with the rest:\n" + s);
        assertTrue(s.contains("lf /usr/local/bin/consul /var/lib/provision/sums/_usr_local_bin_consul"), s);
        assertTrue(s.contains("dpkg-query -W"), s);
        assertTrue(s.contains("firewalld gcc make"), s);
        assertTrue(s.contains("getent passwd consul haproxy"), s);
        assertTrue(s.contains("systemctl show -p Id -p UnitFileState -p ActiveState consul nothere"), s);
        assertTrue(FactScript.build(request(), Os.Family.RHEL).contains("rpm -q"));
    }

    @Test
    void detectingScriptReadsOsReleaseAndPicksThePackageQuery() {
        var deb = new FactRequest().packages(List.of("openjdk-17-jre-headless")).file("/etc/x");
        var rh = new FactRequest().packages(List.of("java-11-openjdk-headless")).file("/etc/x");
        String s = FactScript.buildDetecting(deb, rh);
        assertTrue(s.startsWith(FactScript.HEADER + "printf 'O\\t%s\\n' \"$(base64 -w0 /etc/os-release"), s);
        assertTrue(s.contains("if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f='P\\t${Package}\\t${db:Status-Abbrev}\\n' openjdk-17-jre-headless"), s);
        assertTrue(s.contains("else rpm -q --qf 'P\\t%{NAME}\\tii\\n' java-11-openjdk-headless"), s);
        String out = "O\t" + Base64.getEncoder().encodeToString("ID=debian\nVERSION_ID=12\n".getBytes()) + "\n";
        assertEquals("ID=debian\nVERSION_ID=12\n", FactScript.osRelease(out));
    }

    @Test
    void parsesSampleOutput() {
        String zone = "<zone><port protocol=\"tcp\" port=\"22\"/></zone>";
        String out = String.join("\n",
                "F\t/etc/consul.d\tdirectory\tconsul\tconsul\t750",
                "F\t/usr/local/bin/consul\tregular file\troot\troot\t755",
                "L\t/usr/local/bin/consul\t" + "ab".repeat(32),
                "F\t/etc/x\tregular file\troot\troot\t644",
                "cd".repeat(32) + "  /etc/x",
                "C\t/etc/firewalld/zones/public.xml\t" + Base64.getEncoder().encodeToString(zone.getBytes()),
                "P\tfirewalld\tii ",
                "P\tgcc\tun ",
                "U\tconsul:x:998:998::/var/lib/consul:/usr/sbin/nologin",
                "Id=consul.service",
                "ActiveState=active",
                "UnitFileState=enabled",
                "",
                "Id=nothere.service",
                "ActiveState=inactive",
                "UnitFileState=",
                "");
        HostFacts f = FactScript.parse(out, request(), DEBIAN);
        assertTrue(f.file("/etc/consul.d").isDirectory());
        assertTrue(f.file("/etc/consul.d").modeIs("0750"));
        assertEquals("ab".repeat(32), f.file("/usr/local/bin/consul").sha256());
        assertFalse(f.file("/missing").exists());
        assertEquals("cd".repeat(32), f.file("/etc/x").sha256());
        assertEquals(zone, f.content("/etc/firewalld/zones/public.xml").orElseThrow());
        assertTrue(f.installed("firewalld"));
        assertFalse(f.installed("gcc"), "'un' is known but not installed");
        assertFalse(f.installed("make"), "not listed at all");
        assertEquals("/usr/sbin/nologin", f.user("consul").orElseThrow().shell());
        assertTrue(f.user("haproxy").isEmpty());
        assertTrue(f.unit("consul").active() && f.unit("consul").enabled());
        assertFalse(f.unit("nothere").active() || f.unit("nothere").enabled());
    }
}
