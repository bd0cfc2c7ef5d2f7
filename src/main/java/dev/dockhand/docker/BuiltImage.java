package dev.dockhand.docker;

/** A finished build: the image's id, the reference it is tagged with, and what was sent to build it. */
public record BuiltImage(String id, String reference, long contextBytes, int contextFiles) {
}
