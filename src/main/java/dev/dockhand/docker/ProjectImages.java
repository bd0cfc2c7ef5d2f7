package dev.dockhand.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the images Dockhand built for a project, and what an image exposes. */
public final class ProjectImages {

    private final DockerEngine engine;

    public ProjectImages(DockerEngine engine) {
        this.engine = engine;
    }

    /** The newest tagged image built from {@code folder}, by the label every build sets. */
    public Optional<String> latest(Path folder) {
        List<Image> images = engine.client().listImagesCmd()
                .withLabelFilter(Map.of(ImageBuilder.PROJECT_LABEL, folder.toAbsolutePath().normalize().toString()))
                .exec();
        return images.stream()
                .filter(i -> i.getRepoTags() != null && Arrays.stream(i.getRepoTags()).anyMatch(t -> !t.startsWith("<none>")))
                .max(Comparator.comparing(Image::getCreated))
                .map(i -> Arrays.stream(i.getRepoTags()).filter(t -> !t.startsWith("<none>")).findFirst().orElseThrow());
    }

    /** The image's size on the engine (all its layers), if the engine knows the image. */
    public Optional<Long> size(String image) {
        try {
            return Optional.ofNullable(engine.client().inspectImageCmd(image).exec().getSize());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The single TCP port the image exposes, if it exposes exactly one. */
    public Optional<Integer> exposedPort(String image) {
        try {
            InspectImageResponse inspect = engine.client().inspectImageCmd(image).exec();
            ExposedPort[] ports = inspect.getConfig() == null ? null : inspect.getConfig().getExposedPorts();
            if (ports == null || ports.length != 1) {
                return Optional.empty();
            }
            return Optional.of(ports[0].getPort());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
