package dev.dockhand.aws;

import dev.dockhand.monitor.StoppedTask;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Deploys the stack the safe way: a change set first, shown and approved before anything changes;
 * stack events streamed while it runs; on failure the first failed resource and its reason (not just
 * ROLLBACK_COMPLETE); a stack left in ROLLBACK_COMPLETE deleted and re-created when the user agrees;
 * "no updates" treated as success. After the stack completes it waits for the ECS service to be stable
 * and its targets healthy, then calls the service's URL. Cancel by interrupting the calling thread.
 */
public final class StackDeployer {

    private static final Set<StackStatus> TERMINAL = Set.of(StackStatus.CREATE_COMPLETE, StackStatus.CREATE_FAILED,
            StackStatus.ROLLBACK_COMPLETE, StackStatus.ROLLBACK_FAILED, StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE, StackStatus.UPDATE_ROLLBACK_FAILED, StackStatus.DELETE_COMPLETE,
            StackStatus.DELETE_FAILED, StackStatus.IMPORT_COMPLETE, StackStatus.IMPORT_ROLLBACK_COMPLETE);

    private final AwsSession session;
    private final Duration poll;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * Polls CloudFormation and ECS every 5 s; {@code -Ddockhand.aws.pollMillis} shortens that for local
     * AWS-compatible endpoints, which answer at once.
     */
    public StackDeployer(AwsSession session) {
        this(session, Duration.ofMillis(Long.getLong("dockhand.aws.pollMillis", 5000)), Clock.systemUTC());
    }

    StackDeployer(AwsSession session, Duration poll, Clock clock) {
        this.session = session;
        this.poll = poll;
        this.clock = clock;
    }

    public DeployOutcome deploy(String stackName, String template, Map<String, String> parameters, Duration waitTimeout,
                                DeployListener listener) throws AwsFailure {
        Optional<Stack> existing = describe(stackName);
        if (existing.isPresent()) {
            checkOwnership(existing.get(), stackName, "update", listener);
            StackStatus status = existing.get().stackStatus();
            if (status == StackStatus.ROLLBACK_COMPLETE || status == StackStatus.ROLLBACK_FAILED) {
                String reason = "Stack " + stackName + " is in " + status + ": its creation failed and CloudFormation "
                        + "cannot update it. It has to be deleted and created again.";
                if (!listener.approveRecreate(stackName, reason)) {
                    return DeployOutcome.cancelled(stackName, status.toString(), reason + " Nothing was changed.");
                }
                DeployOutcome deleted = delete(existing.get(), stackName, listener); // its ownership was checked above
                if (!"DELETE_COMPLETE".equals(deleted.stackStatus())) {
                    return deleted;
                }
                existing = Optional.empty();
            } else if (status.toString().endsWith("_IN_PROGRESS")) {
                listener.status("Stack " + stackName + " is busy (" + status + "); waiting for it to finish");
                status = waitForTerminal(stackName, clock.instant(), listener::event);
                if (status == StackStatus.REVIEW_IN_PROGRESS) {
                    existing = Optional.empty();
                }
            } else if (status == StackStatus.UPDATE_ROLLBACK_FAILED) {
                return DeployOutcome.failed(stackName, status.toString(), null, "Stack " + stackName + " is in "
                        + "UPDATE_ROLLBACK_FAILED: continue the rollback in the CloudFormation console (or `aws "
                        + "cloudformation continue-update-rollback --stack-name " + stackName + "`), then deploy again.");
            }
        }
        boolean create = existing.isEmpty() || existing.get().stackStatus() == StackStatus.REVIEW_IN_PROGRESS;
        String changeSetName = "dockhand-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant());
        listener.status("Creating change set " + changeSetName);
        if (!create && parameters.containsKey(StackTemplate.DESIRED_PARAMETER)) {
            parameters = keepRunningCount(stackName, parameters, listener);
        }
        List<Tag> tags = tags(create ? Optional.empty() : existing, stackName);
        List<Parameter> cfnParameters = parameters.entrySet().stream()
                .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList();
        session.call("creating a change set (CloudFormation CreateChangeSet)", () -> session.cloudFormation().createChangeSet(b -> b
                .stackName(stackName)
                .changeSetName(changeSetName)
                .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
                .templateBody(template)
                .parameters(cfnParameters)
                .capabilities(Capability.CAPABILITY_IAM)
                .tags(tags)
                .description("Deployed by Dockhand")));
        DescribeChangeSetResponse changeSet = waitForChangeSet(stackName, changeSetName);
        if (changeSet.status() == ChangeSetStatus.FAILED) {
            String reason = String.valueOf(changeSet.statusReason());
            deleteChangeSet(stackName, changeSetName);
            if (reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")) {
                listener.status("No changes: the stack already has this template and image");
                return afterStack(stackName, StackStatus.UPDATE_COMPLETE.toString(), true, waitTimeout, listener);
            }
            if (create) {
                deleteQuietly(stackName);
            }
            return DeployOutcome.failed(stackName, create ? "NONE" : existing.get().stackStatus().toString(), null,
                    "CloudFormation rejected the change set: " + reason);
        }
        List<DeployListener.Change> changes = new ArrayList<>();
        for (Change change : changeSet.changes()) {
            var rc = change.resourceChange();
            changes.add(new DeployListener.Change(String.valueOf(rc.action()), rc.logicalResourceId(), rc.resourceType(),
                    rc.replacement() == null ? "" : rc.replacement().toString()));
        }
        if (!listener.approve(changes)) {
            deleteChangeSet(stackName, changeSetName);
            if (create) {
                deleteQuietly(stackName); // a stack that only holds a change set (REVIEW_IN_PROGRESS)
            }
            return DeployOutcome.cancelled(stackName, create ? "NONE" : existing.get().stackStatus().toString(),
                    "Not approved: the change set was deleted and nothing was changed.");
        }
        Instant started = clock.instant().minusSeconds(5);
        session.call("executing the change set", () -> session.cloudFormation().executeChangeSet(b -> b
                .stackName(stackName).changeSetName(changeSetName)));
        listener.status((create ? "Creating" : "Updating") + " stack " + stackName);
        List<DeployListener.Event> seen = new ArrayList<>();
        String testUrl = create ? null : output(existing.get(), "TestUrl");
        FailFast failFast = new FailFast(new DeploymentWatch(session, stackName, stackName, started, testUrl, clock), stackName, create,
                listener);
        StackStatus status = waitForTerminal(stackName, started, event -> {
            seen.add(event);
            listener.event(event);
        }, failFast::poll);
        if (failFast.rolledBack != null) {
            return DeployOutcome.failed(stackName, status.toString(), "Service", failFast.rolledBack);
        }
        if (status != StackStatus.CREATE_COMPLETE && status != StackStatus.UPDATE_COMPLETE) {
            DeployOutcome outcome = rootCause(stackName, status, seen);
            StoppedTask last = failFast.watch.lastFailure();
            return last == null ? outcome : DeployOutcome.failed(stackName, outcome.stackStatus(), outcome.failedResource(),
                    outcome.reason() + "\nThe new tasks failed: " + last.cause().summary());
        }
        return afterStack(stackName, status.toString(), false, waitTimeout, listener);
    }

