package dev.dockhand.ui.wizard;

import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.StepException;

import java.util.Objects;

/**
 * The wizard's AWS session for the chosen profile and region, opened on first use from a background
 * thread and replaced when the choice changes.
 */
public final class AwsConnection implements AutoCloseable {

    /** Opens a session: AWS itself in the app, the wire-protocol stub in tests. */
    public interface Connector {
        AwsSteps open(String profile, String region) throws StepException;
    }

    private final Connector connector;
    private AwsSteps current;
    private String key;

    public AwsConnection(Connector connector) {
        this.connector = connector;
    }

    public static AwsConnection toAws() {
        return new AwsConnection(AwsSteps::open);
    }

    /** The session for {@code profile} and {@code region} (nulls: AWS_PROFILE / AWS_REGION / the profile's). Blocking. */
    public synchronized AwsSteps steps(String profile, String region) throws StepException {
        String wanted = profile + "|" + region;
        if (current == null || !Objects.equals(key, wanted)) {
            close();
            current = connector.open(blankToNull(profile), blankToNull(region));
            key = wanted;
        }
        return current;
    }

    /** A session of its own for {@code profile} and {@code region}, which the caller closes. Blocking. */
    public AwsSteps openSeparate(String profile, String region) throws StepException {
        return connector.open(blankToNull(profile), blankToNull(region));
    }

    /** The session last opened, or an error when the Target step has not been done. */
    public synchronized AwsSteps current() throws StepException {
        if (current == null) {
            throw new StepException("Choose the AWS profile and region on the Target step first.");
        }
        return current;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
