package dev.provision.facts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactScriptTest {
    private static final OsInfo DEBIAN = new OsInfo("debian", "12", OsFamily.DEBIAN, "apt");

    private static FactRequest request() {
        return new FactRequest().file("/etc/consul.d").largeFile("/usr/local/bin/consul").file("/missing")
                .content("/etc/firewalld/zones/public.xml").packages(List.of("firewalld", "gcc", "make"))
                .user("consul").user("haproxy").unit("consul").unit("nothere");
    }

    @Test
    void scriptAsksForEveryFactInOneCommand() {
        String s = FactScript.build(request(), OsFamily.DEBIAN);
        assertTrue(s.contains("f /etc/consul.d 0 "), s);
        assertTrue(s.contains("f /usr/local/bin/consul 1 /var/lib/provision/sums/_usr_local_bin_consul"), s);
        assertTrue(s.contains("dpkg-query -W"), s);
        assertTrue(s.contains("firewalld gcc make"), s);
        assertTrue(s.contains("getent passwd consul"), s);
        assertTrue(s.contains("systemctl show -p UnitFileState -p ActiveState nothere"), s);
        assertTrue(FactScript.build(request(), OsFamily.RHEL).contains("rpm -q"));
    }

    @Test
    void parsesSampleOutput() {
        String zone = "<zone><port protocol=\"tcp\" port=\"22\"/></zone>";
        String out = String.join("\n",
                "F\t/etc/consul.d\tdirectory\tconsul\tconsul\t750\t-",
                "F\t/usr/local/bin/consul\tregular file\troot\troot\t755\t" + "ab".repeat(32),
                "F\t/missing\tabsent",
                "C\t/etc/firewalld/zones/public.xml\t" + Base64.getEncoder().encodeToString(zone.getBytes()),
                "P\tfirewalld\tii ",
                "P\tgcc\tun ",
                "U\tconsul:x:998:998::/var/lib/consul:/usr/sbin/nologin",
                "S\tconsul",
                "ActiveState=active",
                "UnitFileState=enabled",
                "S\tnothere",
                "ActiveState=inactive",
                "UnitFileState=",
                "");
        HostFacts f = FactScript.parse(out, request(), DEBIAN);
        assertTrue(f.file("/etc/consul.d").isDirectory());
        assertTrue(f.file("/etc/consul.d").modeIs("0750"));
        assertEquals("ab".repeat(32), f.file("/usr/local/bin/consul").sha256());
        assertFalse(f.file("/missing").exists());
        assertEquals(zone, f.content("/etc/firewalld/zones/public.xml").orElseThrow());
        assertTrue(f.installed("firewalld"));
        assertFalse(f.installed("gcc"), "'un' is known but not installed");
        assertFalse(f.installed("make"), "not listed at all");
        assertEquals("/usr/sbin/nologin", f.user("consul").orElseThrow().shell());
        assertTrue(f.user("haproxy").isEmpty());
        assertTrue(f.unit("consul").active() && f.unit("consul").enabled());
        assertFalse(f.unit("nothere").active() || f.unit("nothere").enabled());
    }

    @Test
    void osReleaseGivesFamilyAndPackageManager() {
        assertEquals(OsFamily.DEBIAN, OsDetection.parse("ID=debian\nVERSION_ID=\"12\"\n").family());
        OsInfo c7 = OsDetection.parse("NAME=\"CentOS Linux\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n");
        assertEquals("yum", c7.packageManager());
        assertTrue(c7.isCentos7());
        assertEquals("dnf", OsDetection.parse("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n").packageManager());
        assertThrows(RuntimeException.class, () -> OsDetection.parse("ID=alpine\n"));
    }
}
