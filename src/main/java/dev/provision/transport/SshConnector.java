package dev.provision.transport;

import dev.provision.secret.SecretMasker;
import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.inventory.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One open, authenticated SSH connection to a host, reused for the whole run. Each command gets
 * its own session; files are uploaded by SFTP and moved into place as root. Made by
 * {@link SshConnectorFactory}. Safe to use from one thread at a time per command.
 */
public final class SshConnector implements Connector {
    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Drains stdout and stderr of every command side by side, so a full pipe never blocks the other. */
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "ssh-drain");
        t.setDaemon(true);
        return t;
    });

    private final Host host;
    private final SSHClient client;
    private final String loginUser;
    private final Optional<Secret> becomePassword;
    private final SecretMasker masker;

    SshConnector(Host host, SSHClient client, String loginUser, Optional<Secret> becomePassword, SecretMasker masker) {
        this.host = host;
        this.client = client;
        this.loginUser = loginUser;
        this.becomePassword = becomePassword;
        this.masker = masker;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public SecretMasker masker() {
        return masker;
    }

    /** The user the connection logged in as. */
    public String loginUser() {
        return loginUser;
    }

    /**
     * {@inheritDoc}
     *
     * <p>As root through sudo when the login user is not root: {@code sudo -n}, or {@code sudo -S}
     * with the become password on stdin. A refusal by sudo (wrong password, no rights) throws with
     * exit 3 and the reason; a command running past its timeout throws with exit 1.
     *
     * <p>The login and become passwords are masked in stdout and stderr too, so output can be
     * shown as it is; to compare a remote file that could hold one, compare checksums.
     */
    @Override
    public ExecResult run(RemoteCommand command) {
        boolean sudo = command.root() && !"root".equals(loginUser);
        Optional<Secret> password = sudo ? becomePassword : Optional.empty();
        String line = sudo ? SudoWrapper.wrap(command.script(), password.isPresent()) : command.script();
        long start = System.nanoTime();
        long deadline = start + command.timeout().toNanos();
        Session session = null;
        Session.Command cmd = null;
        boolean timedOut = false;
        try {
            session = client.startSession();
            cmd = session.exec(line);
            Session.Command running = cmd;
            Future<byte[]> out = DRAINERS.submit(() -> readAll(running.getInputStream()));
            Future<byte[]> err = DRAINERS.submit(() -> readAll(running.getErrorStream()));
            try (OutputStream stdin = cmd.getOutputStream()) {
                if (password.isPresent()) {
                    stdin.write(SudoWrapper.stdin(password.get()));
                    stdin.flush();
                }
            } // closing sends EOF: nothing waits on stdin
            String stdout = new String(out.get(remaining(deadline), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
            String stderr = new String(err.get(remaining(deadline), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
            try {
                cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            } catch (ConnectionException e) {
                // Both streams ended but the process lives on (it closed them itself) past the deadline.
                if (remaining(deadline) == 0) throw new TimeoutException();
                throw e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                // No status: killed by a signal, or the server closed the channel without one.
                status = -1;
                var signal = cmd.getExitSignal();
                stderr = stderr + (signal != null ? "\n(killed by signal " + signal + ")" : "\n(no exit status)");
            }
            if (sudo) {
                Optional<String> scriptErr = SudoWrapper.scriptStderr(stderr);
                if (scriptErr.isEmpty()) {
                    throw new SudoRefusedException(host, masker.mask(SudoWrapper.refusalReason(stderr, password.isPresent())));
                }
                stderr = scriptErr.get();
            }
            return new ExecResult(status, masker.mask(stdout), masker.mask(stderr), took);
        } catch (TimeoutException e) {
            timedOut = true;
            throw ProvisionException.failed(masker.mask(host.label() + ": command did not finish within "
                    + command.timeout().toSeconds() + " s: " + shorten(command.toString())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed(host.label() + ": interrupted");
        } catch (ExecutionException e) {
            throw lost(e.getCause());
        } catch (IOException e) {
            throw lost(e);
        } finally {
            if (timedOut) abandon(session, cmd);
            else closeQuietly(session);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>As root through sudo as {@link #run} does. While the command is held, its output is
     * read and dropped in the background, so its periodic lines never fill the channel.
     */
    @Override
    public Hold hold(RemoteCommand command, String readyLine) {
        boolean sudo = command.root() && !"root".equals(loginUser);
        Optional<Secret> password = sudo ? becomePassword : Optional.empty();
        String line = sudo ? SudoWrapper.wrap(command.script(), password.isPresent()) : command.script();
        long deadline = System.nanoTime() + command.timeout().toNanos();
        Session session = null;
        boolean held = false;
        try {
            session = client.startSession();
            Session.Command cmd = session.exec(line);
            try (OutputStream stdin = cmd.getOutputStream()) {
                if (password.isPresent()) {
                    stdin.write(SudoWrapper.stdin(password.get()));
                    stdin.flush();
                }
            }
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(cmd.getInputStream(), StandardCharsets.UTF_8));
            Future<byte[]> err = DRAINERS.submit(() -> readAll(cmd.getErrorStream()));
            String first = DRAINERS.submit(out::readLine).get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (readyLine.equals(first)) {
                held = true;
                DRAINERS.submit(() -> {
                    while (out.readLine() != null) {
                        // heartbeat lines: read only to keep the channel's window open
                    }
                    return null;
                });
                Session s = session;
                return new Hold(() -> release(s, cmd), null);
            }
            var rest = new StringBuilder(first == null ? "" : first + "\n");
            for (String l = out.readLine(); l != null; l = out.readLine()) rest.append(l).append('\n');
            String stderr = new String(err.get(remaining(deadline), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
            cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            Integer status = cmd.getExitStatus();
            if (sudo) {
                Optional<String> scriptErr = SudoWrapper.scriptStderr(stderr);
                if (scriptErr.isEmpty()) {
                    throw new SudoRefusedException(host, masker.mask(SudoWrapper.refusalReason(stderr, password.isPresent())));
                }
                stderr = scriptErr.get();
            }
            return new Hold(null, new ExecResult(status == null ? -1 : status, masker.mask(rest.toString()),
                    masker.mask(stderr), Duration.ZERO));
        } catch (TimeoutException e) {
            throw ProvisionException.failed(masker.mask(host.label() + ": no answer within "
                    + command.timeout().toSeconds() + " s from: " + shorten(command.toString())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed(host.label() + ": interrupted");
        } catch (ExecutionException e) {
            throw lost(e.getCause());
        } catch (IOException e) {
            throw lost(e);
        } finally {
            if (!held) closeQuietly(session);
        }
    }

    /**
     * Ends a held command: TERM first (OpenSSH 7.9 and later pass it on), then closing the
     * channel, after which the command's next write fails and it ends by itself (older sshd).
     */
    private static void release(Session session, Session.Command cmd) {
        try {
            cmd.signal(Signal.TERM);
        } catch (IOException ignored) {
            // Older sshd without signal support: closing the channel ends it at its next write.
        }
        closeQuietly(session);
    }

    /**
     * Ends a command that ran too long without making the caller wait: sshd confirms closing a
     * session only once its process is gone, so signal the process and close in the background.
     */
    private static void abandon(Session session, Session.Command cmd) {
        try {
            if (cmd != null) cmd.signal(Signal.TERM);
        } catch (IOException ignored) {
            // Older sshd without signal support: the close below still frees the session.
        }
        DRAINERS.submit(() -> closeQuietly(session));
    }

    private static void closeQuietly(Session session) {
        if (session == null) return;
        try {
            session.close();
        } catch (IOException ignored) {
            // The command's result is already in hand (or its failure is being reported).
        }
    }

    @Override
    public void putFile(String remotePath, byte[] content, FileAttrs attrs) {
        putFile(remotePath, () -> new ByteArrayInputStream(content), attrs);
    }

    @Override
    public void putFile(String remotePath, Path localFile, FileAttrs attrs) {
        if (!Files.isReadable(localFile)) {
            throw ProvisionException.failed("cannot read local file " + localFile + " to upload to " + host.label());
        }
        putFile(remotePath, () -> Files.newInputStream(localFile), attrs);
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Uploads to a private temporary file the login user owns, then, as root, installs it with its
     * owner, group and mode beside the target and renames it over the target: readers see the old
     * file or the new one, never a partial one.
     */
    private void putFile(String remotePath, Source source, FileAttrs attrs) {
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) {
            throw new IllegalArgumentException("remote path must be an absolute file path: " + remotePath);
        }
        if (!MODE.matcher(attrs.mode()).matches()) {
            throw new IllegalArgumentException("mode must be octal like 0644: " + attrs.mode());
        }
        String token = HexFormat.of().formatHex(randomBytes());
        String upload = upload(source, token);
        int slash = remotePath.lastIndexOf('/');
        String dir = slash == 0 ? "" : remotePath.substring(0, slash);
        String staged = dir + "/." + remotePath.substring(slash + 1) + ".provision-" + token;
        String script = "src=" + Shell.quote(upload) + "; tmp=" + Shell.quote(staged) + "\n"
                + "trap 'rm -f -- \"$tmp\" \"$src\"' EXIT\n"
                + Shell.join(List.of("install", "-o", attrs.owner(), "-g", attrs.group(), "-m", attrs.mode(), "--"))
                + " \"$src\" \"$tmp\" && mv -f -- \"$tmp\" " + Shell.quote(remotePath);
        ExecResult r = run(RemoteCommand.shell(script).asRoot());
        if (!r.ok()) {
            throw ProvisionException.failed(host.label() + ": cannot write " + remotePath + ": " + r.errorText());
        }
    }

    /** Streams the content by SFTP into a new file only the login user can read; returns its path. */
    private String upload(Source source, String token) {
        try (SFTPClient sftp = client.newSFTPClient()) {
            String name = ".provision-upload-" + token;
            IOException first = null;
            for (String dir : uploadDirs(sftp)) {
                String path = dir + "/" + name;
                RemoteFile file;
                try {
                    // EXCL: never write through a file (or symlink) someone else put there.
                    file = sftp.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL),
                            new FileAttributes.Builder().withPermissions(0600).build());
                } catch (net.schmizz.sshj.sftp.SFTPException e) {
                    // No answer at all (the network cut, the host frozen) is not this folder's refusal.
                    if (e.getStatusCode() == Response.StatusCode.UNKNOWN) throw lost(e);
                    if (first == null) first = e;
                    continue;
                }
                try (file;
                        InputStream in = source.open();
                        OutputStream out = file.new RemoteFileOutputStream(0, 16)) {
                    in.transferTo(out);
                }
                return path;
            }
            throw ProvisionException.failed(host.label() + ": cannot create an upload file in the home directory "
                    + "of " + loginUser + " or /tmp: " + (first == null ? "?" : first.getMessage()));
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private static List<String> uploadDirs(SFTPClient sftp) {
        try {
            String home = sftp.canonicalize(".");
            return "/".equals(home) ? List.of("/tmp") : List.of(home, "/tmp");
        } catch (IOException e) {
            return List.of("/tmp");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    private ProvisionException lost(Throwable e) {
        return ProvisionException.unreachable(masker.mask(host.label() + ": " + SshErrors.lostReason(e)), e);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // Closing a connection that already broke: nothing left to release.
        }
    }
}
