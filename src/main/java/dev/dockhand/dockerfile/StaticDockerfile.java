package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;

/** Dockerfile for static sites, built with Node.js first when the project has a build step. */
final class StaticDockerfile {

    private final ProjectAnalysis p;

    StaticDockerfile(ProjectAnalysis analysis) {
        this.p = analysis;
    }

    String write() {
        DockerfileText d = new DockerfileText();
        boolean build = p.buildCommand() != null;
        d.comment(Header.of(p, build ? "static site built with Node.js " + p.runtimeVersion() + " (" + p.versionSource()
                + "), served by nginx" : "static site served by nginx"));
        if (build) {
            NodeInstall install = new NodeInstall(p);
            d.blank().line("FROM " + BaseImages.node(p.runtimeVersion()) + " AS build");
            d.line("WORKDIR /app");
            install.copyInstallFiles(d);
            d.comment("Every dependency: the build needs the dev tools.");
            d.line("RUN " + install.install(false));
            d.blank().line("COPY . .");
            d.line("RUN " + p.buildCommand());
        }
        d.blank().line("FROM " + BaseImages.nginx());
        String site = p.buildOutput() == null || p.buildOutput().isEmpty() ? "." : p.buildOutput();
        d.line("COPY " + (build ? "--from=build /app/" + site : site) + " /usr/share/nginx/html");
        d.line("EXPOSE " + p.port());
        d.comment("The base image runs nginx as an unprivileged user and stops it gracefully on SIGQUIT.");
        return d.toString();
    }
}
