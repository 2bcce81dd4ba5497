package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSH options and files on this machine are input: a known_hosts folder, a key file that
 * does not parse, a timeout out of range each exit 2 with a sentence naming what is wrong, for
 * ping and up alike, and no host is contacted (a listener counts connections).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshInputErrorsTest {
    @TempDir Path tmp;
    ServerSocket listener;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    accepted.add(listener.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "counting-listener");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        for (Socket s : accepted) s.close();
    }

    /** Names the case sets up: the key file's content, and where --known-hosts points. */
    Path inventory(String keyContent) throws IOException {
        Path inv = SilentPortTest.writeInventory(tmp, listener.getLocalPort());
        if (keyContent == null) return inv;
        Path key = Files.writeString(tmp.resolve("id_broken"), keyContent.replace("\\n", "\n"));
        Files.writeString(inv, Files.readString(inv).replace("vars: {ansible_user: root,",
                "vars: {ansible_user: root, ansible_ssh_private_key_file: " + key + ","));
        return inv;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "ping | known-hosts-folder | -                  | -  | is a folder, not a known_hosts file",
        "up   | known-hosts-folder | -                  | -  | is a folder, not a known_hosts file",
        "ping | key                | not a key at all   | -  | id_broken (ansible_ssh_private_key_file of mute): not a private key provision can use",
        "up   | key                | not a key at all   | -  | id_broken (ansible_ssh_private_key_file of mute): not a private key provision can use",
        "ping | key                | -----BEGIN OPENSSH PRIVATE KEY-----\\nAAAAB3NzaC1\\n-----END OPENSSH PRIVATE KEY-----\\n | - | id_broken (ansible_ssh_private_key_file of mute): not a private key provision can use",
        "up   | key                | -----BEGIN OPENSSH PRIVATE KEY-----\\nAAAAB3NzaC1\\n-----END OPENSSH PRIVATE KEY-----\\n | - | id_broken (ansible_ssh_private_key_file of mute): not a private key provision can use",
        "ping | timeout            | -                  | 99999999 | --connect-timeout must be between 1 and 600 seconds, got 99999999",
        "up   | timeout            | -                  | 0        | --connect-timeout must be between 1 and 600 seconds, got 0",
    })
    void exits2NamingTheFileAndContactsNoHost(String command, String what, String keyContent, String timeout, String expected)
            throws IOException {
        Path inv = inventory(keyContent);
        Path knownHosts = what.equals("known-hosts-folder")
                ? Files.createDirectories(tmp.resolve("ssh-folder"))
                : tmp.resolve("known_hosts");
        var args = new ArrayList<>(List.of(command, "-i", inv.toString(), "--known-hosts", knownHosts.toString(),
                "--connect-timeout", timeout == null ? "2" : timeout));
        if (command.equals("up")) args.addAll(List.of("--playbooks", "playbooks"));
        SilentPortTest.Run r = SilentPortTest.provision(args.toArray(String[]::new));
        String all = r.out() + r.err();
        assertEquals(2, r.exit(), all);
        assertTrue(r.err().contains(expected), "says " + expected + ":\n" + all);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error: ")), "one error line:\n" + all);
        assertEquals(0, accepted.size(), "no host contacted:\n" + all);
    }
}
