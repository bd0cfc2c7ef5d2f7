package dev.dockhand.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an image from a project folder on the engine: packs the context (honouring .dockerignore),
 * streams the log with step progress, and tags the image only when the build succeeds.
 *
 * <p>Cancel by interrupting the calling thread: the connection is closed, the engine stops the build,
 * and no tag is applied.
 */
public final class ImageBuilder {

    /** Labels every image Dockhand builds carries, so a project's images can be found again. */
    public static final String PROJECT_LABEL = "dev.dockhand.project";

    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
    private static final int LOG_TAIL = 15;

    private final DockerEngine engine;

    public ImageBuilder(DockerEngine engine) {
        this.engine = engine;
    }

    public BuiltImage build(Path folder, String reference, BuildListener listener)
            throws IOException, BuildFailedException {
        return build(folder, reference, null, listener);
    }

    /**
     * Builds with the RUN steps on {@code network} ("host", "none", a network's name; null for the
     * engine's default bridge).
     */
    public BuiltImage build(Path folder, String reference, String network, BuildListener listener)
            throws IOException, BuildFailedException {
        if (Files.isDirectory(folder) && !(Files.isReadable(folder) && Files.isExecutable(folder))) {
            throw new BuildFailedException("Cannot read the folder " + folder + ": permission denied. Check its "
                    + "permissions (ls -ld \"" + folder + "\"), or build from a copy you own.");
        }
        if (!Files.isRegularFile(folder.resolve("Dockerfile"))) {
            throw new BuildFailedException("There is no Dockerfile in " + folder
                    + ": write one first (dockhand dockerfile --write, or the Dockerfile step).");
        }
        try (BuildContext context = BuildContext.pack(folder, "Dockerfile", BuildContext.LARGE_FILE_BYTES,
                large -> listener.largeFile(large.path(), large.bytes()))) {
            listener.contextPacked(context.bytes(), context.files());
            Deque<String> tail = new ArrayDeque<>();
            AtomicReference<String> error = new AtomicReference<>();
            AtomicReference<String> imageId = new AtomicReference<>();
            ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) {
                        for (String line : item.getStream().split("\n")) {
                            if (line.isBlank()) {
                                continue;
                            }
                            listener.log(line);
                            remember(tail, line);
                            Matcher step = STEP.matcher(line);
                            if (step.matches()) {
                                listener.step(Integer.parseInt(step.group(1)), Integer.parseInt(step.group(2)), step.group(3));
                            }
                        }
                    }
                    if (item.isErrorIndicated()) {
                        String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                                ? item.getErrorDetail().getMessage() : item.getError();
                        error.set(message);
                        listener.log(message);
                    }
                    if (item.isBuildSuccessIndicated()) {
                        imageId.set(item.getImageId());
                    }
                }
            };
            try (InputStream tar = Files.newInputStream(context.archive())) {
                var command = engine.client().buildImageCmd(tar);
                if (network != null && !network.isBlank()) {
                    command.withNetworkMode(network);
                }
                command.withDockerfilePath("Dockerfile")
                        .withTags(Set.of(reference))
                        .withLabels(Map.of(PROJECT_LABEL, folder.toAbsolutePath().normalize().toString()))
                        .withPull(false)
                        .withForcerm(true)
                        .exec(callback);
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                callback.close();
                Thread.currentThread().interrupt();
                throw new CancellationException("Build cancelled; the image was not tagged.");
            } catch (RuntimeException e) {
                // DockerException, or the stream broke off (the engine stopped, the socket closed).
                error.compareAndSet(null, e.getMessage());
            }
            if ((error.get() != null || imageId.get() == null) && !engine.answers()) {
                throw new BuildFailedException("The Docker engine stopped during the build: it no longer answers at "
                        + engine.endpoint().host() + ". Start it again, then build again."
                        + (error.get() == null ? "" : " Its last message: " + error.get().strip()) + lastStep(tail));
            }
            if (error.get() != null || imageId.get() == null) {
                throw new BuildFailedException("The build failed: " + (error.get() == null ? "the engine gave no image"
                        : error.get().strip()) + lastStep(tail));
            }
            return new BuiltImage(imageId.get(), reference, context.bytes(), context.files());
        }
    }

    private static void remember(Deque<String> tail, String line) {
        tail.addLast(line);
        while (tail.size() > LOG_TAIL) {
            tail.removeFirst();
        }
    }

    private static String lastStep(Deque<String> tail) {
        String step = null;
        for (String line : tail) {
            if (STEP.matcher(line).matches()) {
                step = line;
            }
        }
        return step == null ? "" : " (at " + step + ")";
    }
}
