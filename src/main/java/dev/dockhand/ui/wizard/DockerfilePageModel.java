package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.DockerfileFiles;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.pipeline.TextDiff;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.Optional;

/**
 * State and actions of the Dockerfile page: the proposal (editable), the user's existing Dockerfile and
 * the diff between them, and saving with a backup.
 */
public final class DockerfilePageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;

    private final StringProperty dockerfile = new SimpleStringProperty("");
    private final StringProperty dockerignore = new SimpleStringProperty("");
    private final StringProperty existingDockerfile = new SimpleStringProperty();
    private final StringProperty existingDockerignore = new SimpleStringProperty();
    private final StringProperty diff = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty canPropose = new SimpleBooleanProperty();
    private DockerfileFiles proposal;

    public DockerfilePageModel(WizardModel wizard, BackgroundTasks tasks) {
        this.wizard = wizard;
        this.tasks = tasks;
        dockerfile.addListener((obs, old, text) -> updateDiff());
        wizard.projectProperty().addListener((obs, old, project) -> load(project));
    }

    /** Reads the proposal and any existing files of {@code project} in the background. */
    private void load(OpenedProject project) {
        proposal = null;
        status.set(null);
        error.set(null);
        if (project == null) {
            return;
        }
        busy.set(true);
        record Loaded(DockerfileFiles proposal, String proposalError, Optional<String> dockerfile, Optional<String> dockerignore) {
        }
        Task<Loaded> read = new Task<>() {
            @Override
            protected Loaded call() {
                DockerfileFiles files = null;
                String failure = null;
                try {
                    files = project.proposal();
                } catch (StepException e) {
                    failure = e.getMessage();
                }
                return new Loaded(files, failure, project.existingDockerfile(), project.existingDockerignore());
            }
        };
        read.setOnSucceeded(e -> {
            if (wizard.projectProperty().get() != project) {
                return;
            }
            Loaded loaded = read.getValue();
            busy.set(false);
            proposal = loaded.proposal();
            canPropose.set(proposal != null);
            existingDockerfile.set(loaded.dockerfile().orElse(null));
            existingDockerignore.set(loaded.dockerignore().orElse(null));
            if (proposal != null) {
                dockerfile.set(proposal.dockerfile());
                dockerignore.set(proposal.dockerignore());
            } else {
                dockerfile.set(loaded.dockerfile().orElse(""));
                dockerignore.set(loaded.dockerignore().orElse(""));
                error.set(loaded.proposalError());
            }
            updateDiff();
            if (proposal != null && loaded.dockerfile().filter(proposal.dockerfile()::equals).isPresent()
                    && loaded.dockerignore().filter(proposal.dockerignore()::equals).isPresent()) {
                // Saved from this page before, unchanged since: there is nothing to save, and nothing to wait for.
                status.set("This is Dockhand's Dockerfile, saved: the files in the project are the proposal, so there is "
                        + "nothing to save.");
                wizard.complete(WizardStep.DOCKERFILE);
            }
            if (proposal == null && loaded.dockerfile().isPresent()) {
                // Nothing to write: the project's own Dockerfile is used as it is.
                wizard.complete(WizardStep.DOCKERFILE);
            }
        });
        read.setOnFailed(e -> {
            busy.set(false);
            error.set(String.valueOf(read.getException().getMessage()));
        });
        tasks.run(read);
    }

    private void updateDiff() {
        String existing = existingDockerfile.get();
        diff.set(existing == null ? "" : TextDiff.unified("Dockerfile (yours)", existing,
                "Dockerfile (proposed)", dockerfile.get()));
    }

    /** True when saving would replace a file the user has (with other content). */
    public BooleanBinding replacesExistingProperty() {
        return Bindings.createBooleanBinding(() -> !filesReplaced().isEmpty(),
                existingDockerfile, dockerfile, existingDockerignore, dockerignore);
    }

    /** The names of the user's files that saving would replace, e.g. "Dockerfile and .dockerignore". */
    public String filesReplaced() {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (existingDockerfile.get() != null && !existingDockerfile.get().equals(dockerfile.get())) {
            names.add("Dockerfile");
        }
        if (existingDockerignore.get() != null && !existingDockerignore.get().equals(dockerignore.get())) {
            names.add(".dockerignore");
        }
        return String.join(" and ", names);
    }

    /** Goes back to Dockhand's proposal, dropping edits. */
    public void resetToProposal() {
        if (proposal != null) {
            dockerfile.set(proposal.dockerfile());
            dockerignore.set(proposal.dockerignore());
        }
    }

    /** The open project's folder, where the file chooser starts. */
    public Optional<Path> projectFolder() {
        return Optional.ofNullable(wizard.projectProperty().get()).map(OpenedProject::folder);
    }

    private static final java.util.regex.Pattern FROM_LINE = java.util.regex.Pattern.compile("(?i)FROM\\s");

    /** Larger than any Dockerfile: a file this big is not one. */
    static final long MAX_DOCKERFILE_BYTES = 256 * 1024;

    /**
     * Puts the text of a Dockerfile kept elsewhere (docker/Dockerfile.prod, another project's) in place of
     * the proposal, read in the background; Save writes it as the project's Dockerfile. A file with no FROM
     * line is refused: it cannot build an image.
     */
    public void loadFrom(Path file) {
        busy.set(true);
        error.set(null);
        Task<String> read = new Task<>() {
            @Override
            protected String call() throws Exception {
                if (java.nio.file.Files.size(file) > MAX_DOCKERFILE_BYTES) {
                    throw new java.io.IOException(file.getFileName() + " is larger than " + MAX_DOCKERFILE_BYTES / 1024
                            + " KiB, which no Dockerfile is: choose the Dockerfile itself");
                }
                String text = java.nio.file.Files.readString(file);
                if (text.lines().map(String::strip).noneMatch(line -> FROM_LINE.matcher(line).lookingAt())) {
                    throw new java.io.IOException(file.getFileName() + " has no FROM line, so it is not a Dockerfile that can "
                            + "build an image: choose another file");
                }
                return text;
            }
        };
        OpenedProject forProject = wizard.projectProperty().get();
        read.setOnSucceeded(e -> {
            busy.set(false);
            if (wizard.projectProperty().get() != forProject) {
                return; // another project was opened meanwhile: its proposal stays
            }
            dockerfile.set(read.getValue());
            status.set("Loaded " + file + ". Save writes it as the project's Dockerfile; paths in it are read from the "
                    + "project folder. Reset to Proposal goes back to Dockhand's.");
        });
        read.setOnFailed(e -> {
            busy.set(false);
            Throwable failure = read.getException();
            error.set(failure instanceof java.nio.charset.MalformedInputException
                    ? file.getFileName() + " is not a text file: choose a Dockerfile."
                    : "Could not load " + file.getFileName() + ": " + failure.getMessage() + ".");
        });
        tasks.run(read);
    }

    /** Keeps the user's own Dockerfile as it is; nothing is written. */
    public void useExisting() {
        if (existingDockerfile.get() != null) {
            dockerfile.set(existingDockerfile.get());
            if (existingDockerignore.get() != null) {
                dockerignore.set(existingDockerignore.get());
            }
            status.set(dev.dockhand.pipeline.DockerfileFiles.writtenByDockhand(existingDockerfile.get())
                    ? "Keeping the Dockerfile Dockhand saved earlier. Nothing was changed."
                    : "Using your own Dockerfile as it is. Nothing was changed.");
            wizard.complete(WizardStep.DOCKERFILE);
        }
    }

    /**
     * Writes the texts shown. {@code confirmedReplace} must be true when {@link #replacesExistingProperty()}
     * is: the view asks the user first.
     */
    public void save(boolean confirmedReplace) {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null) {
            return;
        }
        DockerfileFiles files = new DockerfileFiles(dockerfile.get(), dockerignore.get());
        busy.set(true);
        error.set(null);
        Task<DockerfileFiles.Saved> write = new Task<>() {
            @Override
            protected DockerfileFiles.Saved call() throws Exception {
                return project.save(files, confirmedReplace);
            }
        };
        write.setOnSucceeded(e -> {
            busy.set(false);
            DockerfileFiles.Saved saved = write.getValue();
            existingDockerfile.set(files.dockerfile());
            existingDockerignore.set(files.dockerignore());
            status.set(describe(project.folder(), saved));
            wizard.complete(WizardStep.DOCKERFILE);
        });
        write.setOnFailed(e -> {
            busy.set(false);
            Throwable failure = write.getException();
            error.set(failure instanceof DockerfileFiles.ExistingFilesException ? failure.getMessage()
                    : "Could not save: " + failure.getMessage() + ". Check that the project folder is writable.");
        });
        tasks.run(write);
    }

    private static String describe(Path folder, DockerfileFiles.Saved saved) {
        StringBuilder text = new StringBuilder();
        if (!saved.written().isEmpty()) {
            text.append("Saved ").append(String.join(" and ", saved.written().stream()
                    .map(p -> p.getFileName().toString()).toList())).append('.');
        } else {
            text.append("Nothing to save: the files already have this content.");
        }
        for (Path backup : saved.backups()) {
            text.append(" Your previous file is kept as ").append(folder.relativize(backup)).append('.');
        }
        return text.toString();
    }

    public StringProperty dockerfileProperty() {
        return dockerfile;
    }

    public StringProperty dockerignoreProperty() {
        return dockerignore;
    }

    public StringProperty existingDockerfileProperty() {
        return existingDockerfile;
    }

    public StringProperty diffProperty() {
        return diff;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty canProposeProperty() {
        return canPropose;
    }
}
