package dev.dockhand.monitor;

/** A variable the service's tasks are given: its name and whether it is a secret. Never its value. */
public record Variable(String name, boolean secret) {
}
