package dev.dockhand.bench;

import dev.dockhand.docker.BuildContext;
import dev.dockhand.docker.BuildListener;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.docker.ImageBuilder;
import dev.dockhand.dockerfile.DockerfileGenerator;
import dev.dockhand.dockerfile.DockerfileWriter;
import dev.dockhand.project.ProjectAnalyzer;
import dev.dockhand.testing.DockerCli;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Build context and rebuild after a one-line change, on a project with a 100 MB node_modules and a
 * .git folder: Dockhand's Dockerfile and .dockerignore against the walkthrough's Dockerfile without a
 * .dockerignore, in the same run. Targets: context ratio under 0.05; the dependency install is served
 * from cache on the rebuild. Run with {@code mvn -Pbench verify}.
 */
@Tag("benchmark")
class BuildContextBenchmark {

    /** The walkthrough's Dockerfile, with its base pinned to the locally available stand-in of node:latest. */
    private static final String SEED_DOCKERFILE = """
            FROM node:20-bookworm-slim
            COPY package*.json ./
            RUN npm ci
            COPY . .
            EXPOSE 3000
            CMD ["npm", "start"]
            """;

    @TempDir
    Path temp;

    record Outcome(long contextBytes, double firstSeconds, double rebuildSeconds, boolean installCached) {
    }

    @Test
    void dockhandContextAndRebuildAgainstTheSeed() throws Exception {
        DockerCli.requireEngine();
        Path dockhand = heavyProject(temp.resolve("dockhand"));
        new DockerfileWriter().write(dockhand, new DockerfileGenerator().propose(new ProjectAnalyzer().analyze(dockhand)), false);
        Path seed = heavyProject(temp.resolve("seed"));
        Files.writeString(seed.resolve("Dockerfile"), SEED_DOCKERFILE);

        List<String> images = new ArrayList<>();
        try (DockerEngine engine = DockerEngine.connect()) {
            Outcome ours = measure(engine, dockhand, "dockhand-bench/dockhand", images);
            Outcome theirs = measure(engine, seed, "dockhand-bench/seed", images);
            double ratio = ours.contextBytes() / (double) theirs.contextBytes();
            System.out.println();
            System.out.println("Build context benchmark (100 MB node_modules, .git present)");
            System.out.printf("  %-36s %26s %12s %12s %s%n", "", "context", "first build", "rebuild", "install cached");
            print("Dockhand Dockerfile + .dockerignore", ours);
            print("walkthrough Dockerfile, no ignore", theirs);
            System.out.printf("  context ratio %.4f   target < 0.05   %s%n", ratio, ratio < 0.05 ? "MET" : "NOT MET");
            System.out.printf("  dependency install cached on rebuild: %s   target: yes   %s%n",
                    ours.installCached() ? "yes" : "no", ours.installCached() ? "MET" : "NOT MET");
            System.out.printf("  rebuild time ratio (Dockhand / walkthrough) %.2f%n", ours.rebuildSeconds() / theirs.rebuildSeconds());
        } finally {
            images.forEach(image -> DockerCli.docker("rmi", "-f", image));
        }
    }

    private static void print(String name, Outcome o) {
        System.out.printf("  %-36s %26s %10.2f s %10.2f s %s%n", name,
                dev.dockhand.pipeline.Sizes.human(o.contextBytes()) + " (" + o.contextBytes() + " B)", o.firstSeconds(),
                o.rebuildSeconds(), o.installCached() ? "yes" : "no");
    }

    private static Outcome measure(DockerEngine engine, Path project, String name, List<String> images) throws Exception {
        long context;
        try (BuildContext packed = BuildContext.pack(project, "Dockerfile")) {
            context = packed.bytes();
        }
        ImageBuilder builder = new ImageBuilder(engine);
        images.add(name + ":first");
        long t0 = System.nanoTime();
        builder.build(project, name + ":first", new BuildListener() { });
        double first = (System.nanoTime() - t0) / 1e9;

        Path server = project.resolve("server.js");
        Files.writeString(server, Files.readString(server) + "// one more line\n");
        List<String> log = new ArrayList<>();
        images.add(name + ":rebuild");
        long t1 = System.nanoTime();
        builder.build(project, name + ":rebuild", new BuildListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        });
        double rebuild = (System.nanoTime() - t1) / 1e9;
        return new Outcome(context, first, rebuild, installCached(log));
    }

    /** True when the step running the dependency install was answered from the build cache. */
    private static boolean installCached(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).matches("Step \\d+/\\d+ : RUN npm (ci|install).*")) {
                return i + 1 < log.size() && log.get(i + 1).contains("Using cache");
            }
        }
        return false;
    }

    private static Path heavyProject(Path parent) throws Exception {
        Path project = Fixtures.copy("node-npm", Files.createDirectories(parent));
        Random random = new Random(42);
        byte[] chunk = new byte[50_000];
        for (int i = 0; i < 2_000; i++) { // 100 MB of dependencies
            Path dir = Files.createDirectories(project.resolve("node_modules/pkg" + (i / 50)));
            random.nextBytes(chunk);
            Files.write(dir.resolve("file" + i + ".js"), chunk);
        }
        for (int i = 0; i < 200; i++) { // a .git folder of a few MB
            Path dir = Files.createDirectories(project.resolve(".git/objects/" + String.format("%02x", i)));
            random.nextBytes(chunk);
            Files.write(dir.resolve("obj" + i), chunk);
        }
        return project;
    }
}
