package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ConfigPlan;
import dev.dockhand.pipeline.ConfigValues;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State and actions of the Configuration page: the variables the app reads, each plain or secret, and
 * where its value comes from. Values typed in stay in memory; {@link #values()} gives the Test and
 * Deploy steps what they run with. Lives on the FX thread; file work runs on {@link BackgroundTasks}.
 */
public final class ConfigPageModel {

    /** One variable as the page edits it. */
    public static final class Row {
        private final String name;
        private final List<String> readAt;
        private final String kindReason;
        private final boolean required;
        private final BooleanProperty secret = new SimpleBooleanProperty();
        private final ObjectProperty<ConfigPlan.Source> source = new SimpleObjectProperty<>();
        private final StringProperty detail = new SimpleStringProperty("");
        private final StringProperty typed = new SimpleStringProperty("");

        Row(ConfigPlan.Item item) {
            this.name = item.name();
            this.readAt = item.readAt();
            this.kindReason = item.kindReason();
            this.required = !item.readAt().isEmpty() && !item.hasDefault();
            secret.set(item.secret());
            source.set(item.source());
            detail.set(item.source() == ConfigPlan.Source.DOTENV ? item.file() : item.source() == ConfigPlan.Source.ARN ? item.arn() : "");
        }

        public String name() {
            return name;
        }

        /** "src/config.js:7, src/db.js:3", or that only a dotenv file lists it. */
        public String readAt() {
            return readAt.isEmpty() ? "listed in a dotenv file only" : String.join(", ", readAt);
        }

        public String kindReason() {
            return kindReason;
        }

        /** True when the code reads it with no default: left out, the app may fail to start. */
        public boolean required() {
            return required;
        }

        public BooleanProperty secretProperty() {
            return secret;
        }

        public ObjectProperty<ConfigPlan.Source> sourceProperty() {
            return source;
        }

        /** The dotenv file, or the ARN, for those sources. */
        public StringProperty detailProperty() {
            return detail;
        }

        /** The value typed in, for "kept in Secrets Manager": in memory only. */
        public StringProperty typedProperty() {
            return typed;
        }
    }

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<String> status = new ReadOnlyObjectWrapper<>("");
    private final StringProperty error = new SimpleStringProperty();
    private final ReadOnlyObjectWrapper<ConfigValues> values = new ReadOnlyObjectWrapper<>(ConfigValues.none());

    public ConfigPageModel(WizardModel wizard, BackgroundTasks tasks) {
        this.wizard = wizard;
        this.tasks = tasks;
        wizard.projectProperty().addListener((obs, old, project) -> load(project));
    }

    private void load(OpenedProject project) {
        rows.clear();
        values.set(ConfigValues.none());
        error.set(null);
        if (project == null) {
            return;
        }
        busy.set(true);
        Task<ConfigPlan> reading = new Task<>() {
            @Override
            protected ConfigPlan call() throws Exception {
                return project.configPlan(ProjectSettings.load(project.folder()));
            }
        };
        reading.setOnSucceeded(e -> {
            busy.set(false);
            if (wizard.projectProperty().get() != project) {
                return;
            }
            reading.getValue().items().forEach(item -> rows.add(new Row(item)));
            status.set(rows.isEmpty() ? "The app reads no configuration Dockhand could find: nothing to carry."
                    : rows.size() + " variables found. Secrets go to AWS Secrets Manager on deploy; plain values into the "
                    + "task definition. No value enters the image or dockhand.yaml.");
        });
        reading.setOnFailed(e -> {
            busy.set(false);
            error.set(reading.getException().getMessage());
        });
        tasks.run(reading);
    }

    /** The rows as a plan; rows the user changed say so in their kind reason. */
    ConfigPlan plan() {
        ConfigPlan plan = ConfigPlan.empty();
        for (Row row : rows) {
            plan = plan.with(row.name(), row.secret.get(), row.source.get(), row.detail.get() == null ? "" : row.detail.get().strip());
        }
        return plan;
    }

    /** The page's choices as they stand, and the values typed in: taken on the FX thread, read in the background. */
    public record Choices(ConfigPlan plan, Map<String, String> typed) {
        /** Reads the values (dotenv files, the environment, typed): file work, for a background task. */
        public ConfigValues read(OpenedProject project) throws dev.dockhand.pipeline.StepException {
            return project.configValues(plan, typed);
        }

        @Override
        public String toString() {
            return "Choices" + typed.keySet(); // names only
        }
    }

    /**
     * What the Test and Deploy steps run with: the choices now, so a change made after "Use This
     * Configuration" is not lost on the way to the container.
     */
    public Choices choices() {
        Map<String, String> typed = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.source.get() == ConfigPlan.Source.STORED && row.typed.get() != null && !row.typed.get().isEmpty()) {
                typed.put(row.name(), row.typed.get());
            }
        }
        return new Choices(plan(), typed);
    }

    /** Checks the choices, saves them in dockhand.yaml, reads the values, and opens the next step. */
    public void apply() {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null || busy.get()) {
            return;
        }
        Choices choices = choices();
        ConfigPlan plan = choices.plan();
        Map<String, String> typed = choices.typed();
        error.set(null);
        busy.set(true);
        Task<ConfigValues> saving = new Task<>() {
            @Override
            protected ConfigValues call() throws Exception {
                project.saveConfig(plan);
                return project.configValues(plan, typed);
            }
        };
        saving.setOnSucceeded(e -> {
            busy.set(false);
            values.set(saving.getValue());
            List<String> notes = saving.getValue().localNotes();
            int ready = saving.getValue().containerEnvironment().size();
            status.set(plan.items().isEmpty() ? "Nothing to carry: the image runs with no variables of its own."
                    : "Saved in " + ProjectSettings.FILE + " (names, kinds and sources only). "
                    + (ready == 1 ? "1 value is" : ready + " values are") + " ready for the local test"
                    + (notes.isEmpty() ? "." : "; " + String.join("; ", notes) + "."));
            wizard.complete(WizardStep.CONFIGURATION);
        });
        saving.setOnFailed(e -> {
            busy.set(false);
            error.set(saving.getException().getMessage());
        });
        tasks.run(saving);
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<String> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** The configuration the Test and Deploy steps run with; none until the page is applied. */
    public ReadOnlyObjectProperty<ConfigValues> valuesProperty() {
        return values.getReadOnlyProperty();
    }

    public ConfigValues values() {
        return values.get();
    }
}
