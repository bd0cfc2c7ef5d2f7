package dev.dockhand.project;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a project folder that matter for analysis, found in one walk.
 *
 * <p>Dependency, VCS and build-output trees are not entered at all (a 100k-file {@code node_modules}
 * costs one entry), symbolic links to folders are never followed (no loops), and the walk stops after
 * {@link #MAX_ENTRIES} entries so a huge tree cannot hang the analysis.
 */
public final class ProjectFiles {

    /** Folders never entered: dependencies, VCS data, caches and build output. */
    static final Set<String> IGNORED_DIRECTORIES = Set.of(
            "node_modules", "bower_components", "jspm_packages", ".pnpm-store", ".yarn",
            ".git", ".hg", ".svn",
            ".next", ".nuxt", ".svelte-kit", ".turbo", ".angular", ".parcel-cache", ".cache", ".vercel",
            ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox",
            "target", "build", "dist", "out", ".gradle", "coverage", ".nyc_output",
            ".idea", ".vscode", ".terraform", ".serverless", "vendor");

    static final int MAX_ENTRIES = 50_000;
    static final long MAX_TEXT_BYTES = 512 * 1024;

    private final Path root;
    private final List<String> files;
    private final java.util.Map<String, Path> outsideLinks;
    private final int visited;
    private final boolean truncated;

    private ProjectFiles(Path root, List<String> files, java.util.Map<String, Path> outsideLinks, int visited, boolean truncated) {
        this.root = root;
        this.files = files;
        this.outsideLinks = outsideLinks;
        this.visited = visited;
        this.truncated = truncated;
    }

    /**
     * Walks {@code root} breadth first, so that when a huge tree is cut off the files that matter most
     * (manifests at the top, then shallow sources) have been seen. The caller has checked it is a
     * readable folder.
     */
    static ProjectFiles scan(Path root) throws AnalysisException {
        List<String> found = new ArrayList<>();
        java.util.Map<String, Path> outside = new java.util.TreeMap<>();
        ArrayDeque<Path> folders = new ArrayDeque<>();
        folders.add(root);
        int visited = 0;
        boolean truncated = false;
        boolean first = true;
        walk:
        while (!folders.isEmpty()) {
            Path dir = folders.poll();
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(entries::add);
            } catch (AccessDeniedException e) {
                if (first) {
                    throw new AnalysisException("Cannot read the folder " + root + ": permission denied. "
                            + "Check its permissions (ls -ld \"" + root + "\") or choose another folder.");
                }
                continue; // an unreadable folder inside the project is skipped, not fatal
            } catch (IOException e) {
                if (first) {
                    throw new AnalysisException("Cannot read the folder " + root + ": " + e.getMessage()
                            + ". Check that it is still there and readable.");
                }
                continue;
            }
            first = false;
            Collections.sort(entries);
            for (Path entry : entries) {
                boolean folder = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                if (folder && IGNORED_DIRECTORIES.contains(entry.getFileName().toString())) {
                    continue;
                }
                if (++visited >= MAX_ENTRIES) {
                    truncated = true;
                    break walk;
                }
                // Symbolic links are never followed into folders (no loops); a link to a file is kept when
                // its file is in the project, and one that leaves the project is listed, never read.
                if (folder) {
                    folders.add(entry);
                    continue;
                }
                Optional<Path> target = Files.isSymbolicLink(entry) ? ProjectLinks.outside(root, entry) : Optional.empty();
                if (target.isPresent()) {
                    outside.put(relative(root, entry), target.get());
                } else if (Files.isRegularFile(entry)) {
                    found.add(relative(root, entry));
                }
            }
        }
        Collections.sort(found);
        return new ProjectFiles(root, List.copyOf(found), java.util.Collections.unmodifiableMap(outside), visited, truncated);
    }

    /**
     * A project-relative path with {@code .} and {@code ..} worked out, as a folder path written in a
     * config file means it: "apps/api/../../dist/apps/api" is "dist/apps/api".
     */
    static String normalize(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    public Path root() {
        return root;
    }

    /** All files found, relative to the root with forward slashes, sorted. */
    public List<String> all() {
        return files;
    }

    /** Links whose file is outside the project (relative path to where it really is): never read. */
    public java.util.Map<String, Path> outsideLinks() {
        return outsideLinks;
    }

    public int visited() {
        return visited;
    }

    public boolean truncated() {
        return truncated;
    }

    public boolean exists(String relativePath) {
        return Collections.binarySearch(files, relativePath) >= 0;
    }

    /** Files directly inside {@code directory} ("" for the root). */
    public List<String> in(String directory) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        return files.stream()
                .filter(f -> f.startsWith(prefix) && f.indexOf('/', prefix.length()) < 0)
                .toList();
    }

    /** Files under {@code directory} ("" for all) whose name ends with one of the extensions. */
    public List<String> under(String directory, Set<String> extensions) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        return files.stream()
                .filter(f -> f.startsWith(prefix))
                .filter(f -> extensions.stream().anyMatch(f::endsWith))
                .toList();
    }

    /**
     * The file as text, or empty when it is missing, too large, unreadable or binary.
     * Only UTF-8 text is read: a file with NUL bytes or invalid UTF-8 is treated as binary.
     */
    public Optional<String> text(String relativePath) {
        Path file = root.resolve(relativePath);
        try {
            if (!ProjectLinks.isProjectFile(root, file) || Files.size(file) > MAX_TEXT_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_TEXT_BYTES + 1);
            }
            for (byte b : bytes) {
                if (b == 0) {
                    return Optional.empty();
                }
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            // A byte-order mark, as some Windows editors write: npm, node and Python read past it too.
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** True when the path is a folder inside the project (symbolic links not followed). */
    public boolean isDirectory(String relativePath) {
        return Files.isDirectory(root.resolve(relativePath), LinkOption.NOFOLLOW_LINKS);
    }
}
