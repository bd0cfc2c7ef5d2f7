package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.TaskInfo;
import dev.dockhand.pipeline.ServiceWatch;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The monitoring window: header, tasks, targets, CPU and memory charts, scaling activity, events, actions. */
public final class MonitorController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter AXIS_TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private final MonitorModel model;

    @FXML private Label serviceLabel;
    @FXML private Label statusBadge;
    @FXML private Label urlLabel;
    @FXML private Label variablesLabel;
    @FXML private Label countsLabel;
    @FXML private Label deploymentLabel;
    @FXML private Label scalingLabel;
    @FXML private Label staleBanner;
    @FXML private Label noticeLabel;
    @FXML private TabPane tabs;
    @FXML private Tab logTab;
    @FXML private CheckBox followLogs;
    @FXML private Label logStatus;
    @FXML private ListView<LogLine> logList;
    @FXML private ToggleGroup chartWindow;
    @FXML private ToggleButton tenMinutes;
    @FXML private ToggleButton oneHour;
    @FXML private ToggleButton threeHours;
    @FXML private ToggleButton twelveHours;
    @FXML private Label boundsLabel;
    @FXML private Label desiredLabel;
    @FXML private Label maxLabel;
    @FXML private javafx.scene.layout.HBox boundsBox;
    @FXML private Spinner<Integer> minSpinner;
    @FXML private Spinner<Integer> maxSpinner;
    @FXML private Button applyBoundsButton;
    @FXML private Button redeployButton;
    @FXML private Button deleteButton;
    @FXML private TableView<TaskInfo> taskTable;
    @FXML private TableColumn<TaskInfo, String> idColumn;
    @FXML private TableColumn<TaskInfo, String> statusColumn;
    @FXML private TableColumn<TaskInfo, String> healthColumn;
    @FXML private TableColumn<TaskInfo, String> zoneColumn;
    @FXML private TableColumn<TaskInfo, String> addressColumn;
    @FXML private TableColumn<TaskInfo, String> startedColumn;
    @FXML private TableColumn<TaskInfo, String> reasonColumn;
    @FXML private Label taskDetail;
    @FXML private ListView<String> targetList;
    @FXML private LineChart<Number, Number> cpuChart;
    @FXML private NumberAxis cpuTime;
    @FXML private LineChart<Number, Number> memoryChart;
    @FXML private NumberAxis memoryTime;
    @FXML private LineChart<Number, Number> tasksChart;
    @FXML private NumberAxis tasksTime;
    @FXML private NumberAxis tasksAxis;
    @FXML private ListView<String> activityList;
    @FXML private ListView<String> eventList;
    @FXML private Spinner<Integer> desiredSpinner;
    @FXML private Button applyDesiredButton;
    @FXML private Button stopTaskButton;
    @FXML private Label messageLabel;
    @FXML private Label scalingProgressLabel;
    @FXML private javafx.scene.layout.HBox blueGreenBar;
    @FXML private Label blueGreenLabel;
    @FXML private javafx.scene.control.Hyperlink testUrlLink;
    @FXML private Button rollBackButton;
    @FXML private Button loadButton;
    @FXML private Label loadStatusLabel;

    private final ChartSeries cpu = new ChartSeries();
    private final ChartSeries memory = new ChartSeries();
    private final XYChart.Series<Number, Number> cpuTarget = new XYChart.Series<>();
    private final Label activityPlaceholder = placeholder("No scaling activity yet");
    private boolean desiredEdited;
    private String lastLoadPath = "/";
    private boolean boundsEdited;
    private Duration shownWindow;

    public MonitorController(MonitorModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        serviceLabel.setText(model.title());
        setUpTaskTable();
        setUpActions();
        setUpCharts();
        setUpLog();
        setUpLists();
        model.snapshotProperty().addListener((obs, old, snapshot) -> show(snapshot));
        model.staleProperty().addListener((obs, old, stale) -> showStale());
        model.errorProperty().addListener((obs, old, error) -> showStale());
        model.goneProperty().addListener((obs, old, gone) -> showStale());
        messageLabel.textProperty().bind(model.messageProperty());
        scalingProgressLabel.textProperty().bind(model.scalingProgressProperty());
        scalingProgressLabel.visibleProperty().bind(model.scalingProgressProperty().isNotEmpty());
        scalingProgressLabel.managedProperty().bind(scalingProgressLabel.visibleProperty());
        loadStatusLabel.textProperty().bind(model.loadStatusProperty());
        loadStatusLabel.visibleProperty().bind(model.loadStatusProperty().isNotEmpty());
        loadStatusLabel.managedProperty().bind(loadStatusLabel.visibleProperty());
        loadButton.textProperty().bind(javafx.beans.binding.Bindings.when(model.loadingProperty()).then("Stop L_oad")
                .otherwise("Generate L_oad…"));
    }

    private void setUpTaskTable() {
        idColumn.setCellValueFactory(c -> text(c.getValue().id()));
        // The desired status only when it differs: "RUNNING → STOPPED" is a task on its way out.
        statusColumn.setCellValueFactory(c -> text(statusText(c.getValue())));
        healthColumn.setCellValueFactory(c -> text(c.getValue().health()));
        zoneColumn.setCellValueFactory(c -> text(c.getValue().availabilityZone()));
        addressColumn.setCellValueFactory(c -> text(c.getValue().privateIp()));
        startedColumn.setCellValueFactory(c -> text(c.getValue().startedAt() == null ? "" : TIME.format(c.getValue().startedAt())));
        reasonColumn.setCellValueFactory(c -> text(c.getValue().stopSummary()));
        for (TableColumn<TaskInfo, String> column : List.of(idColumn, statusColumn, healthColumn, zoneColumn,
                addressColumn, startedColumn, reasonColumn)) {
            column.setCellFactory(c -> new TooltipCell());
        }
        taskTable.setPlaceholder(new Label("Waiting for the service's tasks\u2026"));
        taskTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(TaskInfo task, boolean empty) {
                super.updateItem(task, empty);
                // Stopped tasks stay visible for a while, greyed, so a replacement can be followed.
                getStyleClass().remove("task-stopped");
                if (!empty && task != null && task.status().equals("STOPPED")) {
                    getStyleClass().add("task-stopped");
                }
            }
        });
        taskTable.getSelectionModel().selectedItemProperty().addListener((obs, old, task) -> taskDetail.setText(detail(task)));
    }

    private void setUpActions() {
        desiredSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100, 1));
        desiredSpinner.valueProperty().addListener((obs, old, v) -> desiredEdited = true);
        minSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100, 1));
        maxSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100, 1));
        minSpinner.valueProperty().addListener((obs, old, v) -> boundsEdited = true);
        maxSpinner.valueProperty().addListener((obs, old, v) -> boundsEdited = true);
        desiredLabel.setLabelFor(desiredSpinner);
        boundsLabel.setLabelFor(minSpinner);
        maxLabel.setLabelFor(maxSpinner);
        for (Spinner<Integer> spinner : List.of(desiredSpinner, minSpinner, maxSpinner)) {
            spinner.setAccessibleText(spinner == desiredSpinner ? "Desired tasks" : spinner == minSpinner ? "Minimum tasks" : "Maximum tasks");
        }
        showActions();
    }

    private void setUpCharts() {
        cpuTarget.setName("Scaling target");
        cpuChart.getData().setAll(List.of(cpu.average("CPU average"), cpu.maximum("CPU maximum"), cpuTarget));
        tasksChart.getData().setAll(List.of(cpu.tasks("Running tasks")));
        tasksAxis.setTickLabelFormatter(WHOLE_NUMBERS);
        cpuTarget.nodeProperty().addListener((obs, old, node) -> {
            if (node != null) {
                node.getStyleClass().add("cpu-target");
            }
        });
        chartWindow.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true); // one window is always chosen
                return;
            }
            shownWindow = windowOf(toggle);
            fitTimeAxes();
        });
        for (ToggleButton choice : List.of(tenMinutes, oneHour, threeHours, twelveHours)) {
            choice.setSelected(windowOf(choice).equals(model.chartWindow()));
        }
        if (chartWindow.getSelectedToggle() == null) {
            oneHour.setSelected(true);
        }
        cpuTime.setAutoRanging(false);
        memoryTime.setAutoRanging(false);
        tasksTime.setAutoRanging(false);
        fitTimeAxes();
        memoryChart.getData().setAll(List.of(memory.average("Memory average"), memory.maximum("Memory maximum")));
        cpuTime.setTickLabelFormatter(TIME_AXIS);
        memoryTime.setTickLabelFormatter(TIME_AXIS);
        tasksTime.setTickLabelFormatter(TIME_AXIS);
    }

    /** The lists say why they are empty and what fills them; long lines wrap instead of running off the edge. */
    private void setUpLists() {
        activityPlaceholder.setText(MonitorTexts.noScalingActivity(null, model.actions().contains(ServiceWatch.Action.LOAD)));
        activityList.setPlaceholder(activityPlaceholder);
        eventList.setPlaceholder(placeholder(MonitorTexts.NO_EVENTS));
        for (ListView<String> list : List.of(activityList, eventList)) {
            list.setCellFactory(WrappingCell::new);
        }
    }

    private static Label placeholder(String text) {
        Label label = new Label(text);
        label.setId(text.startsWith("No service events") ? "eventsPlaceholder" : "activityPlaceholder");
        label.setWrapText(true);
        label.setMaxWidth(420);
        label.getStyleClass().addAll("text-muted", "list-placeholder");
        return label;
    }

    /**
     * A list cell whose text wraps at the list's width (less its scroll bar): a Text with a wrapping width
     * gives the cell the height of the whole wrapped text, where a wrapping label may still cut it.
     */
    private static final class WrappingCell extends javafx.scene.control.ListCell<String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        WrappingCell(ListView<String> list) {
            text.wrappingWidthProperty().bind(list.widthProperty().subtract(32));
            text.fillProperty().bind(textFillProperty()); // the theme's colour, selected or not
            text.fontProperty().bind(fontProperty());
            text.getStyleClass().add("wrapped-line");
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            setPrefWidth(0); // no horizontal scroll bar for a long line
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            setGraphic(empty || item == null ? null : text);
        }
    }

    private void setUpLog() {
        followLogs.selectedProperty().bindBidirectional(model.followLogsProperty());
        model.logsShownProperty().bind(logTab.selectedProperty());
        logList.setItems(model.logLines());
        Label noLines = new Label("No log lines yet: the tasks' output (stdout and stderr) appears here as they write it.");
        noLines.setWrapText(true);
        noLines.getStyleClass().add("text-muted");
        logList.setPlaceholder(noLines);
        logList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(LogLine line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty || line == null ? null : TIME.format(line.time()) + "  " + streamTail(line.stream()) + "  " + line.message());
            }
        });
        model.logLines().addListener((javafx.collections.ListChangeListener<LogLine>) change -> {
            if (followLogs.isSelected() && !logList.getItems().isEmpty()) {
                logList.scrollTo(logList.getItems().size() - 1);
            }
        });
        logStatus.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.logErrorProperty().get() != null
                ? model.logErrorProperty().get() : followLogs.isSelected() ? "New lines appear every few seconds."
                : "Paused: tick Follow to read new lines.", model.logErrorProperty(), followLogs.selectedProperty()));
        if (!model.actions().contains(ServiceWatch.Action.LOGS)) {
            logList.setPlaceholder(new Label("This source has no log to follow here."));
            followLogs.setDisable(true);
        }
    }

    private void showStale() {
        boolean gone = model.goneProperty().get();
        boolean stale = model.staleProperty().get() || gone;
        staleBanner.setVisible(stale);
        staleBanner.setManaged(stale);
        String error = model.errorProperty().get();
        // A stopped service is no stale reading: the banner says what happened, not that the data is old.
        staleBanner.setText(gone ? error : "The data is stale" + (error == null || error.isBlank() ? "." : ": " + error));
        taskTable.setPlaceholder(new Label(gone ? "No tasks: the service is stopped." : "Waiting for the service's tasks\u2026"));
    }

    /** Shows only the actions the source supports, and none while one runs. */
    private void showActions() {
        var actions = model.actions();
        boolean limits = actions.contains(ServiceWatch.Action.SET_LIMITS);
        boundsBox.setVisible(limits);
        boundsBox.setManaged(limits);
        loadButton.setVisible(actions.contains(ServiceWatch.Action.LOAD));
        loadButton.setManaged(loadButton.isVisible());
        redeployButton.setVisible(actions.contains(ServiceWatch.Action.FORCE_DEPLOYMENT));
        redeployButton.setManaged(redeployButton.isVisible());
        deleteButton.setVisible(actions.contains(ServiceWatch.Action.DELETE));
        deleteButton.setManaged(deleteButton.isVisible());
        for (Button button : List.of(applyDesiredButton, applyBoundsButton, redeployButton, deleteButton)) {
            button.disableProperty().bind(model.busyProperty().or(model.goneProperty()));
        }
        // No balancer left to load; a load already running can still be stopped.
        loadButton.disableProperty().bind(model.goneProperty().and(model.loadingProperty().not()));
        // A stopped task (greyed, kept for its stop reason) cannot be stopped again.
        stopTaskButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            TaskInfo selected = taskTable.getSelectionModel().getSelectedItem();
            return selected == null || "STOPPED".equals(selected.status()) || "STOPPED".equals(selected.desiredStatus());
        }, taskTable.getSelectionModel().selectedItemProperty()).or(model.busyProperty()).or(model.goneProperty()));
    }

    private Duration windowOf(javafx.scene.control.Toggle toggle) {
        return toggle == twelveHours ? Duration.ofHours(12) : toggle == threeHours ? Duration.ofHours(3)
                : toggle == tenMinutes ? Duration.ofMinutes(10) : Duration.ofHours(1);
    }

    /** "app/app/0f3c1a…" → "0f3c1a…": the task a log line came from. */
    private static String streamTail(String stream) {
        return stream == null ? "" : stream.substring(stream.lastIndexOf('/') + 1);
    }

    /** Both charts show the chosen window up to the newest point (or now, before there is one). */
    private void fitTimeAxes() {
        if (shownWindow == null) {
            return; // not chosen yet: the window choice is being set up
        }
        Instant end = cpu.end().equals(Instant.EPOCH) ? Instant.now() : cpu.end();
        // Whole minutes at both ends, so the ticks fall on round times.
        long upper = (end.getEpochSecond() / 60 + 1) * 60;
        long lower = upper - shownWindow.toSeconds();
        for (NumberAxis axis : List.of(cpuTime, memoryTime, tasksTime)) {
            axis.setLowerBound(lower);
            axis.setUpperBound(upper);
            axis.setTickUnit(shownWindow.toSeconds() / 5.0);
        }
        Double target = model.snapshotProperty().get() == null || model.snapshotProperty().get().scaling() == null ? null
                : model.snapshotProperty().get().scaling().cpuTargetPercent();
        if (target == null) {
            cpuTarget.getData().clear();
        } else if (cpuTarget.getData().size() != 2) {
            cpuTarget.getData().setAll(List.of(new XYChart.Data<>(lower, target), new XYChart.Data<>(upper, target)));
        } else {
            // Move the line's two ends rather than replace it, like every other series.
            cpuTarget.getData().get(0).setXValue(lower);
            cpuTarget.getData().get(0).setYValue(target);
            cpuTarget.getData().get(1).setXValue(upper);
            cpuTarget.getData().get(1).setYValue(target);
        }
    }

    /** The task axis counts tasks: no "1.5". */
    private static final StringConverter<Number> WHOLE_NUMBERS = new StringConverter<>() {
        @Override
        public String toString(Number value) {
            return value.doubleValue() == Math.rint(value.doubleValue()) ? String.valueOf(value.longValue()) : "";
        }

        @Override
        public Number fromString(String text) {
            return 0;
        }
    };

    private static final StringConverter<Number> TIME_AXIS = new StringConverter<>() {
        @Override
        public String toString(Number seconds) {
            return AXIS_TIME.format(Instant.ofEpochSecond(seconds.longValue()));
        }

        @Override
        public Number fromString(String text) {
            return 0;
        }
    };

    private void show(ServiceSnapshot s) {
        if (s == null) {
            return;
        }
        statusBadge.setText(s.status());
        urlLabel.setText(s.url() == null ? "" : s.url());
        String variables = String.join(", ", s.variables().stream().map(v -> v.name() + (v.secret() ? " (secret)" : "")).toList());
        variablesLabel.setText(variables.isEmpty() ? "" : "Variables: " + variables);
        variablesLabel.setTooltip(variables.isEmpty() ? null : new javafx.scene.control.Tooltip(variables));
        countsLabel.setText("Desired " + s.desired() + "   Running " + s.running() + runningSplit(s) + "   Pending " + s.pending());
        showBlueGreen(s.blueGreen());
        Optional<DeploymentInfo> primary = s.deployments().stream().filter(d -> d.status().equals("PRIMARY")).findFirst();
        deploymentLabel.setText(primary.map(d -> "Deployment: " + d.rolloutState() + " (" + d.running() + " of " + d.desired()
                + " running" + (d.image() == null ? "" : ", " + d.image()) + ")").orElse(""));
        String selected = Optional.ofNullable(taskTable.getSelectionModel().getSelectedItem()).map(TaskInfo::id).orElse(null);
        taskTable.getItems().setAll(s.tasks());
        if (selected != null) {
            taskTable.getItems().stream().filter(t -> t.id().equals(selected)).findFirst()
                    .ifPresent(t -> taskTable.getSelectionModel().select(t));
        }
        taskTable.sort();
        // A rehearsal's tasks all run in "local": the column says nothing there.
        zoneColumn.setVisible(s.tasks().stream().map(TaskInfo::availabilityZone)
                .anyMatch(zone -> zone != null && !zone.isBlank() && !zone.equals("local")));
        // Only once a task has stopped: until then the column would be empty width.
        reasonColumn.setVisible(s.tasks().stream().anyMatch(t -> t.stopSummary() != null && !t.stopSummary().isBlank()));
        dev.dockhand.ui.common.TableColumns.widenToContent(taskTable, List.of(idColumn, statusColumn, healthColumn, zoneColumn, addressColumn, startedColumn));
        targetList.getItems().setAll(s.targets().stream().map(t -> t.id() + "   " + t.state()
                + (t.reason() == null || t.reason().isBlank() ? "" : "   " + t.reason())).toList());
        activityList.getItems().setAll(s.activities().stream().map(a -> TIME.format(a.time()) + "  " + a.status() + "  "
                + a.description() + "\n    " + a.cause()).toList());
        eventList.getItems().setAll(s.events().stream().map(e -> TIME.format(e.time()) + "  " + e.message()).toList());
        cpu.append(s.cpu());
        cpu.live(s.time(), s.running()); // the chart ends where the counts above it are, not a period behind
        memory.append(s.memory());
        fitTimeAxes();
        ScalingLimits limits = s.scaling();
        // Room above the most tasks the service may run (or has run), so a scale-out does not leave the chart.
        int most = Math.max(Math.max(s.desired(), limits == null ? 0 : limits.max()), cpu.mostTasks());
        double unit = Math.max(1, Math.ceil((most + 1) / 4.0)); // at most five labels on a short axis
        tasksAxis.setTickUnit(unit);
        tasksAxis.setUpperBound(Math.ceil((most + 1) / unit) * unit); // the top is a tick, not a stray "7"
        activityPlaceholder.setText(MonitorTexts.noScalingActivity(limits, model.actions().contains(ServiceWatch.Action.LOAD)));
        scalingLabel.setText(limits == null ? "" : "Autoscaling " + limits.min() + " to " + limits.max() + " tasks"
                + (limits.cpuTargetPercent() == null ? "" : String.format(", CPU target %.0f %%", limits.cpuTargetPercent())));
        boolean notices = !s.notices().isEmpty() && !model.staleProperty().get();
        noticeLabel.setVisible(notices);
        noticeLabel.setManaged(notices);
        noticeLabel.setText(String.join("\n", s.notices()));
        if (!desiredEdited) {
            desiredSpinner.getValueFactory().setValue(s.desired());
            desiredEdited = false;
        }
        if (!boundsEdited && limits != null) {
            minSpinner.getValueFactory().setValue(limits.min());
            maxSpinner.getValueFactory().setValue(limits.max());
            boundsEdited = false;
        }
    }

    private static String detail(TaskInfo t) {
        if (t == null) {
            return "";
        }
        return "Task " + t.id() + ": " + t.status() + " (desired " + t.desiredStatus() + "), health " + t.health()
                + ", started " + (t.startedAt() == null ? "—" : TIME.format(t.startedAt()))
                + (t.stoppedAt() == null ? "" : ", stopped " + TIME.format(t.stoppedAt()))
                + (t.cause() != null ? ": " + t.cause().describe() : t.stoppedReason() == null ? "" : ": " + t.stoppedReason());
    }

    /** A table cell whose whole text is also its tooltip: a narrow window cuts long values, the tooltip does not. */
    private static final class TooltipCell extends javafx.scene.control.TableCell<TaskInfo, String> {
        // One per cell, reused: the table refreshes every poll.
        private final javafx.scene.control.Tooltip tooltip = new javafx.scene.control.Tooltip();

        @Override
        protected void updateItem(String value, boolean empty) {
            super.updateItem(value, empty);
            boolean blank = empty || value == null || value.isEmpty();
            setText(blank ? null : value);
            // A stopped task's cause carries its evidence (exit code, last log lines, the load balancer's reason).
            TaskInfo task = blank || getTableRow() == null ? null : getTableRow().getItem();
            boolean explained = task != null && task.cause() != null && value.equals(task.stopSummary());
            tooltip.setText(blank ? "" : explained ? task.cause().describe() : value);
            setTooltip(blank ? null : tooltip);
        }
    }

    /**
     * " (2 new, 2 old)" while a deployment replaces another: the running count is both revisions' tasks, more
     * than the desired count until the old ones leave.
     */
    static String runningSplit(ServiceSnapshot s) {
        int fresh = s.deployments().stream().filter(d -> d.status().equals("PRIMARY")).mapToInt(DeploymentInfo::running).sum();
        int old = s.deployments().stream().filter(d -> !d.status().equals("PRIMARY")).mapToInt(DeploymentInfo::running).sum();
        return old == 0 ? "" : " (" + fresh + " new, " + old + " old)";
    }

    static String statusText(TaskInfo task) {
        String desired = task.desiredStatus();
        return desired == null || desired.isBlank() || desired.equals(task.status()) ? task.status()
                : task.status() + " \u2192 " + desired;
    }

    private static ReadOnlyStringWrapper text(String value) {
        return new ReadOnlyStringWrapper(value == null ? "" : value);
    }

    @FXML
    private void applyDesired() {
        int count = desiredSpinner.getValue();
        ServiceSnapshot shown = model.snapshotProperty().get();
        var limits = shown == null ? null : shown.scaling();
        if (limits == null) {
            if (confirm("Set the desired count to " + count + "?", "Tasks are started or drained and stopped to match.",
                    "Change count", false)) {
                model.setDesired(count);
                desiredEdited = false;
            }
            return;
        }
        // Under target tracking a count set by hand is moved back: say so, and offer the bounds that would keep it.
        boolean bounds = model.actions().contains(ServiceWatch.Action.SET_LIMITS);
        ButtonType change = new ButtonType("Change count", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep " + count + " (bounds " + count + "\u2013" + count + ")", ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, MonitorTexts.desiredUnderAutoscaling(count, limits, bounds));
        alert.getButtonTypes().setAll(bounds ? List.of(change, keep, ButtonType.CANCEL) : List.of(change, ButtonType.CANCEL));
        alert.initOwner(taskTable.getScene().getWindow());
        alert.setHeaderText("Set the desired count to " + count + "?");
        alert.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        alert.getDialogPane().setPrefWidth(620); // three buttons with their whole labels, and the text in few lines
        for (ButtonType type : alert.getButtonTypes()) {
            // The button bar makes its buttons one width: none may be cut to "Set bounds to 9 t…".
            Button button = (Button) alert.getDialogPane().lookupButton(type);
            button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            ButtonBar.setButtonUniformSize(button, false);
        }
        var answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == change) {
            model.setDesired(count);
            desiredEdited = false;
        } else if (answer == keep) {
            model.setLimits(count, count);
            desiredEdited = false;
        }
    }

    @FXML
    private void applyBounds() {
        int min = minSpinner.getValue();
        int max = maxSpinner.getValue();
        if (confirm("Let autoscaling keep between " + min + " and " + max + " tasks?", "Application Auto Scaling applies the "
                + "new bounds at once. Your next deploy sets them back to the values in dockhand.yaml.", "Change bounds", false)) {
            model.setLimits(min, max);
            boundsEdited = false;
        }
    }

    /** A blue/green deployment's stage, traffic and bake time, its test address, and Roll Back while it can. */
    private void showBlueGreen(dev.dockhand.monitor.BlueGreenStatus blueGreen) {
        blueGreenBar.setVisible(blueGreen != null);
        blueGreenBar.setManaged(blueGreen != null);
        if (blueGreen == null) {
            return;
        }
        blueGreenLabel.setText(blueGreen.describe());
        testUrlLink.setText(blueGreen.testUrl() == null ? "" : "Test the new revision: " + blueGreen.testUrl());
        testUrlLink.setVisible(blueGreen.testUrl() != null);
        rollBackButton.setDisable(!blueGreen.canRollBack());
    }

    @FXML
    private void openTestUrl() {
        var blueGreen = model.snapshotProperty().get() == null ? null : model.snapshotProperty().get().blueGreen();
        if (blueGreen != null && blueGreen.testUrl() != null) {
            dev.dockhand.ui.common.Browser.open(blueGreen.testUrl(), problem -> { });
        }
    }

    @FXML
    private void rollBackDeployment() {
        if (confirm("Roll the deployment back?", "The old revision, still running, takes all traffic again at once; ECS "
                + "then stops the new revision's tasks. CloudFormation rolls the stack back to the old image.", "Roll back", true)) {
            model.rollBackDeployment();
        }
    }

    @FXML
    private void forceNewDeployment() {
        if (confirm("Replace every task with a new one?", "ECS starts new tasks of the same image, waits until they are "
                + "healthy, then drains and stops the old ones.", "Replace tasks", false)) {
            model.forceNewDeployment();
        }
    }

    @FXML
    private void delete() {
        String what = model.deleteWhat();
        Alert alert = new Alert(Alert.AlertType.WARNING, "", ButtonType.CANCEL, ButtonType.OK);
        alert.initOwner(taskTable.getScene().getWindow());
        alert.setHeaderText("Delete " + what + "?");
        CheckBox images = new CheckBox("Also delete the images (the ECR repository)");
        images.setId("deleteImagesCheck");
        Label detail = new Label("Everything it runs on is removed; this cannot be undone.");
        detail.setWrapText(true);
        javafx.scene.layout.VBox content = new javafx.scene.layout.VBox(10, detail);
        CheckBox secret = new CheckBox("Also delete the secret Dockhand stored in Secrets Manager (restorable for 7 days; "
                + "secrets Dockhand did not create are not touched)");
        secret.setId("deleteSecretCheck");
        secret.setWrapText(true);
        if (model.actions().contains(ServiceWatch.Action.FORCE_DEPLOYMENT)) {
            content.getChildren().addAll(images, secret); // only AWS services have a registry and Secrets Manager
        }
        alert.getDialogPane().setContent(content);
        Button delete = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        delete.setText("Delete");
        delete.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (alert.showAndWait().filter(ButtonType.OK::equals).isPresent()) {
            model.delete(new ServiceWatch.Deletion(images.isSelected(), secret.isSelected()));
        }
    }

    /** Asks for the load's path, length and clients, then sends it; while one runs, stops it. */
    @FXML
    private void toggleLoad() {
        if (model.loadingProperty().get()) {
            model.stopLoad();
            return;
        }
        LoadDialog.ask(loadButton.getScene().getWindow(), lastLoadPath).ifPresent(choice -> {
            lastLoadPath = choice.path();
            model.generateLoad(choice.path(), choice.duration(), choice.clients());
        });
    }

    @FXML
    private void stopTask() {
        TaskInfo task = taskTable.getSelectionModel().getSelectedItem();
        if (task != null && confirm("Stop task " + task.id() + "?", "The service replaces it; watch it heal.", "Stop task", true)) {
            model.stopTask(task.id());
        }
    }

    /**
     * Asks before an action; the yes button says what it does. On a destructive one, Cancel is the default,
     * so Enter does not stop or delete anything.
     */
    private boolean confirm(String question, String detail, String action, boolean destructive) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(taskTable.getScene().getWindow());
        alert.setHeaderText(question);
        Button yes = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        yes.setText(action);
        if (destructive) {
            yes.setDefaultButton(false);
            ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        }
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    /** The series of one chart; new points are appended, the chart is never redrawn from scratch. */
    private static final class ChartSeries {
        private final XYChart.Series<Number, Number> average = new XYChart.Series<>();
        private final XYChart.Series<Number, Number> maximum = new XYChart.Series<>();
        private final XYChart.Series<Number, Number> tasks = new XYChart.Series<>();
        private Instant last = Instant.EPOCH;
        private XYChart.Data<Number, Number> live;

        Instant last() {
            return last;
        }

        /** The newest time drawn: the live running count's, or the last metric period's. */
        Instant end() {
            return live == null ? last : Instant.ofEpochSecond(live.getXValue().longValue());
        }

        XYChart.Series<Number, Number> average(String name) {
            average.setName(name);
            return average;
        }

        XYChart.Series<Number, Number> maximum(String name) {
            maximum.setName(name);
            return maximum;
        }

        XYChart.Series<Number, Number> tasks(String name) {
            tasks.setName(name);
            return tasks;
        }

        /**
         * The running count now, as the series' last point until the next metric period replaces it: periods
         * close a minute (or 10 s) apart, while the count above the chart is read at every poll.
         */
        void live(Instant time, int running) {
            if (live != null) {
                tasks.getData().remove(live);
                live = null;
            }
            if (time != null && time.isAfter(last)) {
                live = new XYChart.Data<>(time.getEpochSecond(), running);
                tasks.getData().add(live);
            }
        }

        void append(List<MetricPoint> points) {
            if (live != null) {
                tasks.getData().remove(live);
                live = null;
            }
            for (MetricPoint p : points) {
                if (!p.time().isAfter(last)) {
                    continue;
                }
                long x = p.time().getEpochSecond();
                average.getData().add(new XYChart.Data<>(x, p.average()));
                maximum.getData().add(new XYChart.Data<>(x, p.maximum()));
                if (p.runningTasks() >= 0) { // -1: not known for this period
                    tasks.getData().add(new XYChart.Data<>(x, p.runningTasks()));
                }
                last = p.time();
            }
            // Keep the longest window the charts can show, so a long watch does not grow without bound.
            long oldest = last.minus(Duration.ofHours(12)).getEpochSecond();
            for (XYChart.Series<Number, Number> series : List.of(average, maximum, tasks)) {
                int drop = 0;
                while (drop < series.getData().size() && series.getData().get(drop).getXValue().longValue() < oldest) {
                    drop++;
                }
                if (drop > 0) {
                    series.getData().remove(0, drop);
                }
            }
        }

        int size() {
            return average.getData().size();
        }

        /** The highest running-task count in the series, 0 when none is known. */
        int mostTasks() {
            return tasks.getData().stream().mapToInt(d -> d.getYValue().intValue()).max().orElse(0);
        }
    }

    /** Points on the CPU chart, for tests. */
    int cpuPoints() {
        return cpu.size();
    }
}
