package dev.dockhand.ui.monitor;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.LocalSteps;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Picks what the monitoring window watches when it opens on its own: a running local rehearsal, or an
 * ECS service by profile, region, cluster and service. Listing runs in the background.
 */
public final class MonitorSourceDialog {

    /** The charts can show up to 12 hours: the first metrics read fetches them, later reads only new periods. */
    public static final Duration METRICS_LOOKBACK = Duration.ofHours(12);

    /** Opens AWS for a profile and region: AWS itself in the app, the wire-protocol stub in tests. */
    public interface AwsOpener {
        AwsSteps open(String profile, String region) throws StepException;
    }

    private final BackgroundTasks tasks;
    private final AwsOpener opener;
    private final Dialog<ServiceWatch> dialog = new Dialog<>();
    private final RadioButton localChoice = new RadioButton("A _local rehearsal");
    private final RadioButton awsChoice = new RadioButton("A service on _AWS (ECS)");
    private final ListView<String> rehearsals = new ListView<>();
    private final ComboBox<String> profile = new ComboBox<>();
    /** The profile choice that names none: the session finds credentials as the AWS CLI does. */
    static final String AUTOMATIC = "automatic";
    private final TextField region = new TextField();
    private final ComboBox<String> cluster = new ComboBox<>();
    private final ComboBox<String> service = new ComboBox<>();
    private final Label status = new Label();
    private AwsSteps aws;

    public MonitorSourceDialog(BackgroundTasks tasks, Window owner) {
        this(tasks, owner, AwsSteps::open);
    }

    public MonitorSourceDialog(BackgroundTasks tasks, Window owner, AwsOpener opener) {
        this.tasks = tasks;
        this.opener = opener;
        dialog.setTitle("Dockhand — Monitor a Service");
        dialog.setHeaderText("Which service do you want to watch?");
        if (owner != null) {
            dialog.initOwner(owner);
        }
        ToggleGroup source = new ToggleGroup();
        localChoice.setToggleGroup(source);
        awsChoice.setToggleGroup(source);
        rehearsals.setPrefHeight(110);
        rehearsals.setPlaceholder(new Label("No local rehearsal is running."));
        rehearsals.setId("rehearsalList");
        profile.setId("profileChoice");
        region.setId("regionField");
        cluster.setId("clusterChoice");
        service.setId("serviceChoice");
        region.setPromptText("eu-west-1");
        Button listClusters = new Button("List _Clusters");
        listClusters.setId("listClustersButton");
        GridPane awsForm = new GridPane();
        awsForm.setHgap(10);
        awsForm.setVgap(8);
        awsForm.setPadding(new Insets(0, 0, 0, 24));
        awsForm.addRow(0, new Label("Profile"), profile);
        awsForm.addRow(1, new Label("Region"), region, listClusters);
        awsForm.addRow(2, new Label("Cluster"), cluster);
        awsForm.addRow(3, new Label("Service"), service);
        for (ComboBox<String> box : List.of(profile, cluster, service)) {
            box.setPrefWidth(260);
        }
        status.setWrapText(true);
        status.getStyleClass().add("text-muted");
        status.setId("sourceStatus");
        // A long error (an expired login, a denied call) is shown whole: the label takes its lines, the dialog grows.
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.textProperty().addListener((obs, old, text) -> javafx.application.Platform.runLater(() -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        }));
        VBox content = new VBox(10, localChoice, rehearsals, awsChoice, awsForm, status);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Watch");
        ok.disableProperty().bind(localChoice.selectedProperty().and(rehearsals.getSelectionModel().selectedItemProperty().isNull())
                .or(awsChoice.selectedProperty().and(service.valueProperty().isNull())));
        rehearsals.disableProperty().bind(awsChoice.selectedProperty());
        awsForm.disableProperty().bind(localChoice.selectedProperty());
        rehearsals.getSelectionModel().selectedItemProperty().addListener((obs, old, v) -> {
            if (v != null) {
                localChoice.setSelected(true);
            }
        });

