package dev.dockhand.dockerfile;

import dev.dockhand.project.ProjectAnalysis;
import dev.dockhand.project.ProjectLinks;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Dockerfile for Java services packaged as a runnable jar by Maven or Gradle. */
final class JavaDockerfile {

    private final ProjectAnalysis p;

    JavaDockerfile(ProjectAnalysis analysis) {
        this.p = analysis;
    }

    String write() {
        DockerfileText d = new DockerfileText();
        boolean maven = "maven".equals(p.buildTool());
        d.comment(Header.of(p, "Java " + p.runtimeVersion() + " app (" + p.versionSource() + "), " + p.buildTool()
                + (p.framework() == null ? "" : ", " + p.framework())));
        d.blank().line("FROM " + (maven ? BaseImages.maven(p.runtimeVersion()) : BaseImages.gradle(p.runtimeVersion())) + " AS build");
        d.line("WORKDIR /src");
        boolean multiModule = maven && read("pom.xml").contains("<modules>");
        if (maven && !multiModule) {
            d.comment("Dependencies first: this layer is reused until pom.xml changes.");
            d.line("COPY pom.xml ./");
            d.line("RUN mvn -B -q dependency:go-offline");
            d.blank().line("COPY src ./src");
            d.line("RUN mvn -B -q -DskipTests package \\\n    && mkdir -p /out && cp " + jar() + " /out/app.jar");
        } else if (maven) {
            d.line("COPY . .");
            d.line("RUN mvn -B -q -DskipTests package \\\n    && mkdir -p /out && cp " + jar() + " /out/app.jar");
        } else {
            List<String> buildFiles = new ArrayList<>();
            for (String f : List.of("settings.gradle", "settings.gradle.kts", "build.gradle", "build.gradle.kts", "gradle.properties")) {
                if (ProjectLinks.isProjectFile(p.root(), p.root().resolve(f))) {
                    buildFiles.add(f);
                }
            }
            d.comment("Dependencies first: this layer is reused until the build files change.");
            d.copy(buildFiles, "./");
            d.line("RUN gradle dependencies --no-daemon -q > /dev/null");
            d.blank().line("COPY src ./src");
            d.line("RUN " + p.buildCommand() + " -x test \\\n    && mkdir -p /out && cp "
                    + "$(ls build/libs/*.jar | grep -v -- '-plain' | head -n 1) /out/app.jar");
        }

        d.blank().line("FROM " + BaseImages.javaRuntime(p.runtimeVersion()));
        d.line("WORKDIR /app");
        d.line("COPY --from=build /out/app.jar app.jar");
        d.comment("Size the heap from the task's memory limit, not the host's.");
        d.line("ENV JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError\" \\\n    PORT=" + p.port());
        d.line("EXPOSE " + p.port());
        d.comment("An unprivileged user: the app cannot change its own files or the system's.");
        d.line("USER 10001:10001");
        d.comment("Exec form: the JVM is PID 1, receives SIGTERM and runs its shutdown hooks.");
        d.line("ENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]");
        return d.toString();
    }

    /** The jar to keep: the one the pom names, or the first that is not a sources/javadoc/original jar. */
    private String jar() {
        if (p.artifact() != null) {
            return p.artifact();
        }
        return "$(ls target/*.jar | grep -v -e '-sources' -e '-javadoc' -e 'original-' | head -n 1)";
    }

    private String read(String relative) {
        try {
            return ProjectLinks.readString(p.root(), p.root().resolve(relative));
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
