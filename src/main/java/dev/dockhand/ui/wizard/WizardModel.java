package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.OpenedProject;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.util.EnumMap;

/**
 * The wizard's state: the current step, each step's state and the project being moved. Pages change it;
 * the sidebar and the Back/Next buttons follow it. Lives on the FX thread.
 */
public final class WizardModel {

    private final ObjectProperty<WizardStep> current = new SimpleObjectProperty<>(WizardStep.PROJECT);
    private final ObjectProperty<OpenedProject> project = new SimpleObjectProperty<>();
    private final javafx.beans.property.BooleanProperty localTarget = new javafx.beans.property.SimpleBooleanProperty();
    private final ObservableMap<WizardStep, StepState> states = FXCollections.observableMap(new EnumMap<>(WizardStep.class));

    public WizardModel() {
        for (WizardStep step : WizardStep.values()) {
            states.put(step, step.implemented() ? StepState.LOCKED : StepState.UNAVAILABLE);
        }
        states.put(WizardStep.PROJECT, StepState.READY);
        project.addListener((obs, old, opened) -> {
            // A newly opened project starts the flow afresh from the Dockerfile step.
            for (WizardStep step : WizardStep.values()) {
                if (step.implemented() && step != WizardStep.PROJECT) {
                    states.put(step, StepState.LOCKED);
                }
            }
            states.put(WizardStep.PROJECT, opened == null ? StepState.READY : StepState.DONE);
            if (opened != null) {
                states.put(WizardStep.DOCKERFILE, StepState.READY);
            }
        });
    }

    public ObjectProperty<WizardStep> currentProperty() {
        return current;
    }

    public ObjectProperty<OpenedProject> projectProperty() {
        return project;
    }

    /** True when the service goes to the local rehearsal rather than AWS: the steps after Target follow it. */
    public javafx.beans.property.BooleanProperty localTargetProperty() {
        return localTarget;
    }

    /** The step an action has just completed (null between two completions), for the window to move focus on. */
    private final javafx.beans.property.ReadOnlyObjectWrapper<WizardStep> completed = new javafx.beans.property.ReadOnlyObjectWrapper<>();

    public javafx.beans.property.ReadOnlyObjectProperty<WizardStep> completedProperty() {
        return completed.getReadOnlyProperty();
    }

    public ObservableMap<WizardStep, StepState> states() {
        return states;
    }

    public boolean canEnter(WizardStep step) {
        StepState state = states.get(step);
        return state == StepState.READY || state == StepState.DONE;
    }

    /** Marks {@code step} done and opens the next implemented one. */
    public void complete(WizardStep step) {
        states.put(step, StepState.DONE);
        completed.set(null); // told again even when the step was done before (a second Save)
        completed.set(step);
        WizardStep next = step.next();
        if (next != step && states.get(next) == StepState.LOCKED) {
            states.put(next, StepState.READY);
        }
    }

    /**
     * {@code step} is no longer done (what it made is gone, as a stopped rehearsal): it can be done again, and the
     * steps after it, which needed it, are locked.
     */
    public void reopen(WizardStep step) {
        if (states.get(step) == StepState.DONE) {
            states.put(step, StepState.READY);
        }
        for (WizardStep later : WizardStep.values()) {
            if (later.ordinal() > step.ordinal()) {
                states.put(later, StepState.LOCKED);
            }
        }
    }

    public boolean canGoNext() {
        WizardStep next = current.get().next();
        return next != current.get() && canEnter(next);
    }

    public boolean canGoBack() {
        return current.get() != WizardStep.PROJECT;
    }

    public void goNext() {
        if (canGoNext()) {
            current.set(current.get().next());
        }
    }

    public void goBack() {
        if (canGoBack()) {
            current.set(current.get().previous());
        }
    }
}
