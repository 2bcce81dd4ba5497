package dev.provision.inventory;

import dev.provision.Printable;
import dev.provision.ProvisionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inventory file's text, or a sentence saying why there is none: missing, a folder, not a
 * regular file, unreadable, too large, or not UTF-8 (with the line of the first bad byte).
 */
final class InventoryText {
    /** Far more than any inventory; SnakeYAML's own limit is about 3 MB of text. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private InventoryText() {}

    static String read(Path file) {
        String name = Printable.line(file.toString());
        if (!Files.exists(file)) throw ProvisionException.invalidInput(name + ": no such inventory file");
        if (Files.isDirectory(file)) {
            throw ProvisionException.invalidInput(name + ": is a folder, not an inventory file (give the YAML file in it)");
        }
        if (!Files.isRegularFile(file)) {
            throw ProvisionException.invalidInput(name + ": is not a regular file (a device or a pipe); give an inventory file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw ProvisionException.invalidInput(name + ": is " + size + " bytes; an inventory is at most " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw ProvisionException.invalidInput(name + ": cannot be read by user " + System.getProperty("user.name")
                    + " (permission denied)");
        } catch (IOException e) {
            throw ProvisionException.invalidInput(name + ": cannot be read: " + Printable.line(String.valueOf(e.getMessage())));
        }
        String text = decode(bytes, name);
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a UTF-8 byte order mark is allowed
    }

    private static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
            throw ProvisionException.invalidInput(String.format(
                    "%s:%d: the inventory is not UTF-8 text (byte 0x%02x at offset %d); save it as UTF-8",
                    name, line, bytes[offset] & 0xff, offset));
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
