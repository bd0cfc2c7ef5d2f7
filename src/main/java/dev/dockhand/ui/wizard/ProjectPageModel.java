package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AnalysisReport;
import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.RecentProjects;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Editor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/** State and actions of the Project page: open a folder, analyse it in the background, remember it. */
public final class ProjectPageModel {

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final RecentProjects recentProjects;
    /** Finds the running rehearsal of a project folder (reads files; called on a background thread). */
    private final java.util.function.Function<Path, java.util.Optional<LocalSteps.Running>> rehearsals;

    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ReadOnlyStringWrapper saveError = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper();
    private final ObjectProperty<AnalysisReport> report = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private Task<OpenedProject> running;
    /** The open project's rehearsal that still runs (from an earlier session too), or null. */
    private final ReadOnlyObjectWrapper<LocalSteps.Running> rehearsal = new ReadOnlyObjectWrapper<>();
    /** The recent projects whose rehearsal runs. */
    private final ObservableSet<Path> rehearsing = FXCollections.observableSet();

    public ProjectPageModel(WizardModel wizard, BackgroundTasks tasks, RecentProjects recentProjects) {
        this(wizard, tasks, recentProjects, folder -> new LocalSteps().runningFor(folder));
    }

    public ProjectPageModel(WizardModel wizard, BackgroundTasks tasks, RecentProjects recentProjects,
                            java.util.function.Function<Path, java.util.Optional<LocalSteps.Running>> rehearsals) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.recentProjects = recentProjects;
        this.rehearsals = rehearsals;
        // What opening a finding did is said until the user moves on, not for the rest of the session.
        wizard.currentProperty().addListener((obs, old, step) -> notice.set(null));
    }

    /** Reads the recent-projects list in the background, and which of them have a rehearsal running. */
    public void loadRecent() {
        Task<List<Path>> load = new Task<>() {
            @Override
            protected List<Path> call() {
                List<Path> paths = recentProjects.list();
                java.util.Set<Path> live = new java.util.HashSet<>();
                for (Path path : paths) {
                    rehearsals.apply(path).ifPresent(r -> live.add(path));
                }
                javafx.application.Platform.runLater(() -> {
                    rehearsing.retainAll(live);
                    rehearsing.addAll(live);
                });
                return paths;
            }
        };
        load.setOnSucceeded(e -> recent.setAll(load.getValue()));
        tasks.run(load);
    }

    /** Looks in the background for a running rehearsal of {@code folder}; shows it if the folder is still open. */
    private void findRehearsal(Path folder) {
        Task<java.util.Optional<LocalSteps.Running>> find = new Task<>() {
            @Override
            protected java.util.Optional<LocalSteps.Running> call() {
                return rehearsals.apply(folder);
            }
        };
        find.setOnSucceeded(e -> {
            OpenedProject open = wizard.projectProperty().get();
            if (open == null || !open.folder().equals(folder)) {
                return;
            }
            rehearsal.set(find.getValue().orElse(null));
            if (find.getValue().isPresent()) {
                rehearsing.add(folder);
            } else {
                rehearsing.remove(folder);
            }
        });
        tasks.run(find);
    }

    /** Forgets the shown rehearsal once it is stopped. */
    public void rehearsalStopped(String name) {
        LocalSteps.Running shown = rehearsal.get();
        if (shown != null && shown.name().equals(name)) {
            rehearsal.set(null);
            OpenedProject open = wizard.projectProperty().get();
            if (open != null) {
                rehearsing.remove(open.folder());
            }
        }
    }

    public ReadOnlyObjectProperty<LocalSteps.Running> rehearsalProperty() {
        return rehearsal.getReadOnlyProperty();
    }

    public ObservableSet<Path> rehearsing() {
        return rehearsing;
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
        saveError.set(null);
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
            rehearsal.set(null);
            notice.set(null);
            report.set(analyse.getValue().report());
            wizard.projectProperty().set(analyse.getValue());
            findRehearsal(analyse.getValue().folder());
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

    /**
     * Saves the app's port and health path in dockhand.yaml and analyses the project again with them, in the
     * background; the steps after this one start over from the new analysis.
     */
    public void saveServing(int port, String healthPath) {
        OpenedProject current = wizard.projectProperty().get();
        if (current == null) {
            return;
        }
        busy.set(true);
        saveError.set(null);
        Task<OpenedProject> save = new Task<>() {
            @Override
            protected OpenedProject call() throws Exception {
                return current.withServing(port, healthPath);
            }
        };
        running = save;
        save.setOnSucceeded(e -> {
            if (running != save) {
                return;
            }
            busy.set(false);
            report.set(save.getValue().report());
            wizard.projectProperty().set(save.getValue());
        });
        save.setOnFailed(e -> {
            if (running != save) {
                return;
            }
            busy.set(false);
            Throwable failure = save.getException();
            saveError.set(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        });
        tasks.run(save);
    }

    /**
     * Opens the file of a finding in the user's editor at its line, in the background; {@link #noticeProperty()}
     * says what was opened, or why nothing could be.
     */
    public void openFinding(AnalysisReport.ReadinessFinding finding) {
        OpenedProject open = wizard.projectProperty().get();
        if (open == null || finding.file() == null) {
            return;
        }
        Path file = open.folder().resolve(finding.file()).normalize();
        notice.set(null); // the last attempt's word goes with the next action
        Task<Editor.Opened> start = new Task<>() {
            @Override
            protected Editor.Opened call() throws Exception {
                if (!file.startsWith(open.folder()) || !java.nio.file.Files.isRegularFile(file)) {
                    throw new java.io.IOException(finding.file() + " is no longer in the project: open the project again to "
                            + "refresh the report");
                }
                return Editor.open(file, finding.line());
            }
        };
        start.setOnSucceeded(e -> {
            Editor.Opened opened = start.getValue();
            String hint = " To open files at the line, set DOCKHAND_EDITOR to your editor (for example code, subl or idea).";
            notice.set(opened.folderOnly() ? "No editor found: opened the folder that holds " + finding.location() + "." + hint
                    : opened.atLine() || finding.line() == null ? "Opened " + finding.location() + " in " + opened.program() + "."
                    : "Opened " + finding.file() + " with " + opened.program() + "; the finding is on line " + finding.line() + "." + hint);
        });
        start.setOnFailed(e -> notice.set("Could not open " + finding.file() + ": " + start.getException().getMessage() + "."));
        tasks.run(start);
    }

    /** What the last attempt to open a finding's file did, or null. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The project open in the wizard, or null. */
    public OpenedProject openProject() {
        return wizard.projectProperty().get();
    }

    /** Why the last change of port or health path was not saved, or null. */
    public ReadOnlyStringProperty saveErrorProperty() {
        return saveError.getReadOnlyProperty();
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