    /**
     * Watches the new deployment's tasks while the stack works: each stopped task is explained at once, and
     * once as many have failed as the circuit breaker allows, the listener may roll back instead of waiting
     * for CloudFormation's own timeout.
     */
    private final class FailFast {
        final DeploymentWatch watch;
        final String stackName;
        final boolean create;
        final DeployListener listener;
        String rolledBack;
        /** A rollback is tried once: a failed one is reported, not repeated at every poll. */
        private boolean rollBackTried;
        private String unreadable;

        FailFast(DeploymentWatch watch, String stackName, boolean create, DeployListener listener) {
            this.watch = watch;
            this.stackName = stackName;
            this.create = create;
            this.listener = listener;
        }

        void poll(StackStatus status) {
            if (rolledBack != null || !status.toString().endsWith("_IN_PROGRESS") || status.toString().contains("ROLLBACK")
                    || status.toString().startsWith("DELETE")) {
                return;
            }
            try {
                watch.poll().forEach(listener::taskStopped);
                unreadable = null;
            } catch (AwsFailure e) {
                if (unreadable == null) {
                    unreadable = e.getMessage();
                    listener.status("The new tasks cannot be watched (the deploy goes on): " + e.getMessage());
                }
                return;
            }
            StoppedTask last = watch.lastFailure();
            if (rollBackTried) {
                return;
            }
            if (watch.failures() >= watch.threshold() && listener.rollBackNow(watch.failures(), watch.threshold(), last)) {
                rollBack(last);
                return;
            }
            var blueGreen = watch.blueGreen();
            if (blueGreen != null && listener.blueGreen(blueGreen) && blueGreen.canRollBack()) {
                rollBackTried = true;
                try {
                    watch.rollBackBlueGreen();
                    listener.status("Rolling back: the old revision takes the traffic again; CloudFormation then rolls the "
                            + "stack back to the old image.");
                    rolledBack = "Rolled back on request during the blue/green deployment (" + blueGreen.describe()
                            + "): the old revision took the traffic again.";
                } catch (AwsFailure e) {
                    listener.status("Could not roll back: " + e.getMessage());
                }
            }
        }

