package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsPlan;
import dev.dockhand.pipeline.DeployProgress;
import dev.dockhand.pipeline.DeployResult;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * State and actions of the Deploy page: the change set shown and approved before anything changes,
 * stack events as they happen, and how it ended (the URL and its answer, or the root cause).
 */
public final class DeployPageModel {

    public static final Duration WAIT_FOR_STABLE = Duration.ofMinutes(15);

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final AwsConnection aws;
    private final TargetPageModel target;
    private final PushPageModel push;
    private final BuildPageModel build;
    private final ConfigPageModel config;

    private final ObservableList<DeployProgress.ChangeRow> changes = FXCollections.observableArrayList();
    private final ObservableList<DeployProgress.EventRow> events = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty question = new SimpleStringProperty();
    /** The change set's own answer; the other questions name theirs. */
    static final String EXECUTE = "_Execute";
    private final StringProperty questionYes = new SimpleStringProperty(EXECUTE);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<DeployResult> result = new SimpleObjectProperty<>();
    private CompletableFuture<Boolean> answer;
    private Task<DeployResult> task;
    /** Set once the new deployment's tasks failed as often as the circuit breaker allows: why, with the last cause. */
    private final javafx.beans.property.ReadOnlyStringWrapper failing = new javafx.beans.property.ReadOnlyStringWrapper();
    /** The failing tasks' cause without the advice to roll back: what stays on the page once the deploy ended. */
    private String failureEvidence;
    /** The user pressed Roll Back Now (failing tasks) or Roll Back (blue/green); the deploying thread takes it at its next poll. */
    private final java.util.concurrent.atomic.AtomicBoolean rollBackRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean blueGreenRollBackRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private final javafx.beans.property.ReadOnlyBooleanWrapper rollingBack = new javafx.beans.property.ReadOnlyBooleanWrapper();
    /** The blue/green deployment the stack update runs, at the last poll; null when rolling or none. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<dev.dockhand.monitor.BlueGreenStatus> blueGreen =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();

    public DeployPageModel(WizardModel wizard, BackgroundTasks tasks, AwsConnection aws, TargetPageModel target, PushPageModel push,
                           BuildPageModel build, ConfigPageModel config) {
        this.build = build;
        this.config = config;
        this.wizard = wizard;
        this.tasks = tasks;
        this.aws = aws;
        this.target = target;
        this.push = push;
        // Another project: what this page showed was the last one's. A rehearsal it started still runs (and is
        // still this window's to stop); a running deploy goes on, and its result is the old project's.
        wizard.projectProperty().addListener((obs, old, now) -> {
            if (old != null && !running.get()) {
                result.set(null);
                changes.clear();
                events.clear();
                error.set(null);
                failing.set(null);
                failureEvidence = null;
                status.set("");
            }
        });
        // Once the deploy has ended (rolled back, or failed on its own), the advice to roll back no longer
        // applies; the cause and its log lines stay.
        running.addListener((obs, was, now) -> {
            if (!now && failing.get() != null && failureEvidence != null) {
                failing.set(failureEvidence);
            }
        });
    }

    public void deploy() {
        if (answer != null && !running.get()) {
            answer(false); // a question left open (Stop Rehearsal?) is not answered by starting something else
        }
        if (target.localProperty().get()) {
            deployLocally();
            return;
        }
        AwsPlan plan = target.planProperty().get();
        String image = push.imageUriProperty().get();
        if (plan == null || image == null || running.get()) {
            return;
        }
        running.set(true);
        changes.clear();
        events.clear();
        error.set(null);
        result.set(null);
        failing.set(null);
        failureEvidence = null;
        blueGreen.set(null);
        rollBackRequested.set(false);
        blueGreenRollBackRequested.set(false);
        rollingBack.set(false);
        status.set("Preparing the change set…");
        var choices = config.choices();
        var project = wizard.projectProperty().get();
        task = new Task<>() {
            @Override
            protected DeployResult call() throws Exception {
                return aws.current().deploy(plan, choices.read(project), image, WAIT_FOR_STABLE, new DeployProgress() {
                    @Override
                    public boolean approve(List<ChangeRow> proposed) {
                        return ask(() -> {
                            changes.setAll(proposed);
                            status.set("Change set ready: " + (proposed.size() == 1 ? "1 change" : proposed.size() + " changes")
                                    + " to review.");
                        }, "Review the changes, then execute them or cancel.");
                    }

                    @Override
                    public boolean approveRecreate(String stackName, String reason) {
                        return ask(() -> { }, reason + " Delete it and create it again?", "_Delete and Create Again");
                    }

                    @Override
                    public boolean approveRestoreSecret(String secretName, String reason) {
                        return ask(() -> { }, reason, "_Restore");
                    }

                    @Override
                    public boolean approveEarlierResource(String name, String question) {
                        return ask(() -> { }, question, "_It Is This Service's");
                    }

                    @Override
                    public void event(EventRow event) {
                        Platform.runLater(() -> events.add(0, event));
                    }

                    @Override
                    public void status(String text) {
                        Platform.runLater(() -> status.set(text));
                    }

                    @Override
                    public void taskStopped(dev.dockhand.monitor.StoppedTask stopped) {
                        EventRow row = new EventRow(stopped.stoppedAt() != null ? stopped.stoppedAt() : java.time.Instant.now(),
                                "Task " + stopped.taskId(), "AWS::ECS::Task", stopped.cause().failure() ? "FAILED" : "STOPPED",
                                stopped.cause().summary());
                        Platform.runLater(() -> events.add(0, row));
                    }

                    @Override
                    public boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
                        String text = failed + " tasks of the new deployment failed (ECS's circuit breaker stops at " + threshold
                                + "): it will not succeed. Roll back now (an update is cancelled and the old tasks keep "
                                + "serving; a new stack is deleted), or wait for CloudFormation to give up.\nLast: "
                                + last.cause().describe();
                        String evidence = failed + " tasks of the new deployment failed. Last: " + last.cause().describe();
                        Platform.runLater(() -> {
                            failing.set(text);
                            failureEvidence = evidence;
                        });
                        return rollBackRequested.getAndSet(false);
                    }

                    @Override
                    public boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
                        Platform.runLater(() -> blueGreen.set(status));
                        return blueGreenRollBackRequested.getAndSet(false);
                    }
                });
            }
        };
        task.setOnSucceeded(e -> {
            running.set(false);
            question.set(null);
            blueGreen.set(null); // the monitoring window follows the service from here
            DeployResult outcome = task.getValue();
            result.set(outcome);
            if (outcome.serviceStable()) {
                status.set("Deployed: " + outcome.url());
                wizard.complete(WizardStep.DEPLOY);
            } else {
                status.set(outcome.timedOut() ? "Not stable in time."
                        : "UPDATE_ROLLBACK_COMPLETE".equals(outcome.stackStatus()) ? "Not deployed: the previous version keeps serving."
                        : "Not deployed.");
                error.set(outcome.reason());
            }
        });
        task.setOnCancelled(e -> stopped("Cancelled. CloudFormation goes on with anything it had started."));
        task.setOnFailed(e -> stopped(task.getException() instanceof CancellationException ? task.getException().getMessage()
                : task.getException().getMessage()));
        tasks.run(task);
    }

    /** Whether the next rehearsal runs with {@link dev.dockhand.pipeline.LocalSteps.Tuning#fast()} timings. */
    private final javafx.beans.property.BooleanProperty fastTimings = new javafx.beans.property.SimpleBooleanProperty(true);
    /** The rehearsal this page started and that still runs, or null. */
    private final javafx.beans.property.ReadOnlyStringWrapper rehearsal = new javafx.beans.property.ReadOnlyStringWrapper();

