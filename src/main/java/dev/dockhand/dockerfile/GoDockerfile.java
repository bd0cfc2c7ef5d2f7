package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectLinks;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Dockerfile for Go services: a static binary on a distroless image. */
final class GoDockerfile {

    private final ProjectAnalysis p;

    GoDockerfile(ProjectAnalysis analysis) {
        this.p = analysis;
    }

    String write() {
        DockerfileText d = new DockerfileText();
        d.comment(Header.of(p, "Go " + p.runtimeVersion() + " service (" + p.versionSource() + ")"));
        d.blank().line("FROM " + BaseImages.go(p.runtimeVersion()) + " AS build");
        d.line("WORKDIR /src");
        List<String> modFiles = new ArrayList<>(List.of("go.mod"));
        if (ProjectLinks.isProjectFile(p.root(), p.root().resolve("go.sum"))) {
            modFiles.add("go.sum");
        }
        d.comment("Modules first: this layer is reused until go.mod or go.sum change.");
        d.copy(modFiles, "./");
        d.line("RUN go mod download");
        d.blank().line("COPY . .");
        d.comment("A static binary (no cgo), so the runtime image needs no C library.");
        d.line("RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w\" -o /out/app " + p.artifact());

        d.blank().line("FROM " + BaseImages.goRuntime());
        d.line("COPY --from=build /out/app /app");
        d.line("ENV PORT=" + p.port());
        d.line("EXPOSE " + p.port());
        d.line("USER nonroot:nonroot");
        d.comment("Exec form: the service is PID 1 and receives SIGTERM itself when the task stops.");
        d.line("ENTRYPOINT [\"/app\"]");
        return d.toString();
    }
}