        profile.valueProperty().addListener((obs, old, p) -> {
            resetAws();
            background(() -> AwsSteps.defaultRegion(picked(p), null), r -> region.setText(r == null ? "" : r));
        });
        region.textProperty().addListener((obs, old, r) -> resetAws());
        listClusters.setOnAction(e -> listClusters());
        cluster.valueProperty().addListener((obs, old, c) -> {
            service.getItems().clear();
            if (c != null && aws != null) {
                AwsSteps steps = aws;
                status.setText("Listing the services of " + c + "…");
                background(() -> steps.services(c), names -> {
                    service.getItems().setAll(names);
                    status.setText(names.isEmpty() ? "Cluster " + c + " has no services." : "");
                    if (names.size() == 1) {
                        service.setValue(names.get(0));
                    }
                });
            }
        });
        dialog.setResultConverter(button -> button == ButtonType.OK ? chosen() : null);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == null) {
                closeAws();
            }
        });

        background(() -> new LocalSteps().running(), names -> {
            rehearsals.getItems().setAll(names);
            if (!names.isEmpty()) {
                rehearsals.getSelectionModel().select(0);
            } else {
                awsChoice.setSelected(true);
            }
        });
        // "automatic" first and chosen: credentials as the AWS CLI finds them (AWS_PROFILE, keys in the
        // environment, then "default"), so that picking nothing never overrides what the environment says.
        profile.getItems().setAll(AUTOMATIC);
        profile.setValue(AUTOMATIC);
        background(AwsSteps::profileNames, names -> profile.getItems().addAll(names));
        localChoice.setSelected(true);
    }

    /** The dialog itself, for showing it without waiting. */
    public Dialog<ServiceWatch> dialog() {
        return dialog;
    }

    /** Shows the dialog and waits; empty when the user cancels. */
    public Optional<ServiceWatch> showAndWait() {
        return dialog.showAndWait();
    }

    private ServiceWatch chosen() {
        if (localChoice.isSelected()) {
            return ServiceWatch.local(rehearsals.getSelectionModel().getSelectedItem());
        }
        AwsSteps steps = aws;
        aws = null; // the watch owns it now and closes it with the window
        return ServiceWatch.aws(steps, cluster.getValue(), service.getValue(), METRICS_LOOKBACK);
    }

    /** The profile to pass on: null for {@link #AUTOMATIC}. */
    private static String picked(String choice) {
        return choice == null || choice.equals(AUTOMATIC) ? null : choice;
    }

    private void listClusters() {
        resetAws();
        String chosenProfile = picked(profile.getValue());
        String chosenRegion = region.getText().isBlank() ? null : region.getText().strip();
        status.setText("Listing ECS clusters…");
        background(() -> {
            AwsSteps steps = opener.open(chosenProfile, chosenRegion);
            try {
                return new Object[] {steps, steps.clusters()};
            } catch (StepException e) {
                steps.close();
                throw e;
            }
        }, answer -> {
            aws = (AwsSteps) answer[0];
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) answer[1];
            cluster.getItems().setAll(names);
            status.setText(names.isEmpty() ? "There are no ECS clusters in " + aws.region() + ": deploy a service first, "
                    + "or pick another region." : "");
            if (names.size() == 1) {
                cluster.setValue(names.get(0));
            }
        });
    }

    private void resetAws() {
        closeAws();
        cluster.getItems().clear();
        service.getItems().clear();
    }

    private void closeAws() {
        if (aws != null) {
            AwsSteps old = aws;
            aws = null;
            tasks.run(new Task<Void>() {
                @Override
                protected Void call() {
                    old.close();
                    return null;
                }
            });
        }
    }

    private <T> void background(Callable<T> work, Consumer<T> done) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> done.accept(task.getValue()));
        task.setOnFailed(e -> status.setText(task.getException().getMessage()));
        tasks.run(task);
    }
}
