package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsPlan;
import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.ui.common.BackgroundTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.util.List;

/**
 * State and actions of the Target page: the AWS profile and region, the service's shape, and the plan
 * AWS answers with (account, network, cost). Saving it writes dockhand.yaml.
 */
public final class TargetPageModel {

    /** Fargate task sizes offered, as CPU units and MiB. */
    public static final List<String> TASK_SIZES = List.of("256 / 512", "256 / 1024", "512 / 1024", "512 / 2048",
            "1024 / 2048", "1024 / 4096", "2048 / 4096", "2048 / 8192", "4096 / 8192");

    private final WizardModel wizard;
    private final BackgroundTasks tasks;
    private final AwsConnection aws;

    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty("");
    private final StringProperty taskSize = new SimpleStringProperty("256 / 512");
    private final IntegerProperty desired = new SimpleIntegerProperty(2);
    private final IntegerProperty min = new SimpleIntegerProperty(2);
    private final IntegerProperty max = new SimpleIntegerProperty(6);
    private final IntegerProperty cpuTarget = new SimpleIntegerProperty(50);
    private final StringProperty healthPath = new SimpleStringProperty("");
    private final BooleanProperty privateSubnets = new SimpleBooleanProperty();
    /** Blue/green (ECS's native, with a bake time) instead of rolling, the default. */
    private final BooleanProperty blueGreen = new SimpleBooleanProperty();
    private final IntegerProperty bakeMinutes = new SimpleIntegerProperty(dev.dockhand.aws.Rollout.DEFAULT_BAKE_MINUTES);
    private final BooleanProperty local;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<AwsPlan> plan = new SimpleObjectProperty<>();

    public TargetPageModel(WizardModel wizard, BackgroundTasks tasks, AwsConnection aws) {
        this.wizard = wizard;
        this.tasks = tasks;
        this.aws = aws;
        this.local = wizard.localTargetProperty();
        wizard.projectProperty().addListener((obs, old, project) -> load(project));
    }

    /** Fills the form from dockhand.yaml and the analysis, and lists the profiles, in the background. */
    private void load(OpenedProject project) {
        plan.set(null);
        error.set(null);
        if (project == null) {
            return;
        }
        record Loaded(ProjectSettings settings, List<String> profiles, String region) {
        }
        Task<Loaded> read = new Task<>() {
            @Override
            protected Loaded call() throws Exception {
                ProjectSettings settings = ProjectSettings.load(project.folder());
                String preferredProfile = settings.awsOrEmpty().profile();
                return new Loaded(settings, AwsSteps.profileNames(), settings.awsOrEmpty().region() != null
                        ? settings.awsOrEmpty().region() : AwsSteps.defaultRegion(null, preferredProfile));
            }
        };
        read.setOnSucceeded(e -> {
            Loaded loaded = read.getValue();
            ProjectSettings s = loaded.settings();
            profiles.setAll(loaded.profiles());
            // Empty means automatic, as the CLI resolves it (AWS_PROFILE, keys in the environment, default); a profile
            // dockhand.yaml prefers is shown only where this machine has it, so a teammate's never stops the check.
            String preferred = s.awsOrEmpty().profile();
            profile.set(preferred != null && loaded.profiles().contains(preferred) ? preferred : "");
            region.set(loaded.region() == null ? "" : loaded.region());
            if (s.cpu() != null && s.memory() != null) {
                taskSize.set(s.cpu() + " / " + s.memory());
            }
            desired.set(s.desired() != null ? s.desired() : 2);
            min.set(s.min() != null ? s.min() : 2);
            max.set(s.max() != null ? s.max() : 6);
            cpuTarget.set(s.cpuTarget() != null ? s.cpuTarget() : 50);
            // The Project step's: dockhand.yaml's choice or the detected route, as the Dockerfile and the test have it.
            String analysed = project.report().healthPath();
            healthPath.set(analysed == null ? "/" : analysed);
            privateSubnets.set(Boolean.TRUE.equals(s.awsOrEmpty().privateSubnets()));
            blueGreen.set(dev.dockhand.aws.Rollout.Strategy.parse(s.awsOrEmpty().deployment())
                    .orElse(dev.dockhand.aws.Rollout.Strategy.ROLLING) == dev.dockhand.aws.Rollout.Strategy.BLUE_GREEN);
            bakeMinutes.set(s.awsOrEmpty().bakeMinutes() != null ? s.awsOrEmpty().bakeMinutes() : dev.dockhand.aws.Rollout.DEFAULT_BAKE_MINUTES);
            local.set(ProjectSettings.LOCAL.equals(s.target())); // the target chosen last time; AWS when none was
        });
        read.setOnFailed(e -> error.set(read.getException().getMessage()));
        tasks.run(read);
    }

