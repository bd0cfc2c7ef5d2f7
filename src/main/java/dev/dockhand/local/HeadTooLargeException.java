package dev.dockhand.local;

import java.io.IOException;

/** A message head (or a chunk line) is larger than {@link HttpInput#MAX_HEAD}. */
final class HeadTooLargeException extends IOException {

    HeadTooLargeException() {
        super("message head larger than " + HttpInput.MAX_HEAD + " bytes");
    }
}
