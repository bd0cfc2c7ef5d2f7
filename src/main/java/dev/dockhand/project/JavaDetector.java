package dev.dockhand.project;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Java services built with Maven or Gradle into a runnable jar; Spring Boot's conventions understood. */
final class JavaDetector {

    private static final List<Pattern> MAVEN_VERSION = List.of(
            Pattern.compile("<maven\\.compiler\\.release>\\s*([\\d.]+)\\s*<"),
            Pattern.compile("<java\\.version>\\s*([\\d.]+)\\s*<"),
            Pattern.compile("<release>\\s*([\\d.]+)\\s*</release>"),
            Pattern.compile("<maven\\.compiler\\.target>\\s*([\\d.]+)\\s*<"),
            Pattern.compile("<maven\\.compiler\\.source>\\s*([\\d.]+)\\s*<"));
    private static final List<Pattern> GRADLE_VERSION = List.of(
            Pattern.compile("JavaLanguageVersion\\.of\\(\\s*(\\d+)\\s*\\)"),
            Pattern.compile("JavaVersion\\.VERSION_(?:1_)?(\\d+)"),
            Pattern.compile("(?:source|target)Compatibility\\s*=\\s*['\"]?(?:1\\.)?(\\d+)"),
            Pattern.compile("jvmToolchain\\(\\s*(\\d+)\\s*\\)"));
    private static final Pattern PROJECT_COORDINATES = Pattern.compile(
            "<artifactId>\\s*([^<\\s]+)\\s*</artifactId>\\s*(?:<[^>]+>[^<]*</[^>]+>\\s*)*?<version>\\s*([^<$\\s]+)\\s*</version>");
    private static final Pattern FINAL_NAME = Pattern.compile("<finalName>\\s*([^<$\\s]+)\\s*</finalName>");
    private static final Pattern SERVER_PORT_PROPERTY = Pattern.compile("(?m)^\\s*server\\.port\\s*[=:]\\s*(\\d{2,5})");
    private static final Pattern SERVER_PORT_YAML = Pattern.compile("(?m)^server:\\s*\\n(?:\\s+.*\\n)*?\\s+port:\\s*(\\d{2,5})");
    private static final Pattern PORT_IN_CODE = Pattern.compile(
            "getenv\\(\"PORT\"\\)[^;]{0,80}?\"(\\d{2,5})\"|new\\s+InetSocketAddress\\s*\\(\\s*(?:\"0\\.0\\.0\\.0\"\\s*,\\s*)?(\\d{2,5})\\s*\\)");
    private static final Pattern HEALTH = Pattern.compile(
            "\"(/(?:healthz|healthcheck|health|readyz|ready|livez|ping))\"");

    private final ProjectFiles files;
    private final ProjectAnalysis.Builder out;

    JavaDetector(ProjectFiles files, ProjectAnalysis.Builder out) {
        this.files = files;
        this.out = out;
    }

    static boolean applies(ProjectFiles files) {
        return files.exists("pom.xml") || files.exists("build.gradle") || files.exists("build.gradle.kts");
    }

    void detect() {
        out.stack = Stack.JAVA;
        boolean maven = files.exists("pom.xml");
        String buildFile = maven ? "pom.xml" : files.exists("build.gradle.kts") ? "build.gradle.kts" : "build.gradle";
        String build = files.text(buildFile).orElse("");
        out.buildTool = maven ? "maven" : "gradle";
        out.lockfile = maven ? null : files.exists("gradle.lockfile") ? "gradle.lockfile" : null;
        boolean springBoot = build.contains("spring-boot");
        out.framework = springBoot ? "spring-boot" : build.contains("quarkus") ? "quarkus"
                : build.contains("micronaut") ? "micronaut" : null;

        Optional<String> version = Optional.empty();
        for (Pattern p : maven ? MAVEN_VERSION : GRADLE_VERSION) {
            version = TextMatch.first(buildFile, build, p).flatMap(m -> RuntimeVersions.javaMajor(m.group(1)));
            if (version.isPresent()) {
                break;
            }
        }
        out.runtimeVersion = version.orElse(RuntimeVersions.JAVA_DEFAULT);
        out.versionSource = version.isPresent() ? buildFile : "current LTS (" + buildFile + " names no Java version)";

        if (maven) {
            out.buildCommand = "mvn -B -DskipTests package";
            out.buildOutput = "target";
            out.artifact = mavenJar(build);
        } else {
            out.buildCommand = springBoot ? "gradle bootJar --no-daemon" : "gradle build -x test --no-daemon";
            out.buildOutput = "build/libs";
        }
        out.startCommand = "java -jar app.jar";

        String config = files.text("src/main/resources/application.properties").orElse("")
                + "\n" + files.text("src/main/resources/application.yml").orElse("")
                + "\n" + files.text("src/main/resources/application.yaml").orElse("");
        out.port = TextMatch.first("application", config, SERVER_PORT_PROPERTY)
                .or(() -> TextMatch.first("application", config, SERVER_PORT_YAML))
                .map(m -> Integer.parseInt(m.group(1))).orElse(8080);
        if (springBoot && build.contains("spring-boot-starter-actuator")) {
            out.healthPath = "/actuator/health";
        } else if (build.contains("quarkus-smallrye-health")) {
            out.healthPath = "/q/health";
        }

        List<String> sources = files.under("src/main", Set.of(".java", ".kt", ".properties", ".yml", ".yaml"));
        boolean portFromConfig = config.contains("port");
        for (String file : sources) {
            Optional<String> text = files.text(file);
            if (text.isEmpty()) {
                continue;
            }
            if (!portFromConfig && file.endsWith(".java")) {
                Optional<TextMatch> port = TextMatch.first(file, text.get(), PORT_IN_CODE);
                if (port.isPresent()) {
                    out.port = Integer.parseInt(port.get().group(1) != null ? port.get().group(1) : port.get().group(2));
                    portFromConfig = true;
                }
            }
            if (out.healthPath == null && (file.endsWith(".java") || file.endsWith(".kt"))) {
                TextMatch.first(file, text.get(), HEALTH).ifPresent(m -> out.healthPath = m.group(1));
            }
            ReadinessRules.java(file, text.get(), out);
        }
        if (out.healthPath == null) {
            out.add(ReadinessRules.noHealthRoute(springBoot ? "/actuator/health (add spring-boot-starter-actuator)" : "/health"));
        }
    }

    /** The jar Maven writes, when the pom names it plainly; null when it depends on properties. */
    private static String mavenJar(String pom) {
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "")
                .replaceAll("(?s)<dependencies>.*?</dependencies>", "")
                .replaceAll("(?s)<build>.*?</build>", "");
        Optional<TextMatch> finalName = TextMatch.first("pom.xml", pom, FINAL_NAME);
        if (finalName.isPresent()) {
            return "target/" + finalName.get().group(1) + ".jar";
        }
        return TextMatch.first("pom.xml", withoutParent, PROJECT_COORDINATES)
                .map(m -> "target/" + m.group(1) + "-" + m.group(2) + ".jar").orElse(null);
    }
}
