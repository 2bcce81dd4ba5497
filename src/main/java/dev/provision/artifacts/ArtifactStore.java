package dev.provision.artifacts;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;
import dev.provision.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds release files and checks them before anything is uploaded: from an artifacts folder
 * (vendor file names, vendor checksum files beside them), or else downloaded from the vendor's
 * URL into a cache. Zip members are unpacked here, on the controller.
 *
 * <p>Exit codes: a file or checksum file missing from the folder is invalid input (2: the
 * inventory points at an incomplete folder); a digest that does not match, or a download that
 * fails, is a failure (1). Either way no host has been contacted yet.
 */
public final class ArtifactStore {
    private final Path dir;
    private final Path cache;

    /**
     * @param dir the artifacts folder, or null to download
     * @param cache where downloads and unpacked members are kept between runs
     */
    public ArtifactStore(Path dir, Path cache) {
        this.dir = dir;
        this.cache = cache;
    }

    /** The user's cache folder for provision (XDG_CACHE_HOME or ~/.cache). */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("provision");
    }

    public ResolvedArtifact resolve(ArtifactSpec spec) {
        Path file = locate(spec, spec.file());
        Path sums = locate(spec, spec.sums());
        String expected;
        try {
            expected = ChecksumFile.digestFor(Files.readString(sums, StandardCharsets.UTF_8), spec.file())
                    .orElseThrow(() -> new ProvisionException(ExitCode.INVALID_INPUT,
                            sums + " lists no SHA-256 for " + spec.file()));
        } catch (IOException e) {
            throw ProvisionException.failed("cannot read " + sums + ": " + e.getMessage());
        }
        String actual = Sha256.of(file);
        if (!actual.equals(expected)) {
            throw ProvisionException.failed(file + ": SHA-256 " + actual + " does not match " + expected
                    + " listed in " + sums.getFileName() + "; nothing was uploaded");
        }
        Path payload = spec.extract() == null ? file : extract(file, actual, spec.extract());
        return new ResolvedArtifact(spec, file, actual, payload);
    }

    private Path locate(ArtifactSpec spec, String name) {
        if (dir != null) {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                throw new ProvisionException(ExitCode.INVALID_INPUT, "artifact '" + spec.name() + "': " + p
                        + " does not exist (the artifacts folder must hold " + spec.file() + " and " + spec.sums() + ")");
            }
            return p;
        }
        Path p = cache.resolve("downloads").resolve(name);
        if (Files.isRegularFile(p) && !name.equals(spec.sums())) return p;
        download(spec.baseUrl() + name, p);
        return p;
    }

    private static void download(String url, Path to) {
        try {
            Files.createDirectories(to.getParent());
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(15)).build();
            Path tmp = Files.createTempFile(to.getParent(), ".download", ".part");
            HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofFile(tmp));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(tmp);
                throw ProvisionException.failed("download of " + url + " answered HTTP " + r.statusCode()
                        + " (no internet? use --artifacts DIR)");
            }
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot download " + url + ": " + e + " (no internet? use --artifacts DIR)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProvisionException.failed("interrupted while downloading " + url);
        }
    }

    /**
     * Unpacks one member of a verified archive (a zip, or a .tar.gz/.tgz: NATS's release) once per
     * archive digest, and remembers its digest.
     */
    private Path extract(Path zip, String zipSha, String member) {
        Path out = cache.resolve("unpacked").resolve(zipSha.substring(0, 16)).resolve(member);
        if (member.startsWith("/") || java.util.Arrays.asList(member.split("/")).contains("..")) {
            throw ProvisionException.invalidInput("artifact '" + zip.getFileName() + "': extract '" + member
                    + "' must be a relative path inside the archive");
        }
        Path shaFile = out.resolveSibling(out.getFileName() + ".sha256");
        try {
            if (Files.isRegularFile(out) && Files.isRegularFile(shaFile)
                    && Files.size(out) > 0) {
                Sha256.remember(out, Files.readString(shaFile).strip());
                return out;
            }
            Files.createDirectories(out.getParent());
            String fileName = zip.getFileName().toString();
            if (fileName.endsWith(".tar.gz") || fileName.endsWith(".tgz")) {
                untarMember(zip, member, out);
                return out;
            }
            try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
                ZipArchiveEntry e = zf.getEntry(member);
                if (e == null) throw ProvisionException.failed(zip + " holds no '" + member + "'");
                Path tmp = Files.createTempFile(out.getParent(), ".unpack", ".part");
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String sha = Sha256.ofUncached(tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(shaFile, sha + "\n");
                Sha256.remember(out, sha);
            }
            return out;
        } catch (IOException e) {
            throw ProvisionException.failed("cannot unpack " + member + " from " + zip + ": " + e.getMessage());
        }
    }

    private static void untarMember(Path tgz, String member, Path out) throws IOException {
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(tgz))))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!e.isFile() || !name.equals(member)) continue;
                Path tmp = Files.createTempFile(out.getParent(), ".unpack", ".part");
                Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
                String sha = Sha256.ofUncached(tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(out.resolveSibling(out.getFileName() + ".sha256"), sha + "\n"); // as extract() reads it
                Sha256.remember(out, sha);
                return;
            }
        }
        throw ProvisionException.failed(tgz + " holds no '" + member + "'");
    }
}
