package dev.provision.facts;

import static org.junit.jupiter.api.Assertions.*;

import dev.provision.facts.Os.Family;
import org.junit.jupiter.api.Test;

class OsTest {
    static final String DEBIAN_12 = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;

    static final String CENTOS_7 = """
            NAME="CentOS Linux"
            VERSION="7 (Core)"
            ID="centos"
            ID_LIKE="rhel fedora"
            VERSION_ID="7"
            PRETTY_NAME="CentOS Linux 7 (Core)"
            ANSI_COLOR="0;31"
            CPE_NAME="cpe:/o:centos:centos:7"

            CENTOS_MANTISBT_PROJECT="CentOS-7"
            """;

    static final String ROCKY_9 = """
            NAME="Rocky Linux"
            VERSION="9.3 (Blue Onyx)"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.3"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
            """;

    @Test
    void debian12() {
        var os = Os.parse(DEBIAN_12);
        assertEquals(new Os("debian", "12", Family.DEBIAN, "Debian GNU/Linux 12 (bookworm)"), os);
        assertEquals("debian 12", os.summary());
    }

    @Test
    void centos7() {
        var os = Os.parse(CENTOS_7);
        assertEquals(new Os("centos", "7", Family.RHEL, "CentOS Linux 7 (Core)"), os);
        assertEquals("centos 7 (rhel)", os.summary());
        assertEquals("7", os.majorVersion());
    }

    @Test
    void rocky9() {
        var os = Os.parse(ROCKY_9);
        assertEquals(Family.RHEL, os.family());
        assertEquals("9.3", os.versionId());
        assertEquals("9", os.majorVersion());
        assertEquals("rocky 9.3 (rhel)", os.summary());
    }

    @Test
    void ubuntuIsDebianFamilyAndUnknownStaysUnknown() {
        assertEquals(Family.DEBIAN, Os.parse("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n").family());
        var alpine = Os.parse("ID=alpine\nVERSION_ID=3.19.1\n");
        assertEquals(Family.UNKNOWN, alpine.family());
        assertEquals("alpine 3.19.1 (unknown)", alpine.summary());
    }

    @Test
    void quotingAndCommentsFollowTheShellRules() {
        var os = Os.parse("# comment\nID='weird'\nPRETTY_NAME=\"A \\\"quoted\\\" name\"\n");
        assertEquals("weird", os.id());
        assertEquals("A \"quoted\" name", os.prettyName());
        assertEquals("", os.versionId());
        assertEquals("weird", os.summary().split(" ")[0]);
    }

    @Test
    void familyGivesThePackageManagerAndUnknownFamiliesAreRefused() {
        assertEquals("apt", Os.parse("ID=debian\nVERSION_ID=\"12\"\n").supported().packageManager());
        Os c7 = Os.parse("NAME=\"CentOS Linux\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n").supported();
        assertEquals("yum", c7.packageManager());
        assertTrue(c7.isCentos7());
        assertFalse(Os.of("rocky", "7.9").isCentos7());
        assertEquals("dnf", Os.parse("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n").packageManager());
        var e = assertThrows(RuntimeException.class, () -> Os.parse("ID=alpine\n").supported());
        assertTrue(e.getMessage().contains("unsupported operating system 'alpine (unknown)'"), e.getMessage());
    }
}
