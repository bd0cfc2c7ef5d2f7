package dev.dockhand.ui.monitor;

import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.MetricPoint;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TaskInfo;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
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

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The monitoring window: header, tasks, targets, CPU and memory charts, scaling activity, events, actions. */
public final class MonitorController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final MonitorModel model;

    @FXML private Label serviceLabel;
    @FXML private Label statusBadge;
    @FXML private Label urlLabel;
    @FXML private Label countsLabel;
    @FXML private Label deploymentLabel;
    @FXML private Label staleBanner;
    @FXML private TableView<TaskInfo> taskTable;
    @FXML private TableColumn<TaskInfo, String> idColumn;
    @FXML private TableColumn<TaskInfo, String> statusColumn;
    @FXML private TableColumn<TaskInfo, String> desiredColumn;
    @FXML private TableColumn<TaskInfo, String> healthColumn;
    @FXML private TableColumn<TaskInfo, String> zoneColumn;
    @FXML private TableColumn<TaskInfo, String> addressColumn;
    @FXML private TableColumn<TaskInfo, String> startedColumn;
    @FXML private Label taskDetail;
    @FXML private ListView<String> targetList;
    @FXML private LineChart<Number, Number> cpuChart;
    @FXML private NumberAxis cpuTime;
    @FXML private LineChart<Number, Number> memoryChart;
    @FXML private NumberAxis memoryTime;
    @FXML private ListView<String> activityList;
    @FXML private ListView<String> eventList;
    @FXML private Spinner<Integer> desiredSpinner;
    @FXML private Button applyDesiredButton;
    @FXML private Button stopTaskButton;
    @FXML private Label messageLabel;

    private final ChartSeries cpu = new ChartSeries();
    private final ChartSeries memory = new ChartSeries();
    private boolean desiredEdited;

    public MonitorController(MonitorModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        serviceLabel.setText(model.title());
        idColumn.setCellValueFactory(c -> text(c.getValue().id()));
        statusColumn.setCellValueFactory(c -> text(c.getValue().status()));
        desiredColumn.setCellValueFactory(c -> text(c.getValue().desiredStatus()));
        healthColumn.setCellValueFactory(c -> text(c.getValue().health()));
        zoneColumn.setCellValueFactory(c -> text(c.getValue().availabilityZone()));
        addressColumn.setCellValueFactory(c -> text(c.getValue().privateIp()));
        startedColumn.setCellValueFactory(c -> text(c.getValue().startedAt() == null ? "" : TIME.format(c.getValue().startedAt())));
        taskTable.setPlaceholder(new Label("Waiting for the service's tasks…"));
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
        stopTaskButton.disableProperty().bind(taskTable.getSelectionModel().selectedItemProperty().isNull());
        desiredSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100, 1));
        desiredSpinner.valueProperty().addListener((obs, old, v) -> desiredEdited = true);
        cpuChart.getData().setAll(List.of(cpu.average("CPU average"), cpu.maximum("CPU maximum"), cpu.tasks("Running tasks")));
        memoryChart.getData().setAll(List.of(memory.average("Memory average"), memory.maximum("Memory maximum")));
        cpuTime.setTickLabelFormatter(TIME_AXIS);
        memoryTime.setTickLabelFormatter(TIME_AXIS);
        model.snapshotProperty().addListener((obs, old, snapshot) -> show(snapshot));
        model.staleProperty().addListener((obs, old, stale) -> {
            staleBanner.setVisible(stale);
            staleBanner.setManaged(stale);
            staleBanner.setText("The data is stale: " + model.errorProperty().get());
        });
        messageLabel.textProperty().bind(model.messageProperty());
    }

    private static final StringConverter<Number> TIME_AXIS = new StringConverter<>() {
        @Override
        public String toString(Number seconds) {
            return TIME.format(Instant.ofEpochSecond(seconds.longValue()));
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
        countsLabel.setText("Desired " + s.desired() + "   Running " + s.running() + "   Pending " + s.pending());
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
        targetList.getItems().setAll(s.targets().stream().map(t -> t.id() + "   " + t.state()
                + (t.reason() == null || t.reason().isBlank() ? "" : "   " + t.reason())).toList());
        activityList.getItems().setAll(s.activities().stream().map(a -> TIME.format(a.time()) + "  " + a.status() + "  "
                + a.description() + "\n    " + a.cause()).toList());
        eventList.getItems().setAll(s.events().stream().map(e -> TIME.format(e.time()) + "  " + e.message()).toList());
        cpu.append(s.cpu());
        memory.append(s.memory());
        if (!desiredEdited) {
            desiredSpinner.getValueFactory().setValue(s.desired());
            desiredEdited = false;
        }
    }

    private static String detail(TaskInfo t) {
        if (t == null) {
            return "";
        }
        return "Task " + t.id() + ": " + t.status() + " (desired " + t.desiredStatus() + "), health " + t.health()
                + ", started " + (t.startedAt() == null ? "—" : TIME.format(t.startedAt()))
                + (t.stoppedAt() == null ? "" : ", stopped " + TIME.format(t.stoppedAt()))
                + (t.stoppedReason() == null ? "" : ": " + t.stoppedReason());
    }

    private static ReadOnlyStringWrapper text(String value) {
        return new ReadOnlyStringWrapper(value == null ? "" : value);
    }

    @FXML
    private void applyDesired() {
        int count = desiredSpinner.getValue();
        if (confirm("Set the desired count to " + count + "?", "Tasks are started or drained and stopped to match.")) {
            model.setDesired(count);
            desiredEdited = false;
        }
    }

    @FXML
    private void stopTask() {
        TaskInfo task = taskTable.getSelectionModel().getSelectedItem();
        if (task != null && confirm("Stop task " + task.id() + "?", "The service replaces it; watch it heal.")) {
            model.stopTask(task.id());
        }
    }

    private boolean confirm(String question, String detail) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(taskTable.getScene().getWindow());
        alert.setHeaderText(question);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    /** The series of one chart; new points are appended, the chart is never redrawn from scratch. */
    private static final class ChartSeries {
        private final XYChart.Series<Number, Number> average = new XYChart.Series<>();
        private final XYChart.Series<Number, Number> maximum = new XYChart.Series<>();
        private final XYChart.Series<Number, Number> tasks = new XYChart.Series<>();
        private Instant last = Instant.EPOCH;

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

        void append(List<MetricPoint> points) {
            for (MetricPoint p : points) {
                if (!p.time().isAfter(last)) {
                    continue;
                }
                long x = p.time().getEpochSecond();
                average.getData().add(new XYChart.Data<>(x, p.average()));
                maximum.getData().add(new XYChart.Data<>(x, p.maximum()));
                tasks.getData().add(new XYChart.Data<>(x, p.runningTasks()));
                last = p.time();
            }
        }

        int size() {
            return average.getData().size();
        }
    }

    /** Points on the CPU chart, for tests. */
    int cpuPoints() {
        return cpu.size();
    }
}
