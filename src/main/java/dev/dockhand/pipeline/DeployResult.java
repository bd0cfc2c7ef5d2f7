package dev.dockhand.pipeline;

/** How a deployment (or teardown) ended, in every case. */
public record DeployResult(String stackName, String stackStatus, boolean serviceStable, String serviceArn, String url,
                           String failedResource, String reason, boolean noChanges, boolean timedOut, boolean cancelled,
                           Integer urlStatus, String urlAnswer) {
}
