package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsPlan;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** The Target page: profile, region and the service's shape; the account, network and cost AWS answers with. */
public final class TargetPageController {

    private final TargetPageModel model;

    @FXML private javafx.scene.control.RadioButton localChoice;
    @FXML private Label targetIntro;
    @FXML private Label profileLabel;
    @FXML private Label regionLabel;
    @FXML private Label subnetsLabel;
    @FXML private javafx.scene.control.RadioButton awsChoice;
    @FXML private ComboBox<String> profileBox;
    @FXML private TextField regionField;
    @FXML private ComboBox<String> sizeBox;
    @FXML private Spinner<Integer> desiredSpinner;
    @FXML private Spinner<Integer> minSpinner;
    @FXML private Spinner<Integer> maxSpinner;
    @FXML private Spinner<Integer> cpuSpinner;
    @FXML private Label desiredLabel;
    @FXML private Label minLabel;
    @FXML private Label maxLabel;
    @FXML private TextField healthField;
    @FXML private CheckBox privateBox;
    @FXML private Label deploymentLabel;
    @FXML private CheckBox blueGreenBox;
    @FXML private javafx.scene.control.Spinner<Integer> bakeSpinner;
    @FXML private Label bakeUnitLabel;
    @FXML private Label bakeMinLabel;
    @FXML private Button checkButton;
    @FXML private ProgressIndicator busy;
    @FXML private Label errorLabel;
    @FXML private GridPane planGrid;
    @FXML private Label accountLabel;
    @FXML private Label networkLabel;
    @FXML private Label shapeLabel;
    @FXML private Label costLabel;

    public TargetPageController(TargetPageModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        localChoice.selectedProperty().bindBidirectional(model.localProperty());
        profileBox.disableProperty().bind(model.localProperty());
        regionField.disableProperty().bind(model.localProperty());
        privateBox.disableProperty().bind(model.localProperty());
        model.localProperty().addListener((obs, old, isLocal) -> showTarget(isLocal));
        showTarget(model.localProperty().get());
        profileBox.setItems(model.profiles());
        profileBox.valueProperty().bindBidirectional(model.profileProperty());
        regionField.textProperty().bindBidirectional(model.regionProperty());
        sizeBox.getItems().setAll(TargetPageModel.TASK_SIZES);
        sizeBox.valueProperty().bindBidirectional(model.taskSizeProperty());
        bind(desiredSpinner, 1, 100, model.desiredProperty());
        bind(minSpinner, 1, 100, model.minProperty());
        bind(maxSpinner, 1, 100, model.maxProperty());
        bind(cpuSpinner, 10, 90, model.cpuTargetProperty());
        desiredLabel.setLabelFor(desiredSpinner);
        minLabel.setLabelFor(minSpinner);
        maxLabel.setLabelFor(maxSpinner);
        healthField.textProperty().bindBidirectional(model.healthPathProperty());
        // One place sets it, before the Dockerfile is written, so that the image's check, the test and the
        // target group agree: the Project step.
        healthField.setEditable(false);
        healthField.setFocusTraversable(false);
        healthField.setTooltip(new javafx.scene.control.Tooltip("Set on the Project step (Edit beside the port and health "
                + "path): the Dockerfile, the test and the load balancer all use it."));
        privateBox.selectedProperty().bindBidirectional(model.privateSubnetsProperty());
        blueGreenBox.selectedProperty().bindBidirectional(model.blueGreenProperty());
        blueGreenBox.setTooltip(new javafx.scene.control.Tooltip("ECS's native blue/green: the new revision starts beside the old "
                + "one and answers on port 8080 first, then takes all traffic at once; the old one stays ready for the bake time, "
                + "for an instant rollback. Unticked: rolling, a few tasks at a time (the default)."));
        profileBox.getEditor().setPromptText("automatic");
        Label noProfiles = new Label("No profiles on this machine (~/.aws/config and ~/.aws/credentials name none): credentials "
                + "come from the environment as the AWS CLI finds them, or add a profile with `aws configure` or "
                + "`aws configure sso`.");
        noProfiles.setWrapText(true);
        noProfiles.setMaxWidth(420);
        profileBox.setPlaceholder(noProfiles);
        profileBox.setTooltip(new javafx.scene.control.Tooltip("Empty: as the AWS CLI finds credentials (AWS_PROFILE, keys in the "
                + "environment, web identity, the profile dockhand.yaml prefers, then \"default\"). Or pick a profile."));
        bakeSpinner.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                dev.dockhand.aws.Rollout.MAX_BAKE_MINUTES, model.bakeMinutesProperty().get()));
        bakeSpinner.getValueFactory().valueProperty().addListener((obs, old, value) -> {
            if (value != null) {
                model.bakeMinutesProperty().set(value);
            }
        });
        model.bakeMinutesProperty().addListener((obs, old, value) -> bakeSpinner.getValueFactory().setValue(value.intValue()));
        bakeSpinner.disableProperty().bind(model.blueGreenProperty().not());
        busy.visibleProperty().bind(model.busyProperty());
        checkButton.disableProperty().bind(model.busyProperty());
        ErrorLabels.follow(errorLabel, model.errorProperty());
        model.planProperty().addListener((obs, old, plan) -> show(plan));
        show(model.planProperty().get()); // the page is made when first shown; the model may hold a plan
    }

    private void showTarget(boolean isLocal) {
        checkButton.setText(isLocal ? "_Use the Local Rehearsal" : "_Check with AWS and Use");
        for (javafx.scene.Node awsOnly : java.util.List.of(profileLabel, profileBox, regionLabel, regionField, subnetsLabel, privateBox,
                deploymentLabel, blueGreenBox, bakeSpinner, bakeUnitLabel, bakeMinLabel)) {
            awsOnly.setVisible(!isLocal);
            awsOnly.setManaged(!isLocal);
        }
        targetIntro.setText(isLocal
                ? "The rehearsal runs the same service shape on your Docker engine: the task size, counts, health check and CPU "
                + "target below, behind a local load balancer. No account is needed and nothing leaves this machine. The "
                + "settings are saved in dockhand.yaml in your project."
                : "Dockhand asks AWS who you are and proposes the network before anything is created. The settings are saved "
                + "in dockhand.yaml in your project.");
    }

    private static void bind(Spinner<Integer> spinner, int min, int max, javafx.beans.property.IntegerProperty value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get());
        spinner.setValueFactory(factory);
        factory.valueProperty().addListener((obs, old, v) -> {
            if (v != null) {
                value.set(v);
            }
        });
        value.addListener((obs, old, v) -> factory.setValue(v.intValue()));
    }

    private void show(AwsPlan plan) {
        planGrid.setVisible(plan != null);
        planGrid.setManaged(plan != null);
        if (plan == null) {
            return;
        }
        accountLabel.setText(plan.account() + " as " + plan.identity() + " in " + plan.region());
        // An empty Region field used the region AWS's own order found: say which, where the field is.
        regionField.setPromptText(plan.region() + " (found automatically)");
        networkLabel.setText(plan.vpc() + "; load balancer in " + String.join(", ", plan.loadBalancerSubnets())
                + "; tasks in " + String.join(", ", plan.taskSubnets()) + (plan.privateTasks() ? " (private)" : " (public IPs)"));
        shapeLabel.setText(plan.serviceName() + ": " + plan.shape());
        costLabel.setText(plan.cost());
    }

    @FXML
    private void check() {
        model.check();
    }
}