        private void rollBack(StoppedTask last) {
            rollBackTried = true;
            String why = watch.failures() + " tasks of the new deployment failed: " + last.cause().summary();
            try {
                if (create) {
                    listener.status("Rolling back: deleting the new stack (nothing served from it yet). " + why);
                    session.call("deleting the new stack (CloudFormation DeleteStack)", () -> session.cloudFormation()
                            .deleteStack(b -> b.stackName(stackName)));
                    rolledBack = "Rolled back: " + why + " The new stack is deleted.";
                } else {
                    listener.status("Rolling back: cancelling the stack update; the old tasks keep serving. " + why);
                    session.call("cancelling the stack update (CloudFormation CancelUpdateStack)", () -> session.cloudFormation()
                            .cancelUpdateStack(b -> b.stackName(stackName)));
                    rolledBack = "Rolled back: " + why + " The update was cancelled and the old tasks kept serving.";
                }
            } catch (AwsFailure e) {
                listener.status("Could not roll back: " + e.getMessage());
            }
        }
    }

    /** Deletes the stack, streaming its events, and says which resource blocked it if it fails. */
    /**
     * On an update the desired count is left out of the service (an empty parameter), so CloudFormation does
     * not reset the count autoscaling chose to the one the stack was created with; says so when they differ.
     */
    private Map<String, String> keepRunningCount(String stackName, Map<String, String> parameters, DeployListener listener) {
        Map<String, String> update = new java.util.LinkedHashMap<>(parameters);
        String configured = update.put(StackTemplate.DESIRED_PARAMETER, "");
        try {
            var services = session.ecs().describeServices(b -> b.cluster(stackName).services(stackName)).services();
            if (!services.isEmpty() && services.get(0).desiredCount() != null
                    && !String.valueOf(services.get(0).desiredCount()).equals(configured)) {
                listener.status("Desired count: the service runs " + services.get(0).desiredCount() + " tasks now (autoscaling's "
                        + "choice); this update keeps " + services.get(0).desiredCount() + " rather than the " + configured
                        + " it was created with.");
            }
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // The count is kept either way; only the note is lost.
        }
        return update;
    }

    /**
     * Refuses a stack that is not Dockhand's, naming who made it; asks before marking one an earlier version
     * of Dockhand made (a refusal, not a question, when the answer is no).
     */
    void checkOwnership(Stack stack, String stackName, String verb, DeployListener listener) throws AwsFailure {
        Ownership.Claim claim = Ownership.ofStack(stack, stackName);
        if (claim == Ownership.Claim.NOT_DOCKHANDS) {
            throw new AwsFailure(Ownership.refusal("The stack " + stackName, Ownership.provenance(stack), stackName, verb), null, true);
        }
        if (claim == Ownership.Claim.EARLIER_DOCKHAND) {
            String question = "The stack " + stackName + " looks made by an earlier version of Dockhand (" + Ownership.provenance(stack)
                    + ") but has no " + Ownership.TAG + " tag. Is it this service's stack? Dockhand then marks it as its own"
                    + ("update".equals(verb) ? " with this deploy." : " and deletes it.");
            if (!listener.approveEarlierResource(stackName, question)) {
                throw new AwsFailure("The stack " + stackName + " was not confirmed as this service's, so Dockhand did not "
                        + verb + " it; nothing was changed. Confirm it at the Deploy step's question, or on the command line "
                        + "with --adopt " + stackName + " (dockhand deploy or destroy). " + Ownership.wayOn(stackName, verb), null, true);
            }
        }
    }

    /** Why the stack {@code stackName} may not be changed ({@code verb}: "update", "delete"): it is somebody else's; or empty. */
    public Optional<String> foreignRefusal(String stackName, String verb) throws AwsFailure {
        Optional<Stack> stack = describe(stackName);
        return stack.filter(st -> Ownership.ofStack(st, stackName) == Ownership.Claim.NOT_DOCKHANDS)
                .map(st -> Ownership.refusal("The stack " + stackName, Ownership.provenance(st), stackName, verb));
    }

