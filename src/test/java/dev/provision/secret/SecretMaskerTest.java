package dev.provision.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import dev.provision.transport.Shell;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    private static final String M = Secret.MASK;

    @Test
    void masksEveryOccurrenceOfEverySecret() {
        var m = SecretMasker.of(List.of(Secret.of("pa55word"), Secret.of("gossip-key")));
        assertEquals("login " + M + " then " + M + " with " + M, m.mask("login pa55word then pa55word with gossip-key"));
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        var m = SecretMasker.of(List.of(Secret.of("abcdefgh"), Secret.of("xx-abcdefgh-xx")));
        assertEquals("[" + M + "]", m.mask("[xx-abcdefgh-xx]"));
    }

    @Test
    void masksWholeTokensOnlySoOrdinaryWordsAreNotGarbled() {
        // Substring masking would turn "webserver01" into "web********" and give the password away.
        var m = SecretMasker.of(List.of(Secret.of("server01")));
        assertEquals("host webserver01 is up", m.mask("host webserver01 is up"));
        assertEquals("password " + M + ".", m.mask("password server01."));
        assertEquals("user:" + M + "@host", m.mask("user:server01@host"));
        assertEquals("\"" + M + "\"", m.mask("\"server01\""));
    }

    @Test
    void aSecretAfterAnEscapedLineBreakInJsonIsStillAToken() {
        var m = SecretMasker.of(List.of(Secret.of("server01")));
        assertEquals("{\"detail\":\"exit 1:\\n" + M + "\\tok\"}", m.mask("{\"detail\":\"exit 1:\\nserver01\\tok\"}"));
    }

    @Test
    void aSecretEdgedWithPunctuationIsMaskedWhereverItStands() {
        var m = SecretMasker.of(List.of(Secret.of("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=")));
        assertEquals("key=" + M + "x", m.mask("key=pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=x"));
    }

    @Test
    void emptyAndAbsentSecretsMaskNothing() {
        var m = SecretMasker.ofOptionals(Optional.empty(), Optional.of(Secret.of("")));
        assertEquals("nothing to hide", m.mask("nothing to hide"));
        assertNull(m.mask(null));
    }

    @Test
    void quotedFormsOfASecretAreMaskedToo() {
        var m = SecretMasker.of(List.of(Secret.of("it's \"a\" secret")));
        assertEquals("echo '" + M + "' | chpasswd", m.mask("echo " + Shell.quote("it's \"a\" secret") + " | chpasswd"));
        assertEquals("{\"pw\": \"" + M + "\"}", m.mask("{\"pw\": \"it's \\\"a\\\" secret\"}"));
    }

    @Test
    void moreSecretsCanBeAdded() {
        var m = SecretMasker.of(List.of(Secret.of("login-pw-1"))).and(List.of(Secret.of("gossip==")));
        assertEquals(M + " " + M, m.mask("login-pw-1 gossip=="));
    }

    @Test
    void masksSecretFieldsItWasNotToldAbout() {
        var m = SecretMasker.none();
        assertEquals("    stats auth admin:" + M, m.mask("    stats auth admin:hunter2"));
        assertEquals("  \"encrypt\": \"" + M + "\",", m.mask("  \"encrypt\": \"abc=\","));
        assertEquals("curl -u x http://h/?password=" + M + "&a=1", m.mask("curl -u x http://h/?password=hunter2&a=1"));
        assertEquals("Authorization: Basic " + M, m.mask("Authorization: Basic YWRtaW46aHVudGVyMg=="));
        assertEquals("    gossip_key: " + M, m.mask("    gossip_key: c2VjcmV0"));
        // Prose about passwords stays readable.
        assertEquals("sudo needs a password: set ansible_become_password",
                m.mask("sudo needs a password: set ansible_become_password"));
        assertEquals("inventory.yaml:3: all.vars.stats_password: the value is shorter than 8 characters",
                m.mask("inventory.yaml:3: all.vars.stats_password: the value is shorter than 8 characters"));
    }

    @Test
    void learnsTheOldSecretsOfAFileReadBackFromAHost() {
        String oldKey = "T2xkR29zc2lwS2V5T2xkR29zc2lwS2V5T2xkR29zcyE=";
        String oldStats = "old-stats-pw-42";
        String consulJson = "{\n  \"encrypt\": \"" + oldKey + "\",\n  \"server\": true\n}\n";
        String haproxyCfg = "listen stats\n    stats auth admin:" + oldStats + "\n";
        var m = SecretMasker.none();
        m.learnFrom(consulJson);
        m.learnFrom(haproxyCfg);
        // Learnt: masked anywhere now, not only in its field.
        assertEquals("keyring holds " + M, m.mask("keyring holds " + oldKey));
        assertEquals("login " + M + " refused", m.mask("login " + oldStats + " refused"));
    }

    @Test
    void aShortValueReadBackIsMaskedInItsFieldButNotLearnt() {
        var m = SecretMasker.none();
        m.learnFrom("stats auth admin:web\n");
        assertEquals("stats auth admin:" + M, m.mask("stats auth admin:web"));
        assertEquals("web-1 is up", m.mask("web-1 is up"));
    }

    @Test
    void secretsFromTheEnvironmentAreFound() {
        var env = Map.of("PROVISION_SSH_PASSWORD", "ssh-pw-from-env", "PROVISION_BECOME_PASSWORD", "sudo-pw-from-env",
                "PATH", "/usr/bin", "PROVISION_PLAYBOOKS", "/srv/playbooks");
        var m = SecretMasker.of(EnvironmentSecrets.in(env));
        assertEquals(M + " " + M + " /usr/bin /srv/playbooks",
                m.mask("ssh-pw-from-env sudo-pw-from-env /usr/bin /srv/playbooks"));
    }

    @Test
    void theProcessMaskerKnowsEverySecretAnyMaskerMet() {
        String s = "only-told-to-one-masker-" + System.nanoTime();
        SecretMasker.of(List.of(Secret.of(s)));
        assertFalse(SecretMasker.process().mask("error: " + s).contains(s));
        assertTrue(SecretMasker.process().mask("error: " + s).contains(M));
    }
}