    public javafx.beans.property.BooleanProperty fastTimingsProperty() {
        return fastTimings;
    }

    public javafx.beans.property.ReadOnlyStringProperty rehearsalProperty() {
        return rehearsal.getReadOnlyProperty();
    }

    /**
     * Takes over a rehearsal that was running when its project was opened (started in an earlier session or
     * from the command line): the page shows its address and Stop Rehearsal stops it.
     */
    public void adoptRehearsal(String name, String url) {
        if (running.get()) {
            return;
        }
        rehearsal.set(name);
        result.set(new DeployResult(name, "RUNNING", true, null, url, null, null, false, false, false, null,
                "the rehearsal was already running when the project was opened"));
        status.set("Rehearsal running.");
    }

    /** A problem that stops nothing (the browser would not open): shown in the status line. */
    public void reportProblem(String problem) {
        status.set(problem);
    }

    /** Asks on the page, then stops the rehearsal this page started: its replicas, balancer and background process. */
    public void stopRehearsal() {
        String name = rehearsal.get();
        if (name == null || running.get() || question.get() != null) {
            return;
        }
        CompletableFuture<Boolean> pending = new CompletableFuture<>();
        answer = pending;
        questionYes.set("_Stop Rehearsal");
        question.set("Stop the rehearsal " + name + "? Its replicas, balancer and background process stop, and their "
                + "containers are removed; the monitoring window then shows it stopped.");
        pending.thenAccept(yes -> { // completed on the FX thread, by the answer
            if (yes) {
                stopRehearsalNow();
            }
        });
    }

    /** Stops the rehearsal this page started without asking (the user has said so already, as at quit). */
    public void stopRehearsalNow() {
        String name = rehearsal.get();
        if (name == null || running.get()) {
            return;
        }
        // What was deployed when the stop began: only a local deployment of this project is taken back by it.
        var projectStopped = wizard.projectProperty().get();
        boolean localDeployment = target.localProperty().get();
        running.set(true);
        status.set("Stopping the rehearsal " + name + "…");
        Task<Integer> stop = new Task<>() {
            @Override
            protected Integer call() throws Exception {
                return new dev.dockhand.pipeline.LocalSteps().destroy(name, Duration.ofSeconds(90));
            }
        };
        stop.setOnSucceeded(e -> {
            running.set(false);
            rehearsal.set(null);
            status.set("The rehearsal " + name + " is stopped; its containers are removed.");
            if (localDeployment && target.localProperty().get() && projectStopped == wizard.projectProperty().get()) {
                result.set(null);
                wizard.reopen(WizardStep.DEPLOY); // nothing runs to watch: Deploy and Monitor are to do again
            }
        });
        stop.setOnFailed(e -> {
            stopped(stop.getException().getMessage());
            status.set("The rehearsal " + name + " could not be stopped.");
        });
        tasks.run(stop);
    }

