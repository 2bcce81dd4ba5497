package dev.provision.transport;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;
import net.schmizz.sshj.userauth.method.AuthMethod;

/**
 * Public key authentication with the keys an ssh-agent holds (SSH_AUTH_SOCK), speaking the agent
 * protocol over its Unix socket: SSHJ has no agent support of its own, and the private keys never
 * leave the agent. See draft-miller-ssh-agent: request identities, then one sign request per key
 * the server accepts.
 */
final class SshAgent {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Ask for rsa-sha2-512 signatures: plain ssh-rsa (SHA-1) is refused by current sshd. */
    private static final int RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE = 256 * 1024;

    private SshAgent() {}

    /** One auth method per key in the agent at this socket; none if it cannot be asked. */
    static List<AuthMethod> authMethods(Path socket) {
        if (!Files.exists(socket)) return List.of();
        try {
            Buffer.PlainBuffer answer = call(socket, new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES));
            if (answer.readByte() != IDENTITIES_ANSWER) return List.of();
            long n = answer.readUInt32();
            var methods = new ArrayList<AuthMethod>();
            for (long i = 0; i < n && i < 100; i++) {
                byte[] blob = answer.readBytes();
                String comment = answer.readString();
                methods.add(new AgentKeyAuth(socket, blob, comment));
            }
            return methods;
        } catch (IOException e) {
            // An agent that does not answer is as good as none: other methods still get tried.
            return List.of();
        }
    }

    /** Sends one request and reads its answer (length-prefixed messages). */
    private static Buffer.PlainBuffer call(Path socket, Buffer.PlainBuffer request) throws IOException {
        try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            byte[] body = request.getCompactData();
            var out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
            while (out.hasRemaining()) ch.write(out);
            var len = ByteBuffer.allocate(4);
            readFully(ch, len);
            int size = len.flip().getInt();
            if (size <= 0 || size > MAX_MESSAGE) throw new IOException("bad agent answer length " + size);
            var in = ByteBuffer.allocate(size);
            readFully(ch, in);
            return new Buffer.PlainBuffer(in.array());
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IOException("agent closed the connection");
        }
    }

    /** "publickey" with one agent key: a feeler with the public key, then an agent-made signature. */
    static final class AgentKeyAuth extends AbstractAuthMethod {
        private final Path socket;
        private final byte[] blob;
        private final String keyType;
        private final String comment;

        AgentKeyAuth(Path socket, byte[] blob, String comment) throws Buffer.BufferException {
            super("publickey");
            this.socket = socket;
            this.blob = blob;
            this.keyType = new Buffer.PlainBuffer(blob).readString();
            this.comment = comment;
        }

        private String algorithm() {
            return "ssh-rsa".equals(keyType) ? "rsa-sha2-512" : keyType;
        }

        private SSHPacket request(boolean signed) throws UserAuthException {
            return super.buildReq().putBoolean(signed).putString(algorithm()).putString(blob);
        }

        @Override
        protected SSHPacket buildReq() throws UserAuthException {
            return request(false);
        }

        @Override
        public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
            if (cmd != Message.USERAUTH_60) {
                super.handle(cmd, buf);
                return;
            }
            // The server accepts this key: have the agent sign session id + request.
            SSHPacket req = request(true);
            byte[] data = new Buffer.PlainBuffer()
                    .putString(params.getTransport().getSessionID())
                    .putBuffer(req)
                    .getCompactData();
            req.putString(sign(data));
            params.getTransport().write(req);
        }

        private byte[] sign(byte[] data) throws UserAuthException {
            int flags = "ssh-rsa".equals(keyType) ? RSA_SHA2_512 : 0;
            try {
                Buffer.PlainBuffer answer = call(socket, new Buffer.PlainBuffer()
                        .putByte(SIGN_REQUEST).putString(blob).putString(data).putUInt32(flags));
                if (answer.readByte() != SIGN_RESPONSE) {
                    throw new UserAuthException("the ssh-agent refused to sign with " + this);
                }
                return answer.readBytes();
            } catch (IOException e) {
                throw new UserAuthException("the ssh-agent could not sign with " + this, e);
            }
        }

        @Override
        public String toString() {
            return keyType + (comment == null || comment.isBlank() ? "" : " " + comment);
        }
    }

    /** The agent socket named by SSH_AUTH_SOCK, if any. */
    static Optional<Path> socketFromEnvironment() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? Optional.empty() : Optional.of(Path.of(sock));
    }
}
