package dev.provision.ops;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The CentOS 7 repository file: every enabled repository on the vault, signed, no mirror list. */
class YumVaultOpTest {

    @Test
    void baseUpdatesAndExtrasOnTheLastReleaseWithTheCentos7Key() {
        String repo = new YumVaultOp(null).repoFile();
        assertTrue(repo.contains("[base]\nname=CentOS-7.9.2009 - Base (vault)\nbaseurl=http://vault.centos.org/7.9.2009/os/$basearch/\n"
                + "gpgcheck=1\ngpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7\nenabled=1\n"), repo);
        assertTrue(repo.contains("baseurl=http://vault.centos.org/7.9.2009/updates/$basearch/\n"), repo);
        assertTrue(repo.contains("baseurl=http://vault.centos.org/7.9.2009/extras/$basearch/\n"), repo);
        assertTrue(repo.contains("[centosplus]\n") && repo.endsWith("enabled=0\n"), repo);
        assertFalse(repo.contains("mirrorlist"), repo);
        assertEquals(4, repo.split("gpgcheck=1", -1).length - 1, repo);
    }

    @Test
    void aMirrorOfTheVaultReplacesItsRoot() {
        String repo = new YumVaultOp(" http://198.18.0.1:8080/centos-vault// ").repoFile();
        assertTrue(repo.contains("baseurl=http://198.18.0.1:8080/centos-vault/7.9.2009/os/$basearch/\n"), repo);
        assertFalse(repo.contains("vault.centos.org"), repo);
    }
}
