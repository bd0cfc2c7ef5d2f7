package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AnalysisReport;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/** State and actions of the Project page: open a folder, analyse it in the background, remember it. */
public final class ProjectPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final RecentProjects recentProjects;

    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<AnalysisReport> report = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private Task<OpenedProject> running;

    public ProjectPageModel(WizardModel wizard, BackgroundTasks tasks, RecentProjects recentProjects) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.recentProjects = recentProjects;
    }

    /** Reads the recent-projects list in the background. */
    public void loadRecent() {
        Task<List<Path>> load = new Task<>() {
            @Override
            protected List<Path> call() {
                return recentProjects.list();
            }
        };
        load.setOnSucceeded(e -> recent.setAll(load.getValue()));
        tasks.run(load);
    }

    public void open(Path folder) {
        open(folder, null);
    }

    /** Analyses {@code folder} in the background; a newer request cancels an older one. */
    public void open(Path folder, String workspacePackage) {
        if (running != null) {
            running.cancel();
        }
        busy.set(true);
        error.set(null);
        Task<OpenedProject> analyse = new Task<>() {
            @Override
            protected OpenedProject call() throws Exception {
                OpenedProject opened = OpenedProject.open(folder, workspacePackage);
                List<Path> updated = recentProjects.add(opened.folder());
                javafx.application.Platform.runLater(() -> recent.setAll(updated));
                return opened;
            }
        };
        running = analyse;
        analyse.setOnSucceeded(e -> {
            if (running != analyse) {
                return;
            }
            busy.set(false);
            report.set(analyse.getValue().report());
            wizard.projectProperty().set(analyse.getValue());
        });
        analyse.setOnFailed(e -> {
            if (running != analyse) {
                return;
            }
            busy.set(false);
            Throwable failure = analyse.getException();
            error.set(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        });
        tasks.run(analyse);
    }

    /** Re-analyses the open monorepo for another workspace package. */
    public void chooseWorkspace(String workspacePackage) {
        OpenedProject current = wizard.projectProperty().get();
        if (current != null && workspacePackage != null && !workspacePackage.equals(current.report().appDirectory())) {
            open(current.folder(), workspacePackage);
        }
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<AnalysisReport> reportProperty() {
        return report;
    }

    /**
     * Where the folder chooser opens: the folder that holds the last project opened (projects usually sit
     * side by side), or empty when there is none that still exists.
     */
    public java.util.Optional<Path> chooserStart() {
        return recent.stream().map(Path::getParent).filter(p -> p != null && java.nio.file.Files.isDirectory(p)).findFirst();
    }

    public ObservableList<Path> recent() {
        return recent;
    }
}