    /** Dockhand's mark, kept beside the stack's other tags: a change set's tags replace the stack's. */
    private static List<Tag> tags(Optional<Stack> existing, String stackName) {
        Map<String, String> tags = new java.util.TreeMap<>();
        existing.ifPresent(stack -> stack.tags().forEach(t -> tags.put(t.key(), t.value())));
        tags.put(Ownership.TAG, stackName);
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    public DeployOutcome destroy(String stackName, DeployListener listener) throws AwsFailure {
        Optional<Stack> stack = describe(stackName);
        if (stack.isEmpty()) {
            return new DeployOutcome(stackName, "DELETE_COMPLETE", false, null, null, null,
                    "There is no stack " + stackName + ": nothing to delete.", true, false, false, null, null);
        }
        checkOwnership(stack.get(), stackName, "delete", listener);
        return delete(stack.get(), stackName, listener);
    }

    private DeployOutcome delete(Stack stack, String stackName, DeployListener listener) throws AwsFailure {
        Instant started = clock.instant().minusSeconds(5);
        String stackId = stack.stackId();
        session.call("deleting the stack", () -> session.cloudFormation().deleteStack(b -> b.stackName(stackName)));
        listener.status("Deleting stack " + stackName);
        List<DeployListener.Event> seen = new ArrayList<>();
        // A deleted stack is only found by its id.
        StackStatus status = waitForTerminal(stackId, started, event -> {
            seen.add(event);
            listener.event(event);
        });
        if (status != StackStatus.DELETE_COMPLETE) {
            return rootCause(stackName, status, seen);
        }
        return new DeployOutcome(stackName, status.toString(), false, null, null, null, null, false, false, false, null, null);
    }

    private DeployOutcome afterStack(String stackName, String status, boolean noChanges, Duration waitTimeout,
                                     DeployListener listener) throws AwsFailure {
        Stack stack = describe(stackName).orElseThrow(() -> new AwsFailure("Stack " + stackName + " vanished.", null));
        String url = output(stack, "ServiceUrl");
        String cluster = output(stack, "ClusterName");
        String service = output(stack, "ServiceName");
        String serviceArn = output(stack, "ServiceArn");
        String targetGroup = output(stack, "TargetGroupArn");
        if (cluster == null || service == null) {
            return new DeployOutcome(stackName, status, false, serviceArn, url, null,
                    "The stack has no ClusterName/ServiceName outputs: it was not made by Dockhand.", noChanges, false, false, null, null);
        }
        listener.status("Waiting for the service to be stable and its targets healthy");
        Instant deadline = clock.instant().plus(waitTimeout);
        String lastState = "";
        while (true) {
            String state = serviceState(cluster, service, targetGroup);
            if (state == null) {
                break;
            }
            if (!state.equals(lastState)) {
                listener.status(state);
                lastState = state;
            }
            if (!clock.instant().isBefore(deadline)) {
                return new DeployOutcome(stackName, status, false, serviceArn, url, null,
                        "The service was not stable within " + waitTimeout.toSeconds() + " s (" + state + "). The stack is "
                                + status + " and was left as it is; watch it with `dockhand status`.", noChanges, true, false, null, null);
            }
            sleep();
        }
        Integer answerStatus = null;
        String answer = null;
        if (url != null) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                answerStatus = response.statusCode();
                answer = response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
            } catch (java.io.IOException e) {
                answer = "No answer from " + url + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Cancelled while calling the service.");
            }
        }
        return new DeployOutcome(stackName, status, true, serviceArn, url, null, null, noChanges, false, false, answerStatus, answer);
    }

    /** Null when the service is stable with healthy targets, else what it is waiting for. */
    private String serviceState(String cluster, String serviceName, String targetGroup) throws AwsFailure {
        List<Service> services = session.call("reading the ECS service", () -> session.ecs().describeServices(b -> b
                .cluster(cluster).services(serviceName)).services());
        if (services.isEmpty()) {
            return "service " + serviceName + " not found yet";
        }
        Service service = services.get(0);
        List<Deployment> deployments = service.deployments();
        Deployment primary = deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
        if (deployments.size() != 1 || primary == null
                || primary.rolloutState() != null && !"COMPLETED".equals(primary.rolloutStateAsString())) {
            return "deployment in progress: " + service.runningCount() + " of " + service.desiredCount() + " tasks running"
                    + (primary != null && primary.rolloutStateReason() != null ? " (" + primary.rolloutStateReason() + ")" : "");
        }
        if (service.runningCount() < service.desiredCount()) {
            return service.runningCount() + " of " + service.desiredCount() + " tasks running";
        }
        if (targetGroup != null) {
            List<TargetHealthDescription> targets = session.call("reading target health", () -> session.elb()
                    .describeTargetHealth(b -> b.targetGroupArn(targetGroup)).targetHealthDescriptions());
            long healthy = targets.stream().filter(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
            if (healthy < service.desiredCount()) {
                return healthy + " of " + service.desiredCount() + " targets healthy";
            }
        }
        return null;
    }

    private DeployOutcome rootCause(String stackName, StackStatus status, List<DeployListener.Event> events) {
        Optional<DeployListener.Event> first = events.stream()
                .filter(e -> e.status().endsWith("_FAILED"))
                .filter(e -> e.reason() != null && !e.reason().contains("Resource creation cancelled")
                        && !e.reason().contains("Resource update cancelled") && !e.logicalId().equals(stackName))
                .min(Comparator.comparing(DeployListener.Event::time));
        if (first.isPresent()) {
            return DeployOutcome.failed(stackName, status.toString(), first.get().logicalId(),
                    first.get().resourceType() + " " + first.get().logicalId() + " failed: " + first.get().reason());
        }
        String stackReason = events.stream().filter(e -> e.logicalId().equals(stackName) && e.reason() != null)
                .map(DeployListener.Event::reason).reduce((a, b) -> b).orElse("see the stack's events");
        return DeployOutcome.failed(stackName, status.toString(), null, "The stack ended in " + status + ": " + stackReason);
    }

    private interface EventSink {
        void accept(DeployListener.Event event);
    }

    private StackStatus waitForTerminal(String stack, Instant since, EventSink sink) throws AwsFailure {
        return waitForTerminal(stack, since, sink, status -> { });
    }

    /**
     * Streams the stack's new events (since {@code since}) until it reaches a final state, and returns it;
     * {@code onPoll} runs once a poll with the status, while the stack is not final.
     */
    private StackStatus waitForTerminal(String stack, Instant since, EventSink sink,
                                        java.util.function.Consumer<StackStatus> onPoll) throws AwsFailure {
        Set<String> seenIds = new HashSet<>();
        while (true) {
            List<StackEvent> fresh = new ArrayList<>();
            for (StackEvent event : events(stack)) {
                if (event.timestamp().isBefore(since) || !seenIds.add(event.eventId())) {
                    continue;
                }
                fresh.add(event);
            }
            fresh.sort(Comparator.comparing(StackEvent::timestamp));
            for (StackEvent e : fresh) {
                sink.accept(new DeployListener.Event(e.timestamp(), e.logicalResourceId(), e.resourceType(),
                        e.resourceStatusAsString(), e.resourceStatusReason()));
            }
            Optional<Stack> current = describe(stack);
            if (current.isEmpty()) {
                return StackStatus.DELETE_COMPLETE;
            }
            StackStatus status = current.get().stackStatus();
            if (TERMINAL.contains(status) || status == StackStatus.REVIEW_IN_PROGRESS) {
                return status;
            }
            onPoll.accept(status);
            sleep();
        }
    }

    /** The stack's events, newest first; none once a deleted stack is gone (some endpoints forget it at once). */
    private List<StackEvent> events(String stack) throws AwsFailure {
        try {
            return session.cloudFormation().describeStackEvents(b -> b.stackName(stack)).stackEvents();
        } catch (CloudFormationException e) {
            if (String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return List.of();
            }
            throw AwsErrors.explain(e, session, "reading stack events");
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "reading stack events");
        }
    }

    private DescribeChangeSetResponse waitForChangeSet(String stack, String changeSet) throws AwsFailure {
        while (true) {
            DescribeChangeSetResponse response = session.call("reading the change set", () -> session.cloudFormation()
                    .describeChangeSet(b -> b.stackName(stack).changeSetName(changeSet)));
            if (response.status() == ChangeSetStatus.CREATE_COMPLETE || response.status() == ChangeSetStatus.FAILED) {
                return response;
            }
            sleep();
        }
    }

    Optional<Stack> describe(String stack) throws AwsFailure {
        try {
            List<Stack> stacks = session.cloudFormation().describeStacks(b -> b.stackName(stack)).stacks();
            return stacks.isEmpty() ? Optional.empty() : Optional.of(stacks.get(0));
        } catch (CloudFormationException e) {
            if (String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw AwsErrors.explain(e, session, "reading the stack " + stack);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "reading the stack " + stack);
        }
    }

    private void deleteChangeSet(String stack, String changeSet) {
        try {
            session.cloudFormation().deleteChangeSet(b -> b.stackName(stack).changeSetName(changeSet));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // a change set that failed may already be gone; nothing else depends on it
        }
    }

    private void deleteQuietly(String stack) {
        try {
            session.cloudFormation().deleteStack(b -> b.stackName(stack));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // the empty stack of a rejected change set; it holds no resources
        }
    }

    private static String output(Stack stack, String key) {
        return stack.outputs().stream().filter(o -> key.equals(o.outputKey())).map(Output::outputValue).findFirst().orElse(null);
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Cancelled; CloudFormation goes on with what it started. Watch the stack with `dockhand status`.");
        }
    }
}
