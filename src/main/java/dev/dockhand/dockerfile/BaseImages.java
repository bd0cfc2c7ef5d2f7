package dev.dockhand.dockerfile;

/**
 * The public base images generated Dockerfiles start from, pinned to the project's runtime version.
 * Never {@code latest}: a rebuild next month must give the same runtime.
 */
final class BaseImages {

    private BaseImages() {
    }

    static String node(String major) {
        return "node:" + major + "-bookworm-slim";
    }

    static String bun() {
        return "oven/bun:1-slim";
    }

    static String python(String minor) {
        return "python:" + minor + "-slim-bookworm";
    }

    static String maven(String javaMajor) {
        return "maven:3.9-eclipse-temurin-" + javaMajor;
    }

    static String gradle(String javaMajor) {
        return "gradle:8-jdk" + javaMajor;
    }

    static String javaRuntime(String javaMajor) {
        return "eclipse-temurin:" + javaMajor + "-jre";
    }

    static String go(String minor) {
        return "golang:" + minor + "-bookworm";
    }

    /** No shell, no package manager, a non-root user: the smallest attack surface for a static Go binary. */
    static String goRuntime() {
        return "gcr.io/distroless/static-debian12:nonroot";
    }

    /** nginx that runs as a non-root user and listens on 8080. */
    static String nginx() {
        return "nginxinc/nginx-unprivileged:1.28-alpine";
    }
}
