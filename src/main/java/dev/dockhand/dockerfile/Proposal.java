package dev.dockhand.dockerfile;

/** A generated Dockerfile and its .dockerignore, as text. */
public record Proposal(String dockerfile, String dockerignore) {
}
