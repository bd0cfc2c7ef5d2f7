package dev.dockhand.pipeline;

/**
 * The watched service is no longer there (a rehearsal was stopped): not a failure to read it, which the next
 * poll may mend, but an end that the monitoring window shows as such.
 */
public final class ServiceGone extends StepException {

    public ServiceGone(String message) {
        super(message, null, true);
    }
}
