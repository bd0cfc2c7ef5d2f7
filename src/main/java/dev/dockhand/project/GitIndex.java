package dev.dockhand.project;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The paths git tracks in a project, read from its index ({@code .git/index}, versions 2 and 3) without
 * running git: a secret file that is tracked is already in the repository's history. Empty when the folder
 * is no git repository or the index is of another shape (version 4, SHA-256, a linked worktree).
 */
final class GitIndex {

    private static final int SHA1_ENTRY_FIXED = 62; // stat data 40, object id 20, flags 2
    private static final int MAX_INDEX_BYTES = 64 * 1024 * 1024;

    private GitIndex() {
    }

    static Set<String> trackedPaths(Path root) {
        Path index = root.resolve(".git").resolve("index");
        Set<String> paths = new HashSet<>();
        try {
            if (!Files.isRegularFile(index) || Files.size(index) > MAX_INDEX_BYTES) {
                return paths;
            }
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(index));
            if (data.remaining() < 12 || data.getInt() != 0x44495243) { // "DIRC"
                return paths;
            }
            int version = data.getInt();
            int entries = data.getInt();
            if (version != 2 && version != 3) {
                return paths;
            }
            for (int i = 0; i < entries; i++) {
                int start = data.position();
                if (data.remaining() < SHA1_ENTRY_FIXED) {
                    return Set.of(); // not the shape we read: say nothing rather than something wrong
                }
                int flags = data.getShort(start + 60) & 0xFFFF;
                int nameStart = start + SHA1_ENTRY_FIXED + ((flags & 0x4000) != 0 && version == 3 ? 2 : 0);
                int end = nameStart;
                while (end < data.limit() && data.get(end) != 0) {
                    end++;
                }
                if (end >= data.limit()) {
                    return Set.of();
                }
                paths.add(new String(data.array(), nameStart, end - nameStart, StandardCharsets.UTF_8));
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                int length = ((end - start) / 8 + 1) * 8;
                data.position(start + length);
            }
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
        return paths;
    }
}
