package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accept/refuse decisions on host keys, without a network: keys made here, files in a temp dir. */
class KnownHostsVerifierTest {
    @TempDir
    Path tmp;

    static PublicKey ecKey() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }

    static PublicKey rsaKey() throws Exception {
        var g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPublic();
    }

    static String entry(String hosts, PublicKey key) {
        return hosts + " " + KeyType.fromKey(key) + " "
                + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    @Test
    void aKnownKeyIsAccepted() throws Exception {
        PublicKey key = ecKey();
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, entry("[10.0.0.5]:2222", key) + "\n");
        var v = new KnownHostsVerifier(kh, false);
        assertTrue(v.verify("10.0.0.5", 2222, key));
        assertTrue(v.refusal().isEmpty());
        // The same key under port 22 is another entry: not known.
        assertFalse(new KnownHostsVerifier(kh, false).verify("10.0.0.5", 22, key));
    }

    @Test
    void anUnknownHostIsRefusedAndNothingIsWritten() throws Exception {
        PublicKey key = ecKey();
        Path kh = tmp.resolve("known_hosts");
        var v = new KnownHostsVerifier(kh, false);
        assertFalse(v.verify("10.0.0.5", 22, key));
        String m = v.refusal().orElseThrow();
        assertTrue(m.startsWith("host key of 10.0.0.5 is not known (ecdsa-sha2-nistp256 SHA256:"), m);
        assertTrue(m.contains("ssh-keyscan 10.0.0.5 >> " + kh), m);
        assertFalse(Files.exists(kh));
    }

    @Test
    void acceptNewRecordsTheKeyOnALineOfItsOwn() throws Exception {
        PublicKey key = ecKey();
        PublicKey other = ecKey();
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, entry("elsewhere", other)); // no newline at the end
        var v = new KnownHostsVerifier(kh, true);
        assertTrue(v.verify("10.0.0.5", 2200, key));
        assertEquals(entry("[10.0.0.5]:2200", key), v.recorded().orElseThrow());
        assertEquals(entry("elsewhere", other) + "\n" + entry("[10.0.0.5]:2200", key) + "\n", Files.readString(kh));
        assertTrue(new KnownHostsVerifier(kh, false).verify("10.0.0.5", 2200, key), "recorded for next time");
    }

    @Test
    void twoConnectionsAcceptingTheSameNewKeyRecordItOnce() throws Exception {
        PublicKey key = ecKey();
        Path kh = tmp.resolve("known_hosts");
        // Both made before either records: as two inventory hosts at one address, opened in parallel.
        var first = new KnownHostsVerifier(kh, true);
        var second = new KnownHostsVerifier(kh, true);
        assertTrue(first.verify("10.0.0.7", 22, key));
        assertTrue(second.verify("10.0.0.7", 22, key));
        assertEquals(List.of(entry("10.0.0.7", key)), Files.readAllLines(kh));
    }

    @Test
    void aChangedKeyIsRefusedEvenWithAcceptNewNamingTheLine() throws Exception {
        PublicKey recorded = ecKey();
        PublicKey offered = ecKey();
        Path kh = tmp.resolve("known_hosts");
        String before = "# lab\n" + entry("other", ecKey()) + "\n" + entry("[198.18.0.21]:22022", recorded) + "\n";
        Files.writeString(kh, before);
        var v = new KnownHostsVerifier(kh, true);
        assertFalse(v.verify("198.18.0.21", 22022, offered));
        String m = v.refusal().orElseThrow();
        assertTrue(m.startsWith("HOST KEY CHANGED for [198.18.0.21]:22022: the key it offers (ecdsa-sha2-nistp256 "
                + KnownHostsVerifier.sha256Fingerprint(offered) + ")"), m);
        assertTrue(m.contains("Recorded in " + kh + " line 3."), m);
        assertTrue(m.contains("ssh-keygen -R '[198.18.0.21]:22022' -f " + kh), m);
        assertEquals(before, Files.readString(kh), "a changed key is never written");
    }

    @Test
    void aKeyOfANewTypeForAKnownHostIsRefusedToo() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, entry("web-1", ecKey()) + "\n");
        var v = new KnownHostsVerifier(kh, true);
        assertFalse(v.verify("web-1", 22, rsaKey()));
        String m = v.refusal().orElseThrow();
        assertTrue(m.contains("has no ssh-rsa key recorded but keys of another type are"), m);
        assertTrue(m.contains(kh + " line 1"), m);
        assertEquals(1, Files.readAllLines(kh).size());
    }

    @Test
    void hashedEntriesMatchTheirHost() throws Exception {
        PublicKey key = ecKey();
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, entry(hashed("[10.1.2.3]:2222"), key) + "\n");
        assertTrue(new KnownHostsVerifier(kh, false).verify("10.1.2.3", 2222, key));
        var changed = new KnownHostsVerifier(kh, false);
        assertFalse(changed.verify("10.1.2.3", 2222, ecKey()));
        assertTrue(changed.refusal().orElseThrow().contains(kh + " line 1"));
    }

    @Test
    void revokedKeysAreRefused() throws Exception {
        PublicKey key = ecKey();
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, "@revoked " + entry("*", key) + "\n" + entry("web-1", key) + "\n");
        var v = new KnownHostsVerifier(kh, true);
        assertFalse(v.verify("web-1", 22, key));
        assertTrue(v.refusal().orElseThrow().contains("is marked @revoked in " + kh + " line 1"), v.refusal().get());
        assertTrue(new KnownHostsVerifier(kh, true).verify("web-2", 22, ecKey()), "other keys are not revoked");
    }

    /** OpenSSH's hashed host name: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
    static String hashed(String name) throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] h = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(h);
    }
}
