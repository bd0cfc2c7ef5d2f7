package dev.dockhand.pipeline;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.docker.BuildFailedException;
import dev.dockhand.docker.BuildListener;
import dev.dockhand.docker.BuiltImage;
import dev.dockhand.docker.DockerEngine;
import dev.dockhand.docker.EngineUnavailableException;
import dev.dockhand.docker.ImageBuilder;
import dev.dockhand.docker.ImageName;
import dev.dockhand.docker.ImagePusher;
import dev.dockhand.docker.HttpCodes;
import dev.dockhand.docker.LocalTrial;
import dev.dockhand.docker.ProjectImages;
import dev.dockhand.docker.PushFailedException;
import dev.dockhand.docker.PushListener;
import dev.dockhand.docker.RegistryCredentials;
import dev.dockhand.docker.TrialResult;
import dev.dockhand.project.ExistingDockerfile;
import dev.dockhand.project.ProjectLinks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker steps of the flow: build the image, test it locally, push it. Each call blocks and is
 * cancelled by interrupting its thread; run them off the UI thread.
 */
public final class ImageSteps implements AutoCloseable {

    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofSeconds(60);

    private final DockerEngine engine;
    private final Clock clock;

    private ImageSteps(DockerEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    public static ImageSteps connect() throws StepException {
        try {
            return new ImageSteps(DockerEngine.connect(), Clock.systemDefaultZone());
        } catch (EngineUnavailableException e) {
            throw StepException.failed(e.getMessage(), e);
        }
    }

    /** Where the engine is, e.g. "unix:///var/run/docker.sock, Docker Engine's default socket". */
    public String engineDescription() {
        return engine.endpoint().host() + ", " + engine.endpoint().source();
    }

    /** The newest image built for {@code folder}, if any. */
    public java.util.Optional<String> latestImage(Path folder) {
        return new ProjectImages(engine).latest(folder);
    }

    /** The reference a build of {@code folder} gets: folder name and git commit (or timestamp). */
    public String defaultReference(Path folder) {
        return ImageName.reference(folder, clock);
    }

    /**
     * Builds {@code folder}'s Dockerfile and tags it {@code reference} (null: {@link #defaultReference}),
     * on the build network the project's {@code dockhand.yaml} names.
     */
    public ImageReports.Build build(Path folder, String reference, StepListener listener) throws StepException {
        return build(folder, reference, ProjectSettings.load(folder).buildNetwork(), listener);
    }

    /** Builds with the RUN steps on {@code network} (null: the engine's default). */
    public ImageReports.Build build(Path folder, String reference, String network, StepListener listener)
            throws StepException {
        String ref = reference == null || reference.isBlank() ? defaultReference(folder)
                : reference.contains(":") ? reference : ImageName.repository(folder) + ":" + reference;
        refuseUnbuildable(folder);
        try {
            if (network != null && !network.isBlank()) {
                listener.log("Build network: " + network);
            }
            BuiltImage built = new ImageBuilder(engine).build(folder, ref, network, new BuildListener() {
                @Override
                public void contextPacked(long bytes, int files) {
                    listener.detail("context", Sizes.human(bytes) + " in " + files + " files");
                    listener.log("Sending build context: " + Sizes.human(bytes) + " in " + files + " files");
                    listener.progress(0, "Build context " + Sizes.human(bytes));
                }

                @Override
                public void largeFile(String path, long bytes) {
                    listener.log("Warning: " + path + " (" + Sizes.human(bytes) + ") goes into the build context and slows every "
                            + "build. If the image does not need it, add the line \"" + path + "\" to .dockerignore.");
                }

                @Override
                public void step(int number, int total, String instruction) {
                    listener.progress((number - 1) / (double) total, "Step " + number + " of " + total + ": " + instruction);
                }

                @Override
                public void log(String line) {
                    listener.log(line);
                }
            });
            listener.progress(1, "Built " + built.reference());
            return new ImageReports.Build(built.reference(), built.id(), built.contextBytes(), built.contextFiles(),
                    new ProjectImages(engine).size(built.reference()).orElse(null));
        } catch (IOException e) {
            throw StepException.failed("Cannot read the project folder to build it: " + e.getMessage(), e);
        } catch (BuildFailedException e) {
            throw StepException.failed(e.getMessage(), e);
        }
    }

    /**
     * What the engine would refuse or what must not be read, said before the context is packed: a Dockerfile
     * or .dockerignore that is a link out of the project, and a Dockerfile with no FROM line (which the engine
     * answers with a bare 400).
     */
    private static void refuseUnbuildable(Path folder) throws StepException {
        Path dockerfile = folder.resolve("Dockerfile");
        try {
            ProjectLinks.forReading(folder, folder.resolve(".dockerignore"));
            if (ProjectLinks.isProjectFile(folder, dockerfile) || java.nio.file.Files.isSymbolicLink(dockerfile)) {
                String text = ProjectLinks.readString(folder, dockerfile);
                if (ExistingDockerfile.parse(text).baseImages().isEmpty()) {
                    throw new StepException("The Dockerfile in " + folder + " has no FROM line, so the engine cannot build it: "
                            + "every Dockerfile starts from an image (FROM node:20-bookworm-slim, for example). Add one, or "
                            + "let Dockhand write a Dockerfile (dockhand dockerfile " + NextCommands.shellWord(folder.toString())
                            + " --write --force keeps yours as a backup).");
                }
            }
        } catch (ProjectLinks.OutsideProject e) {
            throw new StepException(e.getMessage(), e);
        } catch (IOException e) {
            throw StepException.failed("Cannot read the Dockerfile in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code image} (null: the newest image built for {@code project}) and calls its health path.
     * The port is the one the image exposes, else the analysed one.
     */
    public ImageReports.Test test(OpenedProject project, String image, Duration timeout, StepListener listener)
            throws StepException {
        return test(project, image, ConfigValues.none(), timeout, listener);
    }

    /**
     * Like {@link #test(OpenedProject, String, Duration, StepListener)}, the container given the app's
     * configuration; the service's port and health check are dockhand.yaml's and the analysis's.
     */
    public ImageReports.Test test(OpenedProject project, String image, ConfigValues config, Duration timeout, StepListener listener)
            throws StepException {
        return test(project, image, config, Deployments.baseSettings(project, ProjectSettings.load(project.folder())), timeout,
                listener);
    }

    /**
     * Runs the image as {@code shape}'s service will run it: traffic and health checks on its container port
     * (PORT set to it), its health path, interval, thresholds and matcher. A deploy passes the settings its
     * flags made, so that what is tested is what is deployed.
     */
    public ImageReports.Test test(OpenedProject project, String image, ConfigValues config, ServiceSettings shape, Duration timeout,
                                  StepListener listener) throws StepException {
        ProjectImages images = new ProjectImages(engine);
        String ref = image != null && !image.isBlank() ? image : latestImage(project.folder()).orElseThrow(() ->
                new StepException("No image has been built for " + project.folder() + " yet: build it first "
                        + "(dockhand build " + NextCommands.shellWord(project.folder().toString()) + ")."));
        int port = shape.containerPort();
        String health = shape.healthPath();
        // An image that says it listens elsewhere will fail the load balancer's checks unless it reads PORT.
        String otherPort = images.exposedPort(ref).filter(exposed -> exposed != port).map(exposed -> "The image exposes port "
                + exposed + ", but the service sends traffic and health checks to port " + port + ": if the app does not read "
                + "PORT, set the port to " + exposed + " (Edit on the Project step, port in dockhand.yaml, or --port), or change "
                + "the Dockerfile's EXPOSE and the app.").orElse(null);
        if (otherPort != null) {
            listener.log(otherPort);
        }
        listener.progress(-1, "Testing " + ref + " on port " + port);
        if (!config.plan().isEmpty()) {
            listener.log("Configuration: " + config.containerEnvironment().size() + " variables given to the container");
            config.localNotes().forEach(note -> listener.log("Configuration: " + note));
        }
        try {
            TrialResult result = new LocalTrial(engine).run(ref, new LocalTrial.Options(port, health, timeout, config.containerEnvironment(),
                    check(shape.healthCheck())), new LocalTrial.Listener() {
                @Override
                public void status(String text) {
                    listener.progress(-1, text);
                }

                @Override
                public void log(String line) {
                    listener.log(line);
                }
            });
            listener.progress(1, result.healthy() ? "Healthy: " + result.statusCode() + " in " + result.latencyMs() + " ms"
                    : "Not healthy");
            List<String> unset = config.requiredWithoutValue();
            String reason = result.healthy() || unset.isEmpty() ? result.reason() : result.reason() + " The app reads "
                    + String.join(", ", unset) + " with no default, and " + (unset.size() == 1 ? "it has" : "they have")
                    + " no value here: give " + (unset.size() == 1 ? "it one" : "them values") + " on the Configuration step "
                    + "(or `dockhand config`).";
            if (!result.healthy() && otherPort != null) {
                reason = reason + " " + otherPort;
            }
            return new ImageReports.Test(ref, result.healthy(), result.statusCode(), result.latencyMs(), result.exitCode(),
                    reason, result.logTail());
        } catch (IOException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    /** The target group's success codes, as the stack template writes them. */
    public static final String HEALTH_MATCHER = ServiceSettings.HEALTH_MATCHER;

    /** The stack's health check (dockhand.yaml's health section over the defaults), as the Test step makes it. */
    static LocalTrial.Check check(ServiceSettings.HealthCheck check) {
        return new LocalTrial.Check(Duration.ofSeconds(check.intervalSeconds()), Duration.ofSeconds(check.timeoutSeconds()),
                check.healthyThreshold(), HttpCodes.parse(HEALTH_MATCHER));
    }

    /** Pushes {@code image} to {@code target} (REGISTRY/REPOSITORY:TAG) with basic-auth credentials. */
    public ImageReports.Push push(String image, String target, String username, String password, StepListener listener)
            throws StepException {
        RegistryCredentials credentials = new RegistryCredentials(username, password);
        Map<String, long[]> layers = new HashMap<>();
        try {
            ImagePusher.Target parsed = ImagePusher.Target.parse(target);
            listener.progress(0, "Pushing " + image + " to " + parsed.reference());
            String digest = new ImagePusher(engine).push(image, parsed, credentials, new PushListener() {
                @Override
                public void layer(String id, String status, long current, long total) {
                    long[] progress = layers.computeIfAbsent(id, k -> new long[2]);
                    if (total > 0) {
                        progress[0] = current;
                        progress[1] = total;
                    }
                    if (status.startsWith("Pushed") || status.startsWith("Layer already exists")) {
                        progress[0] = progress[1] = Math.max(1, progress[1]);
                    }
                    long sent = layers.values().stream().mapToLong(p -> p[0]).sum();
                    long size = layers.values().stream().mapToLong(p -> p[1]).sum();
                    listener.progress(size == 0 ? -1 : sent / (double) size,
                            layers.size() + " layers, " + Sizes.human(sent) + " of " + Sizes.human(size));
                    if (!status.startsWith("Pushing")) {
                        listener.log(id + ": " + status);
                    }
                }

                @Override
                public void log(String line) {
                    listener.log(line);
                }
            });
            listener.progress(1, "Pushed " + parsed.reference());
            return new ImageReports.Push(image, parsed.reference(), digest);
        } catch (PushFailedException e) {
            throw new StepException(e.getMessage(), e, e.badInput());
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
