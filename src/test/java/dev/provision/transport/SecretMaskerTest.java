package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.provision.Secret;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void masksEveryOccurrenceOfEverySecret() {
        var m = SecretMasker.of(List.of(Secret.of("pa55"), Secret.of("gossip-key")));
        assertEquals("login ******** then ******** with ********",
                m.mask("login pa55 then pa55 with gossip-key"));
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        var m = SecretMasker.of(List.of(Secret.of("abc"), Secret.of("xxabcxx")));
        assertEquals("[********]", m.mask("[xxabcxx]"));
    }

    @Test
    void emptyAndAbsentSecretsMaskNothing() {
        var m = SecretMasker.ofOptionals(Optional.empty(), Optional.of(Secret.of("")));
        assertEquals("nothing to hide", m.mask("nothing to hide"));
        assertNull(m.mask(null));
    }

    @Test
    void shellQuotedSecretsAreNotHiddenByQuoting() {
        // A secret inside a command line is masked as long as it needed no escaping.
        var m = SecretMasker.of(List.of(Secret.of("s3cret")));
        assertEquals("echo ******** | chpasswd", m.mask("echo " + Shell.quote("s3cret") + " | chpasswd"));
    }

    @Test
    void moreSecretsCanBeAdded() {
        var m = SecretMasker.of(List.of(Secret.of("login-pw"))).and(List.of(Secret.of("gossip==")));
        assertEquals("******** ********", m.mask("login-pw gossip=="));
    }
}