    /** Asks AWS for the plan with the form's values; with no problems, saves them and opens the next step. */
    public void check() {
        OpenedProject project = wizard.projectProperty().get();
        if (project == null || busy.get()) {
            return;
        }
        String counts = countsProblem(desired.get(), min.get(), max.get());
        if (counts != null) {
            error.set(counts); // checked before anything is saved or asked of AWS
            return;
        }
        if (local.get()) {
            useLocal(project);
            return;
        }
        busy.set(true);
        error.set(null);
        String chosenProfile = profile.get();
        String chosenRegion = region.get();
        String[] size = taskSize.get().split("\\s*/\\s*");
        boolean privateChosen = privateSubnets.get();
        ProjectSettings form = ProjectSettings.shape(null, null, healthPath.get(), Integer.valueOf(size[0]),
                Integer.valueOf(size[1]), desired.get(), min.get(), max.get(), cpuTarget.get())
                .withAws(new ProjectSettings.Aws(blankToNull(chosenProfile), blankToNull(chosenRegion), null, null, null,
                        privateSubnets.get() ? Boolean.TRUE : Boolean.FALSE, null,
                        (blueGreen.get() ? dev.dockhand.aws.Rollout.Strategy.BLUE_GREEN : dev.dockhand.aws.Rollout.Strategy.ROLLING).key(),
                        blueGreen.get() ? Integer.valueOf(bakeMinutes.get()) : null));
        Task<AwsPlan> check = new Task<>() {
            @Override
            protected AwsPlan call() throws Exception {
                AwsSteps steps = aws.steps(chosenProfile, chosenRegion);
                ProjectSettings saved = ProjectSettings.load(project.folder());
                // Switching between public and private subnets asks AWS for a new network proposal.
                boolean savedPrivate = Boolean.TRUE.equals(saved.awsOrEmpty().privateSubnets());
                ProjectSettings base = savedPrivate == privateChosen ? saved : withoutNetwork(saved);
                AwsPlan answer = steps.plan(project, base.with(form));
                if (answer.problems().isEmpty()) {
                    AwsSteps.withPlan(base, answer, blankToNull(chosenProfile), project).withTarget(ProjectSettings.AWS)
                            .save(project.folder());
                }
                return answer;
            }
        };
        check.setOnSucceeded(e -> {
            busy.set(false);
            AwsPlan answer = check.getValue();
            plan.set(answer);
            if (answer.problems().isEmpty()) {
                wizard.complete(WizardStep.TARGET);
            } else {
                error.set(String.join("\n", answer.problems()));
            }
        });
        check.setOnFailed(e -> {
            busy.set(false);
            error.set(onThisPage(check.getException().getMessage()));
        });
        tasks.run(check);
    }

    /** The local rehearsal needs no AWS: the shape is saved, and there is nothing to push. */
    private void useLocal(OpenedProject project) {
        busy.set(true);
        error.set(null);
        plan.set(null);
        String[] size = taskSize.get().split("\\s*/\\s*");
        String health = healthPath.get(); // read here: the task runs off the FX thread
        ProjectSettings form = ProjectSettings.shape(null, null, health, Integer.valueOf(size[0]),
                Integer.valueOf(size[1]), desired.get(), min.get(), max.get(), cpuTarget.get());
        Task<Void> save = new Task<>() {
            @Override
            protected Void call() throws Exception {
                ProjectSettings chosen = ProjectSettings.load(project.folder()).with(form);
                project.pinServing(chosen, project.report().port(), health)
                        .withTarget(ProjectSettings.LOCAL).save(project.folder());
                return null;
            }
        };
        save.setOnSucceeded(e -> {
            busy.set(false);
            wizard.complete(WizardStep.TARGET);
            wizard.complete(WizardStep.PUSH); // a rehearsal runs the local image: nothing to push
        });
        save.setOnFailed(e -> {
            busy.set(false);
            error.set("Could not save dockhand.yaml: " + save.getException().getMessage());
        });
        tasks.run(save);
    }

    /** Why the task counts cannot be used, or null: autoscaling keeps the count between min and max. */
    static String countsProblem(int desired, int min, int max) {
        if (min > max) {
            return "The minimum (" + min + " tasks) is above the maximum (" + max + "): lower the minimum or raise the maximum.";
        }
        if (desired < min || desired > max) {
            return "Desired tasks (" + desired + ") must lie between the minimum (" + min + ") and the maximum (" + max
                    + "): autoscaling keeps the count in that range.";
        }
        return null;
    }

    private static ProjectSettings withoutNetwork(ProjectSettings s) {
        ProjectSettings.Aws a = s.awsOrEmpty();
        return s.withAws(new ProjectSettings.Aws(a.profile(), a.region(), a.vpc(), null, null, null, a.certificateArn(),
                a.deployment(), a.bakeMinutes()));
    }

    /**
     * An AWS session's message in this page's words: the Region field rather than the command line's --region, and,
     * where there is no account to use, that the local rehearsal needs none.
     */
    static String onThisPage(String message) {
        if (message == null) {
            return null;
        }
        String rehearsal = " The local rehearsal on Docker (the choice above) needs no AWS account.";
        if (message.startsWith("No AWS region is set")) {
            int also = message.indexOf(" Also: ");
            return "No AWS region is set: choose one in the Region field (or set AWS_REGION before starting Dockhand, or add "
                    + "`region = ...` to the profile in ~/.aws/config)." + (also < 0 ? "" : message.substring(also)) + rehearsal;
        }
        if (message.startsWith("No AWS credentials") || message.startsWith("The SSO login") || message.contains("aws sso login")) {
            return message + rehearsal;
        }
        return message;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty taskSizeProperty() {
        return taskSize;
    }

    public IntegerProperty desiredProperty() {
        return desired;
    }

    public IntegerProperty minProperty() {
        return min;
    }

    public IntegerProperty maxProperty() {
        return max;
    }

    public IntegerProperty cpuTargetProperty() {
        return cpuTarget;
    }

    public StringProperty healthPathProperty() {
        return healthPath;
    }

    public BooleanProperty blueGreenProperty() {
        return blueGreen;
    }

    public IntegerProperty bakeMinutesProperty() {
        return bakeMinutes;
    }

    public BooleanProperty privateSubnetsProperty() {
        return privateSubnets;
    }

    /** True when the local rehearsal is chosen instead of AWS. */
    public BooleanProperty localProperty() {
        return local;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<AwsPlan> planProperty() {
        return plan;
    }

}
