package dev.provision.transport;

import dev.provision.secret.SecretMasker;
import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.inventory.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens SSH connections with SSHJ: host key verified against known_hosts first, then
 * authentication by the inventory's key file, or else the ssh-agent and the user's default
 * keys, and by password when the inventory has one.
 */
public final class SshConnectorFactory implements ConnectorFactory {
    /** Seconds between keep-alives, so idle connections through NAT or firewalls survive a long step. */
    static final int KEEP_ALIVE_SECONDS = 15;
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final SshSettings settings;
    private final Optional<Path> agentSocket;

    /** A factory using the ssh-agent of SSH_AUTH_SOCK, if there is one. */
    public SshConnectorFactory(SshSettings settings) {
        this(settings, SshAgent.socketFromEnvironment());
    }

    /** A factory using the ssh-agent at this socket (tests), or none. */
    SshConnectorFactory(SshSettings settings, Optional<Path> agentSocket) {
        this.settings = settings;
        this.agentSocket = agentSocket;
    }

    /**
     * Starts building the shared SSH configuration (about half a second: it probes every
     * algorithm) on a daemon thread, so it overlaps the command's own start (inventory,
     * playbooks, artifacts) instead of delaying the first connection. Harmless to call twice.
     */
    public static void prepareInBackground() {
        var t = new Thread(() -> {
            var ignored = SharedConfig.INSTANCE;
        }, "ssh-config-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Building a config probes every algorithm, which is slow: one for the whole process. */
    private static final class SharedConfig {
        static final DefaultConfig INSTANCE = build();

        private static DefaultConfig build() {
            var c = new DefaultConfig();
            c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
            return c;
        }
    }

    @Override
    public java.util.List<Secret> secrets() {
        return settings.becomePassword().stream().toList();
    }

    @Override
    public void checkLocalFiles(List<Host> hosts) {
        LocalSshFiles.check(settings, hosts, new SSHClient(SharedConfig.INSTANCE));
    }

    @Override
    public Connector open(Host host) {
        String user = host.user() != null ? host.user() : System.getProperty("user.name");
        Optional<Secret> become = settings.becomePassword().or(host::becomePassword);
        var masker = SecretMasker.ofOptionals(host.password(), host.becomePassword(), settings.becomePassword());
        int timeoutMs = Math.toIntExact(settings.connectTimeout().toMillis());

        KnownHostsVerifier verifier;
        try {
            verifier = new KnownHostsVerifier(settings.knownHostsFile(), settings.acceptNewHostKeys());
        } catch (IOException e) {
            throw ProvisionException.invalidInput("cannot read known_hosts file " + settings.knownHostsFile() + ": " + e.getMessage());
        }
        var client = new SSHClient(SharedConfig.INSTANCE);
        boolean ok = false;
        var deadline = HandshakeDeadline.start(settings.connectTimeout());
        try {
            client.setSocketFactory(deadline);
            client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
            client.setConnectTimeout(timeoutMs);
            client.getTransport().setTimeoutMs(timeoutMs); // each packet waited for; the deadline bounds them all
            client.getConnection().setTimeoutMs(timeoutMs); // opening and closing a session
            client.addHostKeyVerifier(verifier);
            try {
                client.connect(host.address(), host.port());
            } catch (IOException | RuntimeException e) {
                // RuntimeException too: SSHJ throws some on input that is not SSH at all.
                var refusal = verifier.refusal();
                if (refusal.isPresent()) {
                    throw ProvisionException.unreachable(host.label() + ": " + refusal.get(), null);
                }
                String reason = deadline.expired()
                        ? deadline.stalledConnecting(host.port(), serverVersion(client))
                        : SshErrors.connectReason(e, host.port(), settings.connectTimeout());
                throw ProvisionException.unreachable(masker.mask(host.label() + ": " + reason), e);
            }
            authenticate(client, host, user, masker, deadline);
            ok = true;
            return new SshConnector(host, client, user, become, masker);
        } finally {
            deadline.close();
            if (!ok) {
                try {
                    client.disconnect();
                } catch (IOException ignored) {
                    // It never got far enough to need a clean goodbye.
                }
            }
        }
    }

    private void authenticate(SSHClient client, Host host, String user, SecretMasker masker, HandshakeDeadline deadline) {
        var methods = new ArrayList<AuthMethod>();
        var tried = new ArrayList<String>();
        if (host.privateKeyFile().isPresent()) {
            Path key = host.privateKeyFile().get();
            try {
                methods.add(new AuthPublickey(client.loadKeys(key.toString())));
                tried.add("key " + key);
            } catch (IOException e) {
                throw ProvisionException.invalidInput(host.label() + ": cannot read private key file " + key
                        + " (ansible_ssh_private_key_file): " + e.getMessage());
            }
        } else {
            agentSocket.map(SshAgent::authMethods).orElse(List.of()).forEach(m -> {
                methods.add(m);
                tried.add("ssh-agent key " + m);
            });
            Path dir = Path.of(System.getProperty("user.home"), ".ssh");
            for (String name : DEFAULT_KEYS) {
                Path key = dir.resolve(name);
                if (!Files.isReadable(key)) continue;
                try {
                    methods.add(new AuthPublickey(client.loadKeys(key.toString())));
                    tried.add("key " + key);
                } catch (IOException e) {
                    tried.add("key " + key + " (unreadable: " + e.getMessage() + ")");
                }
            }
        }
        host.password().ifPresent(pw -> {
            methods.add(new AuthPassword(finder(pw)));
            methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(finder(pw))));
            tried.add("password");
        });
        if (methods.isEmpty()) {
            throw ProvisionException.unreachable(host.label() + ": no way to authenticate as " + user
                    + ": no ansible_ssh_private_key_file, no ssh-agent key, no ~/.ssh/id_* key and no password", null);
        }
        try {
            client.auth(user, methods);
        } catch (UserAuthException e) {
            if (deadline.expired()) throw authStalled(host, user, masker, deadline, e);
            throw ProvisionException.unreachable(masker.mask(host.label() + ": authentication failed for user '"
                    + user + "' (tried " + String.join(", ", tried) + ")"), e);
        } catch (IOException e) {
            if (deadline.expired()) throw authStalled(host, user, masker, deadline, e);
            throw ProvisionException.unreachable(masker.mask(host.label() + ": "
                    + SshErrors.connectReason(e, host.port(), settings.connectTimeout())), e);
        }
    }

    /** The banner the server sent, or null (SSHJ fails on an empty one instead of saying so). */
    private static String serverVersion(SSHClient client) {
        try {
            return client.getTransport().getServerVersion();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ProvisionException authStalled(
            Host host, String user, SecretMasker masker, HandshakeDeadline deadline, Exception e) {
        return ProvisionException.unreachable(masker.mask(host.label() + ": authentication as '" + user
                + "' did not finish within " + deadline.limit().toSeconds() + " s (--connect-timeout)"), e);
    }

    /** Gives the password each time it is asked, never retrying after a refusal. */
    private static PasswordFinder finder(Secret password) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return password.reveal().toCharArray();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }
}