    /** Starts the rehearsal (or rolls the image into the running one) on the local engine. */
    private void deployLocally() {
        var project = wizard.projectProperty().get();
        var built = build.builtProperty().get();
        if (project == null || built == null || running.get()) {
            return;
        }
        running.set(true);
        changes.clear();
        events.clear();
        error.set(null);
        result.set(null);
        status.set("Starting the rehearsal…");
        var choices = config.choices();
        var tuning = fastTimings.get() ? dev.dockhand.pipeline.LocalSteps.Tuning.fast() : dev.dockhand.pipeline.LocalSteps.Tuning.none();
        Task<dev.dockhand.monitor.ServiceSnapshot> start = new Task<>() {
            @Override
            protected dev.dockhand.monitor.ServiceSnapshot call() throws Exception {
                var settings = dev.dockhand.pipeline.ProjectSettings.load(project.folder());
                var spec = dev.dockhand.pipeline.LocalSteps.spec(project, settings, built.image(), tuning);
                return new dev.dockhand.pipeline.LocalSteps().deploy(spec, choices.read(project), Duration.ofMinutes(5),
                        new dev.dockhand.pipeline.StepListener() {
                    @Override
                    public void progress(double fraction, String message) {
                        Platform.runLater(() -> status.set(message));
                    }
                });
            }
        };
        start.setOnSucceeded(e -> {
            running.set(false);
            var snapshot = start.getValue();
            snapshot.events().forEach(ev -> events.add(new DeployProgress.EventRow(ev.time(), snapshot.service(), "rehearsal", "", ev.message())));
            result.set(new DeployResult(snapshot.service(), "RUNNING", true, null, snapshot.url(), null, null, false, false, false, null,
                    snapshot.running() + " replicas behind the local load balancer"));
            rehearsal.set(snapshot.service());
            status.set("Rehearsal running.");
            wizard.complete(WizardStep.DEPLOY);
        });
        start.setOnFailed(e -> stopped(start.getException().getMessage()));
        tasks.run(start);
    }

    /** Shows a question on the page and blocks the deploying thread until the user answers. */
    private boolean ask(Runnable show, String text) {
        return ask(show, text, EXECUTE);
    }

    /** Asks {@code text}, the yes button reading {@code yes} (with its mnemonic), and waits for the answer. */
    private boolean ask(Runnable show, String text, String yes) {
        CompletableFuture<Boolean> pending = new CompletableFuture<>();
        Platform.runLater(() -> {
            answer = pending;
            show.run();
            questionYes.set(yes);
            question.set(text);
        });
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The user's answer to the question shown. */
    public void answer(boolean yes) {
        if (answer != null) {
            question.set(null);
            questionYes.set(EXECUTE);
            answer.complete(yes);
            answer = null;
        }
    }

    private void stopped(String message) {
        running.set(false);
        question.set(null);
        answer = null; // a question of the task that ended goes with it
        status.set("Not deployed."); // not the last step's "Preparing…" beside the reason
        error.set(message);
    }

    /**
     * Rolls back at the deploying thread's next poll: a failing deployment instead of waiting for CloudFormation,
     * or a blue/green one before its bake ends.
     */
    public void rollBackNow() {
        if (running.get() && !rollingBack.get()) {
            if (failing.get() != null) {
                rollBackRequested.set(true);
            } else if (blueGreen.get() != null && blueGreen.get().canRollBack()) {
                blueGreenRollBackRequested.set(true);
            } else {
                return;
            }
            rollingBack.set(true);
            status.set("Rolling back…");
        }
    }

    public javafx.beans.property.ReadOnlyStringProperty failingProperty() {
        return failing.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyObjectProperty<dev.dockhand.monitor.BlueGreenStatus> blueGreenProperty() {
        return blueGreen.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty rollingBackProperty() {
        return rollingBack.getReadOnlyProperty();
    }

    public void cancel() {
        if (answer != null) {
            answer(false);
        } else if (task != null && task.isRunning()) {
            task.cancel(true);
        }
    }

    public ObservableList<DeployProgress.ChangeRow> changes() {
        return changes;
    }

    public ObservableList<DeployProgress.EventRow> events() {
        return events;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** What the yes button of the current question says. */
    public javafx.beans.property.ReadOnlyStringProperty questionYesProperty() {
        return questionYes;
    }

    public StringProperty questionProperty() {
        return question;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<DeployResult> resultProperty() {
        return result;
    }
}
