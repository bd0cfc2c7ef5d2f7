package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.DeployResult;
import dev.dockhand.pipeline.NextCommands;
import dev.dockhand.pipeline.ServiceWatch;
import dev.dockhand.ui.common.BackgroundTasks;
import dev.dockhand.ui.common.Browser;
import dev.dockhand.ui.common.Clipboards;
import dev.dockhand.ui.monitor.MonitorSourceDialog;
import dev.dockhand.ui.monitor.MonitorWindow;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The last step: where the service runs (its address, to copy or open), the monitoring window, and the
 * commands that watch, load and stop it from a terminal or CI.
 */
final class MonitorStepPage {

    private final WizardModel model;
    private final BackgroundTasks tasks;
    private final AwsConnection aws;
    private final TargetPageModel targetPage;
    private final DeployPageModel deployPage;

    private final Label heading = new Label();
    private final Hyperlink url = new Hyperlink();
    private final VBox serviceCard = new VBox(8);
    private final Label text = new Label();
    private final Button open = new Button("_Open Monitoring Window");
    private final StringProperty error = new SimpleStringProperty();
    private final VBox commandsSection = new VBox(8);
    private final GridPane commands = new GridPane();

    MonitorStepPage(WizardModel model, BackgroundTasks tasks, AwsConnection aws, TargetPageModel targetPage,
                    DeployPageModel deployPage) {
        this.model = model;
        this.tasks = tasks;
        this.aws = aws;
        this.targetPage = targetPage;
        this.deployPage = deployPage;
    }

    Node build() {
        Label title = new Label("Watch it live");
        title.getStyleClass().add("title-2");

        heading.setId("finishHeading");
        heading.getStyleClass().add("title-4");
        heading.setWrapText(true);
        url.setId("finishUrl");
        url.setOnAction(e -> Browser.open(url.getText(), error::set));
        url.setTooltip(new Tooltip("Open in your browser"));
        Button copy = new Button("_Copy Address");
        copy.setId("finishCopyUrl");
        copy.setOnAction(e -> Clipboards.copy(copy, url.getText()));
        Button browse = new Button("Open in _Browser");
        browse.setOnAction(e -> Browser.open(url.getText(), error::set));
        HBox address = new HBox(10, url, copy, browse);
        address.setAlignment(Pos.CENTER_LEFT);
        serviceCard.getChildren().setAll(heading, address);
        serviceCard.getStyleClass().add("banner");

        text.setWrapText(true);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.getStyleClass().add("text-muted");
        Label errorLabel = new Label();
        errorLabel.setWrapText(true);
        errorLabel.setId("monitorError");
        errorLabel.getStyleClass().add("error-text");
        ErrorLabels.follow(errorLabel, error);
        open.getStyleClass().add("accent");
        open.setId("openMonitorButton");
        open.setOnAction(e -> openMonitor());

        Label commandsTitle = new Label("From a terminal or CI");
        commandsTitle.getStyleClass().add("title-4");
        commands.setId("finishCommands");
        commands.setHgap(10);
        commands.setVgap(6);
        ColumnConstraints purpose = new ColumnConstraints();
        purpose.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints line = new ColumnConstraints();
        line.setHgrow(Priority.ALWAYS);
        commands.getColumnConstraints().setAll(purpose, line, new ColumnConstraints());
        Label commit = new Label("Commit dockhand.yaml, the Dockerfile and .dockerignore: these commands and CI read them, "
                + "so every deploy has the same shape as this one.");
        commit.setWrapText(true);
        commit.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        commit.getStyleClass().add("text-muted");
        commandsSection.getChildren().setAll(new Separator(), commandsTitle, commands, commit);

        targetPage.localProperty().addListener((obs, old, v) -> refresh());
        deployPage.resultProperty().addListener((obs, old, v) -> refresh());
        model.projectProperty().addListener((obs, old, v) -> refresh());
        refresh();

        VBox page = new VBox(12, title, serviceCard, text, open, errorLabel, commandsSection);
        page.getStyleClass().add("page");
        return page;
    }

    private void refresh() {
        boolean local = targetPage.localProperty().get();
        DeployResult result = deployPage.resultProperty().get();
        boolean deployed = result != null && model.projectProperty().get() != null;
        open.setDisable(!deployed);
        show(serviceCard, deployed && result.url() != null);
        show(commandsSection, deployed);
        text.setText((local ? "The monitoring window shows the rehearsal's tasks, load balancer targets, CPU and memory, "
                + "scaling activity and service events; it sends load to watch it scale, changes the desired count, and "
                + "stops a task to watch it heal."
                : "The monitoring window shows the ECS service's tasks, load balancer targets, CPU and memory from "
                + "CloudWatch, scaling activity, service events and its log, and lets you change the desired count and the "
                + "autoscaling bounds, stop a task to watch it heal, start a new deployment or delete the stack.")
                + (deployed ? "" : " Deploy first."));
        if (!deployed) {
            return;
        }
        // The region AWS's own order found when the field was left empty.
        String region = targetPage.planProperty().get() != null ? targetPage.planProperty().get().region()
                : targetPage.regionProperty().get();
        heading.setText(local ? "The rehearsal " + result.stackName() + " runs on your Docker engine"
                : result.stackName() + " runs on Amazon ECS" + (region == null || region.isBlank() ? "" : " in " + region));
        url.setText(result.url());
        commands.getChildren().clear();
        int row = 0;
        for (NextCommands.Command command : NextCommands.of(NextCommands.launcher(), model.projectProperty().get().folder(), local,
                targetPage.profileProperty().get(), region)) {
            Label purpose = new Label(command.purpose());
            TextField line = new TextField(command.line());
            line.setEditable(false);
            line.getStyleClass().add("code");
            line.setTooltip(new Tooltip(command.line()));
            Button copy = new Button("Copy");
            copy.setAccessibleText("Copy: " + command.line());
            copy.setOnAction(e -> Clipboards.copy(copy, command.line()));
            commands.addRow(row++, purpose, line, copy);
        }
    }

    private void openMonitor() {
        DeployResult result = deployPage.resultProperty().get();
        if (result == null) {
            return;
        }
        error.set(null);
        if (targetPage.localProperty().get()) {
            new MonitorWindow(ServiceWatch.local(result.stackName()), tasks).show(new Stage());
            model.complete(WizardStep.MONITOR);
            return;
        }
        String profile = targetPage.profileProperty().get();
        String region = targetPage.regionProperty().get();
        Task<ServiceWatch> connect = new Task<>() {
            @Override
            protected ServiceWatch call() throws Exception {
                return ServiceWatch.awsStack(aws.openSeparate(profile, region), result.stackName(),
                        MonitorSourceDialog.METRICS_LOOKBACK);
            }
        };
        open.setDisable(true);
        connect.setOnSucceeded(done -> {
            open.setDisable(false);
            new MonitorWindow(connect.getValue(), tasks).show(new Stage());
            model.complete(WizardStep.MONITOR);
        });
        connect.setOnFailed(failed -> {
            open.setDisable(false);
            error.set(connect.getException().getMessage());
        });
        tasks.run(connect);
    }

    private static void show(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }
}
