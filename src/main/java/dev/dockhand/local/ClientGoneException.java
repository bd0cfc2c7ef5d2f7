package dev.dockhand.local;

import java.io.IOException;

/** Reading from the client failed (it went away or sent a broken body): not the backend's fault, no 502. */
final class ClientGoneException extends IOException {

    ClientGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
