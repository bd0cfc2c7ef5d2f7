package dev.dockhand.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The files sent to the engine for a build: the project folder less what {@code .dockerignore} leaves
 * out, as a tar archive on disk, so its size is known (and shown) before anything is sent. The
 * Dockerfile and .dockerignore are always included, as the docker CLI does, even when ignored.
 */
public final class BuildContext implements AutoCloseable {

    private final Path archive;
    private final long bytes;
    private final int files;

    private BuildContext(Path archive, long bytes, int files) {
        this.archive = archive;
        this.bytes = bytes;
        this.files = files;
    }

    /**
     * A file above this size in the context is named before it is sent: usually a dump, a video or a
     * build output that the image does not need and that makes every build slow.
     */
    public static final long LARGE_FILE_BYTES = 100L * 1024 * 1024;

    /** A file of the context above {@link #LARGE_FILE_BYTES}, by its path in the context. */
    public record LargeFile(String path, long bytes) {
    }

    /** Packs {@code folder}; checks for interruption so a cancel stops it. */
    public static BuildContext pack(Path folder, String dockerfile) throws IOException {
        return pack(folder, dockerfile, LARGE_FILE_BYTES, large -> { });
    }

    /** Packs {@code folder}, telling {@code onLargeFile} of each file above {@code largeBytes} before packing. */
    public static BuildContext pack(Path folder, String dockerfile, long largeBytes, java.util.function.Consumer<LargeFile> onLargeFile)
            throws IOException {
        Path ignoreFile = folder.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile)) : DockerIgnore.none();
        List<String> entries = new ArrayList<>();
        collect(folder, "", ignore, entries);
        for (String always : List.of(dockerfile, ".dockerignore")) {
            if (Files.exists(folder.resolve(always)) && !entries.contains(always)) {
                entries.add(always);
            }
        }
        for (String entry : entries) {
            Path file = folder.resolve(entry);
            long size = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
            if (size > largeBytes) {
                onLargeFile.accept(new LargeFile(entry, size));
            }
        }
        Path archive = Files.createTempFile("dockhand-context", ".tar");
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String entry : entries) {
                checkCancelled();
                add(tar, folder, entry);
            }
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(archive);
            throw e;
        }
        return new BuildContext(archive, Files.size(archive), entries.size());
    }

    private static void collect(Path root, String relative, DockerIgnore ignore, List<String> out) throws IOException {
        checkCancelled();
        Path dir = relative.isEmpty() ? root : root.resolve(relative);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        Collections.sort(children);
        for (Path child : children) {
            String path = relative.isEmpty() ? child.getFileName().toString() : relative + "/" + child.getFileName();
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                if (ignore.skipsFolder(path)) {
                    continue;
                }
                if (!ignore.ignores(path)) {
                    out.add(path);
                }
                collect(root, path, ignore, out);
            } else if (!ignore.ignores(path)) {
                out.add(path);
            }
        }
    }

    private static void add(TarArchiveOutputStream tar, Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        if (Files.isSymbolicLink(file)) {
            TarArchiveEntry link = new TarArchiveEntry(relative, TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(Files.readSymbolicLink(file).toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), relative);
        entry.setMode(mode(file, Files.isDirectory(file)));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setModTime(Files.getLastModifiedTime(file).toMillis());
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    private static int mode(Path file, boolean directory) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return (directory ? 0040000 : 0100000) | mode;
        } catch (UnsupportedOperationException | IOException e) {
            return directory ? 0040755 : 0100644;
        }
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled while packing the build context");
        }
    }

    public Path archive() {
        return archive;
    }

    /** Size of the archive sent to the engine. */
    public long bytes() {
        return bytes;
    }

    public int files() {
        return files;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(archive);
    }
}
