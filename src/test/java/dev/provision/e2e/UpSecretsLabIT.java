package dev.provision.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.lab.LabInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in any output, on the real lab: the lab's own secrets, secrets a user sets in the
 * inventory, and the ones a controller that lost {@code .provision/secrets} generates anew, each
 * while the hosts still hold the previous ones (the before side of {@code up --diff}). Every
 * output of {@code up --diff -v}, {@code --output json} and {@code verify}, and every report
 * file, is searched for every value. The lab's own secrets are deployed again at the end: the
 * next test logs into the stats page with the password beside the lab's inventory.
 */
class UpSecretsLabIT {
    /** Set by the user in the inventory (what 'consul keygen' would print; a password of our own). */
    private static final String USER_GOSSIP_KEY = "q0Bb7dTSgHWcmKAGwBkY1KGBe6zq8Mh0CuJ+Q1NOZ/c=";
    private static final String USER_STATS_PASSWORD = "user-Set-stats-pw-4711";

    @TempDir Path work;

    /** Secret value -> where it came from, for messages that never print the value itself. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<E2e.Run> runs = new ArrayList<>();

    @Test
    void noSecretOldOrNewInAnyOutputOfUpDiffVerboseJsonOrVerify() throws Exception {
        LabInfo lab = SharedLab.get();
        String[] labArgs = SharedLab.connectArgs();
        String knownHosts = lab.knownHosts().toString();
        // Converged with the lab's own secrets (generated beside its inventory on the first up).
        expectOk(E2e.provision(concat(new String[] {"up"}, labArgs)));
        Path labSecrets = lab.inventory().getParent().resolve(".provision/secrets");
        secrets.put(read(labSecrets.resolve("consul_gossip_key")), "the lab's gossip key");
        secrets.put(read(labSecrets.resolve("haproxy_stats_password")), "the lab's stats password");
        secrets.put(USER_GOSSIP_KEY, "the user-set gossip key");
        secrets.put(USER_STATS_PASSWORD, "the user-set stats password");
        String labInventory = Files.readString(lab.inventory());
        try {
            // 1. Secrets set in the inventory: deployed over the lab's, which are read back in the diff.
            Path userDir = Files.createDirectories(work.resolve("user"));
            Path userInv = Files.writeString(userDir.resolve("inventory.yaml"), labInventory.replaceFirst("(?m)^  vars:\n",
                    "  vars:\n    gossip_key: \"" + USER_GOSSIP_KEY + "\"\n    stats_password: " + USER_STATS_PASSWORD + "\n"));
            String[] userArgs = {"-i", userInv.toString(), "--known-hosts", knownHosts};
            var userUp = expectOk(E2e.provision(concat(new String[] {"up", "--diff", "-v"}, userArgs)));
            assertFalse(userUp.out().contains("unknown variable"), userUp.transcript());
            assertTrue(userUp.out().contains("-  \"encrypt\": \"********\","), "the old key, masked:\n" + userUp.transcript());
            assertTrue(userUp.out().contains("+  \"encrypt\": \"********\","), "the new key, masked:\n" + userUp.transcript());
            assertTrue(userUp.out().contains("stats auth admin:********"), userUp.transcript());
            expectOk(E2e.provision(concat(new String[] {"up", "--diff", "-v", "-o", "json"}, userArgs)));
            Path userReports = userDir.resolve("reports");
            expectOk(E2e.provision(concat(new String[] {"verify", "--no-disruptive", "--report-dir", userReports.toString()},
                    userArgs)));
            String md = Files.readString(userReports.resolve("latest/report.md"));
            assertFalse(md.contains("not captured: "), "verify logged into the stats page with the user's password:\n" + md);

            // 2. A controller without .provision/secrets: new ones generated, the user's read back from the hosts.
            Path freshDir = Files.createDirectories(work.resolve("fresh"));
            Path freshInv = Files.writeString(freshDir.resolve("inventory.yaml"), labInventory);
            String[] freshArgs = {"-i", freshInv.toString(), "--known-hosts", knownHosts};
            var freshUp = expectOk(E2e.provision(concat(new String[] {"up", "--diff", "-v", "-o", "json"}, freshArgs)));
            assertTrue(freshUp.err().contains("-  \"encrypt\": \"********\","), freshUp.transcript());
            String freshKey = read(freshDir.resolve(".provision/secrets/consul_gossip_key"));
            String freshStats = read(freshDir.resolve(".provision/secrets/haproxy_stats_password"));
            assertNotEquals(USER_GOSSIP_KEY, freshKey);
            secrets.put(freshKey, "the newly generated gossip key");
            secrets.put(freshStats, "the newly generated stats password");
            Path freshReports = freshDir.resolve("reports");
            expectOk(E2e.provision(concat(new String[] {"verify", "--no-disruptive", "--report-dir", freshReports.toString()},
                    freshArgs)));

            assertNoSecretIn(userReports);
            assertNoSecretIn(freshReports);
        } finally {
            // The lab's own secrets back on every host, its diff searched too.
            expectOk(E2e.provision(concat(new String[] {"up", "--diff", "-v"}, labArgs)));
            var again = expectOk(E2e.provision(concat(new String[] {"up", "-o", "json"}, labArgs)));
            assertTrue(java.util.regex.Pattern.compile("\"totals\":\\{\"ok\":\\d+,\"changed\":0,").matcher(again.out()).find(),
                    "the lab is converged again:\n" + again.transcript());
        }
        for (E2e.Run r : runs) {
            for (var s : secrets.entrySet()) {
                assertFalse(r.out().contains(s.getKey()) || r.err().contains(s.getKey()),
                        s.getValue() + " printed by: provision " + String.join(" ", r.args()));
            }
        }
        assertEquals(6, secrets.size(), "six distinct secrets searched for");
    }

    private E2e.Run expectOk(E2e.Run run) {
        runs.add(run);
        assertEquals(0, run.exitCode(), "provision " + String.join(" ", run.args()) + " exited " + run.exitCode()
                + " (transcript in the test log)");
        return run;
    }

    private void assertNoSecretIn(Path reportDir) throws Exception {
        int files = 0;
        try (Stream<Path> all = Files.walk(reportDir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files++;
                String text = Files.readString(f);
                for (var s : secrets.entrySet()) assertFalse(text.contains(s.getKey()), s.getValue() + " in " + f);
            }
        }
        assertTrue(files >= 4, "every report format was written in " + reportDir);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).strip();
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
