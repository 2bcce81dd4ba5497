package dev.provision.facts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FactCacheTest {
    private static final Os DEBIAN = Os.of("debian", "12");

    private static FactCache cache(FactRequest read, String out) {
        return new FactCache(FactScript.parse(out, read, DEBIAN), read);
    }

    @Test
    void nothingIsReadAgainWhileNothingChanged() {
        var read = new FactRequest().file("/etc/a").unit("consul");
        var c = cache(read, "");
        assertTrue(c.toRead(read).isEmpty());
        assertFalse(c.toRead(new FactRequest().file("/etc/b")).isEmpty(), "a fact never read is read");
    }

    @Test
    void anActionMakesWhatItTouchedStaleAndOnlyThat() {
        var read = new FactRequest().file("/etc/a").file("/etc/b").user("consul");
        var c = cache(read, "");
        c.touched(Touched.facts(new FactRequest().file("/etc/a")));
        assertTrue(c.toRead(new FactRequest().file("/etc/b").user("consul")).isEmpty());
        var again = c.toRead(read);
        assertFalse(again.isEmpty());
        assertTrue(new FactRequest().file("/etc/a").covers(again) && again.covers(new FactRequest().file("/etc/a")), "only /etc/a");

        c.refresh(FactScript.parse("F\t/etc/a\tdirectory\troot\troot\t755\n", again, DEBIAN), again);
        assertTrue(c.facts().file("/etc/a").isDirectory(), "the fresh state replaces the old");
        assertFalse(c.facts().file("/etc/b").exists());
        assertTrue(c.toRead(read).isEmpty());
    }

    @Test
    void aPackageInstallMakesEverythingStaleUntilReadAgain() {
        var read = new FactRequest().file("/etc/a").packages(List.of("firewalld")).unit("firewalld");
        var c = cache(read, "");
        c.touched(Touched.EVERYTHING);
        var units = new FactRequest().unit("firewalld");
        assertTrue(c.toRead(units).covers(units));
        c.refresh(FactScript.parse("Id=firewalld.service\nUnitFileState=enabled\nActiveState=active\n", units, DEBIAN), units);
        assertTrue(c.facts().unit("firewalld").active());
        assertTrue(c.toRead(units).isEmpty());
        assertFalse(c.toRead(read).isEmpty(), "what was not read again is still stale");
        c.touched(Touched.NOTHING);
        assertTrue(c.toRead(units).isEmpty());
    }
}
