package dev.dockhand.pipeline;

import dev.dockhand.aws.AwsFailure;
import dev.dockhand.aws.DeployListener;
import dev.dockhand.aws.DeployOutcome;
import dev.dockhand.aws.EcsServiceWatcher;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ServiceSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** An ECS service on AWS as the monitoring window watches it: the AWS watcher, and the stack for deleting. */
final class AwsServiceWatch implements ServiceWatch {

    private final AwsSteps steps;
    private final EcsServiceWatcher watcher;

    AwsServiceWatch(AwsSteps steps, String cluster, String service, Duration metricsLookback) {
        this.steps = steps;
        this.watcher = steps.watcher(cluster, service, Clock.systemUTC(), metricsLookback);
    }

    @Override
    public String name() {
        // Dockhand names the cluster after the service: then once is enough.
        return watcher.service() + " (ECS, " + (watcher.cluster().equals(watcher.service()) ? "" : "cluster " + watcher.cluster() + ", ")
                + steps.region() + ")";
    }

    @Override
    public Duration period() {
        return Duration.ofSeconds(10);
    }

    @Override
    public ServiceSnapshot poll() throws StepException {
        return aws(watcher::poll);
    }

    @Override
    public void setDesired(int count) throws StepException {
        aws(() -> {
            watcher.setDesired(count);
            return null;
        });
    }

    @Override
    public void stopTask(String taskId) throws StepException {
        aws(() -> {
            watcher.stopTask(taskId);
            return null;
        });
    }

    @Override
    public Set<Action> actions() {
        Set<Action> actions = EnumSet.of(Action.SET_LIMITS, Action.FORCE_DEPLOYMENT, Action.LOGS);
        EcsServiceWatcher.Links links = watcher.links();
        if (links == null || links.stackName() != null) {
            actions.add(Action.DELETE);
        }
        return actions;
    }

    @Override
    public void setLimits(int min, int max) throws StepException {
        aws(() -> {
            watcher.setLimits(min, max);
            return null;
        });
    }

    @Override
    public void forceNewDeployment() throws StepException {
        aws(() -> {
            watcher.forceNewDeployment();
            return null;
        });
    }

    @Override
    public void rollBackDeployment() throws StepException {
        aws(() -> {
            watcher.rollBackDeployment();
            return null;
        });
    }

    @Override
    public String deleteWhat() {
        String stack = stackName();
        return stack == null ? "the service's stack" : "stack " + stack;
    }

    @Override
    public String delete(Deletion deletion, Consumer<String> progress) throws StepException {
        String stack = stackName();
        if (stack == null) {
            throw new StepException("Service " + watcher.service() + " was not made by a CloudFormation stack (it has no "
                    + "aws:cloudformation:stack-name tag): delete it where it was made.", null, true);
        }
        DeployOutcome outcome = steps.destroy(stack, deletion.images(), deletion.secret(), DeployListener.forDeletion(
                e -> progress.accept(e.logicalId() + " " + e.status()), progress));
        if (!"DELETE_COMPLETE".equals(outcome.stackStatus())) {
            throw new StepException("Stack " + stack + " was not deleted (" + outcome.stackStatus() + ")"
                    + (outcome.reason() == null ? "" : ": " + outcome.reason()) + ".");
        }
        return "Deleted stack " + stack + (deletion.images() ? " and its images" : "")
                + (deletion.secret() ? " and its secret" : "") + ".";
    }

    private String stackName() {
        EcsServiceWatcher.Links links = watcher.links();
        return links == null ? null : links.stackName();
    }

    @Override
    public List<LogLine> newLogLines() throws StepException {
        return aws(watcher::newLogLines);
    }

    @Override
    public void close() {
        watcher.close();
        steps.close();
    }

    private interface Call<T> {
        T run() throws AwsFailure;
    }

    private static <T> T aws(Call<T> call) throws StepException {
        try {
            return call.run();
        } catch (AwsFailure e) {
            throw new StepException(e.getMessage(), e, e.badInput());
        }
    }
}
