package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.ConfigPlan;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.VPos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Configuration page: one row per variable, with its kind, its source and (for typed values) the value. */
public final class ConfigPageController {

    private final ConfigPageModel model;

    @FXML private GridPane grid;
    @FXML private Label configStatusLabel;
    @FXML private Label errorLabel;
    @FXML private Button applyButton;

    public ConfigPageController(ConfigPageModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        grid.getColumnConstraints().setAll(new ColumnConstraints(150, 210, 320), new ColumnConstraints(90),
                new ColumnConstraints(225), column());
        configStatusLabel.textProperty().bind(model.statusProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        applyButton.disableProperty().bind(model.busyProperty());
        model.rows().addListener((ListChangeListener<ConfigPageModel.Row>) change -> render());
        render();
    }

    private static ColumnConstraints column() {
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grow.setMinWidth(160);
        return grow;
    }

    private void render() {
        grid.getChildren().clear();
        if (model.rows().isEmpty()) {
            // An empty table under its headers reads as broken: say what was looked at instead.
            Label none = new Label("No variables found in the app's .env files or its code, "
                    + "so there is nothing to carry.");
            none.setId("noVariablesLabel");
            none.getStyleClass().add("text-muted");
            none.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // one line across the page, not squeezed into the first column
            grid.add(none, 0, 0, javafx.scene.layout.GridPane.REMAINING, 1);
            return;
        }
        String[] headers = {"Variable", "Kind", "Value comes from", "File, ARN or value"};
        for (int c = 0; c < headers.length; c++) {
            Label header = new Label(headers[c]);
            header.getStyleClass().add("summary-name");
            grid.add(header, c, 0);
        }
        int r = 1;
        for (ConfigPageModel.Row row : model.rows()) {
            addRow(row, r++);
        }
    }

    private void addRow(ConfigPageModel.Row row, int index) {
        Label name = new Label(row.name());
        name.getStyleClass().add("config-name");
        Label where = new Label(row.readAt());
        where.getStyleClass().addAll("text-muted", "text-small");
        where.setTooltip(new Tooltip(row.readAt()));
        VBox nameBox = new VBox(1, name, where);
        nameBox.setId("config-" + row.name());

        ChoiceBox<Boolean> kind = new ChoiceBox<>();
        kind.getItems().setAll(Boolean.TRUE, Boolean.FALSE);
        kind.setConverter(converter(secret -> secret ? "Secret" : "Plain"));
        kind.setValue(row.secretProperty().get());
        kind.valueProperty().addListener((obs, old, secret) -> row.secretProperty().set(Boolean.TRUE.equals(secret)));
        kind.setTooltip(new Tooltip("Proposed because " + row.kindReason()));
        kind.setId("kind-" + row.name());

        ChoiceBox<ConfigPlan.Source> source = new ChoiceBox<>();
        source.getItems().setAll(ConfigPlan.Source.values());
        source.setConverter(converter(s -> switch (s) {
            case DOTENV -> "A .env file";
            case ENVIRONMENT -> "Dockhand's environment";
            case STORED -> "Typed in (Secrets Manager)";
            case ARN -> "Existing secret (ARN)";
            case OMIT -> "Left out";
        }));
        source.setValue(row.sourceProperty().get());
        source.valueProperty().addListener((obs, old, s) -> row.sourceProperty().set(s));
        source.setId("source-" + row.name());

        TextField detail = new TextField();
        detail.textProperty().bindBidirectional(row.detailProperty());
        detail.setPromptText("");
        detail.setId("detail-" + row.name());
        PasswordField hidden = new PasswordField();
        hidden.textProperty().bindBidirectional(row.typedProperty());
        hidden.setPromptText("Type the value (kept in memory, stored in Secrets Manager on deploy)");
        hidden.setId("value-" + row.name());
        TextField shown = new TextField();
        shown.textProperty().bindBidirectional(row.typedProperty());
        shown.setId("shown-" + row.name());
        ToggleButton eye = new ToggleButton("Show");
        eye.textProperty().bind(javafx.beans.binding.Bindings.when(eye.selectedProperty()).then("Hide").otherwise("Show"));
        eye.setTooltip(new Tooltip("Show the value you typed"));
        eye.setId("eye-" + row.name());
        shown.visibleProperty().bind(eye.selectedProperty());
        hidden.visibleProperty().bind(eye.selectedProperty().not());
        StackPane valueFields = new StackPane(hidden, shown);
        HBox.setHgrow(valueFields, Priority.ALWAYS);
        HBox typed = new HBox(6, valueFields, eye);
        Label note = new Label();
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        StackPane fourth = new StackPane(detail, typed, note);
        StackPane.setAlignment(note, javafx.geometry.Pos.CENTER_LEFT);
        Runnable showFor = () -> {
            ConfigPlan.Source s = row.sourceProperty().get();
            detail.setVisible(s == ConfigPlan.Source.DOTENV || s == ConfigPlan.Source.ARN);
            detail.setPromptText(s == ConfigPlan.Source.ARN ? "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME" : ".env");
            typed.setVisible(s == ConfigPlan.Source.STORED);
            note.setVisible(s == ConfigPlan.Source.ENVIRONMENT || s == ConfigPlan.Source.OMIT);
            boolean warn = s == ConfigPlan.Source.OMIT && row.required();
            note.setText(s == ConfigPlan.Source.ENVIRONMENT ? "Read from " + row.name() + " in Dockhand's environment (as in CI)"
                    : warn ? "Left out, but the code reads it with no default: the app may fail without it"
                    : "Left out: the app uses its own default");
            note.getStyleClass().removeAll("text-muted", "warning-text");
            note.getStyleClass().add(warn ? "warning-text" : "text-muted");
        };
        row.sourceProperty().addListener((obs, old, s) -> showFor.run());
        showFor.run();

        grid.add(nameBox, 0, index);
        grid.add(kind, 1, index);
        grid.add(source, 2, index);
        grid.add(fourth, 3, index);
        for (javafx.scene.Node n : new javafx.scene.Node[] {kind, source, fourth}) {
            GridPane.setValignment(n, VPos.CENTER);
        }
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @FXML
    private void apply() {
        model.apply();
    }
}
