package dev.provision.service;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The microservice started as a real process from its Java 11 classes (system property
 * {@code service.classes}, set by the build), reached over HTTP on loopback only.
 */
final class ServiceProcess implements AutoCloseable {
    /** A line the service printed, with when the test saw it. */
    record Line(String text, long seenAtNanos) {}

    private static final Pattern LISTEN_PORT = Pattern.compile(" listen=\\S+:(\\d+) ");
    /** A JVM start takes about 1 s; far more on a CI machine shared by several builds (seen: > 15 s). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<Line> stdout = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int port = -1;

    private ServiceProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> readLines(process.getInputStream()), "service-stdout");
        reader.setDaemon(true);
        reader.start();
        this.stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    }

    /** Starts the service with these arguments and returns at once (it may exit: bad arguments). */
    static ServiceProcess launch(String... args) throws IOException {
        return launchMain(WEB, args);
    }

    static final String WEB = "dev.provision.service.WebService";
    static final String ORDERS = "dev.provision.service.OrdersService";

    /** Starts the given main class of the service classes (web's or orders'); returns at once. */
    static ServiceProcess launchMain(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary().toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", serviceClasses(),
                mainClass));
        command.addAll(List.of(args));
        return new ServiceProcess(new ProcessBuilder(command).start());
    }

    /** Starts the service on a free loopback port and waits until it reports that it listens. */
    static ServiceProcess start(String... args) throws IOException {
        return startMain(WEB, args);
    }

    /** Starts the given main class on a free loopback port and waits until it listens. */
    static ServiceProcess startMain(String mainClass, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        ServiceProcess service = launchMain(mainClass, all.toArray(String[]::new));
        Line started = await("the service's 'started' line").atMost(START_TIMEOUT)
                .until(() -> service.line("started:"), line -> line.isPresent() || !service.process.isAlive())
                .orElseThrow(() -> new AssertionError("service exited before starting: " + service.stderr()));
        Matcher matcher = LISTEN_PORT.matcher(started.text());
        if (!matcher.find()) {
            throw new AssertionError("no listen port in: " + started.text());
        }
        service.port = Integer.parseInt(matcher.group(1));
        return service;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /**
     * Sends SIGTERM, as {@code systemctl stop} does. Through the process handle: {@code
     * Process.destroy()} would also close our end of its stdout and lose the lines it logs while
     * stopping.
     */
    void sigterm() {
        if (!process.toHandle().destroy()) {
            throw new AssertionError("could not send SIGTERM to " + process.pid());
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST with this body (none when null) and, when not null, this X-Request-ID. */
    HttpResponse<String> post(String path, String body, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            request.header("X-Request-ID", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with an X-Request-ID header. */
    HttpResponse<String> get(String path, String requestId) throws IOException, InterruptedException {
        return http.send(request(path).header("X-Request-ID", requestId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Status of {@code GET path}, or -1 if no connection could be made. */
    int statusOf(String path) throws InterruptedException {
        try {
            return get(path).statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    Optional<Line> line(String prefix) {
        return stdout.stream().filter(l -> l.text().startsWith(prefix)).findFirst();
    }

    List<String> stdoutLines() {
        return stdout.stream().map(Line::text).toList();
    }

    /** Everything the service wrote to stderr; waits for the process to close it (bounded). */
    String stderr() {
        try {
            return stderr.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stderr not closed within 10 s", e);
        }
    }

    /** Waits for the exit (bounded) and returns the exit status. */
    int exitWithin(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("service still running after " + timeout + "; stdout: " + stdoutLines());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    }

    private void readLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                stdout.add(new Line(text, System.nanoTime()));
            }
        } catch (IOException closed) {
            // the process is gone; what was read stays
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String serviceClasses() {
        String classes = System.getProperty("service.classes");
        if (classes == null || !Files.isDirectory(Path.of(classes))) {
            throw new IllegalStateException("system property service.classes must name the compiled service"
                    + " classes (the Maven build sets it to target/service-classes); got " + classes);
        }
        return classes;
    }
}
