package dev.dockhand.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** The fixture projects under src/test/resources/fixtures, copied so tests never change the originals. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path resource(String path) {
        try {
            return Path.of(Fixtures.class.getResource("/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> names() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies fixture {@code name} into {@code parent}/{@code name} and returns that folder. */
    public static Path copy(String name, Path parent) {
        return copyFrom(root().resolve(name), parent);
    }

    /**
     * The values planted in the configured app's files: they may appear only where secrets belong (the
     * Secrets Manager call, the containers' environment), and tests look for them everywhere else.
     */
    public static final String PLANTED = "PLANTED-SECRET";

    /**
     * Copies the configured app (node-config-app) into {@code parent} and plants its secrets, as a project
     * on a server has them: a {@code .env} with a database URL, a session secret and a private key, and
     * {@code config/secrets.json}. They are written here, not kept in the repository, so no file that
     * looks like a secret is committed.
     */
    public static Path configApp(Path parent) {
        Path project = copy("node-config-app", parent);
        try {
            Files.writeString(project.resolve(".env"), CONFIG_APP_ENV);
            Files.createDirectories(project.resolve("config"));
            Files.writeString(project.resolve("config/secrets.json"), "{\n  \"apiKey\": \"" + PLANTED + "-json-5b7e\"\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return project;
    }

    private static final String CONFIG_APP_ENV = "# Settings of the production box (values planted for tests)\n"
            + "DATABASE_URL=postgres://app:PLANTED-SECRET-db-7f3a@db.internal:5432/app\n"
            + "export SESSION_SECRET=\"PLANTED-SECRET-session-91c2\"\n"
            + "LOG_LEVEL=debug # chatty while we migrate\n"
            + "GREETING='hello from the container'\n"
            + "STRIPE_API_KEY=\n"
            + "PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\n"
            + "PLANTED-SECRET-pem-line-44d1\n"
            + "-----END PRIVATE KEY-----\"\n";

    /** Copies a trial app (src/test/resources/trials/NAME, each with its own Dockerfile). */
    public static Path trial(String name, Path parent) {
        return copyFrom(resource("trials/" + name), parent);
    }

    private static Path copyFrom(Path source, Path parent) {
        String name = source.getFileName().toString();
        Path target = parent.resolve(name);
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A digest of every file's path and content under {@code folder}, to prove nothing changed. */
    public static String snapshot(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            StringBuilder out = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.append(folder.relativize(file)).append(':')
                        .append(java.util.Arrays.hashCode(Files.readAllBytes(file))).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
