package dev.dockhand.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes a local image to a registry with basic-auth credentials: tags it with the target reference,
 * streams per-layer progress, retries transient failures with back-off, and returns the digest the
 * registry reports. Cancel by interrupting the calling thread.
 */
public final class ImagePusher {

    private static final int ATTEMPTS = 3;
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private static final Pattern TRANSIENT = Pattern.compile(
            "timeout|timed out|connection reset|broken pipe|\\beof\\b|\\b50[234]\\b|bad gateway|service unavailable|"
                    + "tls handshake|too many requests|\\b429\\b", Pattern.CASE_INSENSITIVE);
    // Status codes as words only: a registry on port 40307 must not read as "403".
    private static final Pattern DENIED = Pattern.compile(
            "unauthorized|authentication required|no basic auth|denied|\\b40[13]\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNREACHABLE = Pattern.compile(
            "connection refused|no such host|dial tcp|network is unreachable|no route to host", Pattern.CASE_INSENSITIVE);

    /** A target such as {@code 123.dkr.ecr.eu-west-1.amazonaws.com/app:abc123} split into its parts. */
    public record Target(String registry, String repository, String tag) {

        public static Target parse(String reference) throws PushFailedException {
            int slash = reference.indexOf('/');
            int colon = reference.lastIndexOf(':');
            if (slash <= 0 || colon < slash) {
                throw new PushFailedException("\"" + reference + "\" is not a registry reference: write it as "
                        + "REGISTRY/REPOSITORY:TAG, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-app:1a2b3c4.", true);
            }
            String registry = reference.substring(0, slash);
            if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
                throw new PushFailedException("\"" + registry + "\" is not a registry host: the reference must start "
                        + "with the registry's address, e.g. localhost:5000/my-app:1a2b3c4.", true);
            }
            String tag = reference.substring(colon + 1);
            if (tag.isBlank() || tag.equals("latest")) {
                throw new PushFailedException("Give the pushed image an immutable tag (the git commit or a timestamp), "
                        + "not \"" + tag + "\": deployments only roll out when the tag changes.", true);
            }
            return new Target(registry, reference.substring(0, colon), tag);
        }

        public String reference() {
            return repository + ":" + tag;
        }
    }

    private final DockerEngine engine;

    public ImagePusher(DockerEngine engine) {
        this.engine = engine;
    }

    /** Pushes {@code image} as {@code target}; returns the digest. */
    public String push(String image, Target target, RegistryCredentials credentials, PushListener listener)
            throws PushFailedException {
        try {
            engine.client().tagImageCmd(image, target.repository(), target.tag()).exec();
        } catch (NotFoundException e) {
            throw new PushFailedException("The image " + image + " does not exist on this Docker engine: build it first.", true);
        }
        AuthConfig auth = new AuthConfig()
                .withUsername(credentials.username())
                .withPassword(credentials.password())
                .withRegistryAddress(target.registry());
        String lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            AtomicReference<String> error = new AtomicReference<>();
            AtomicReference<String> digest = new AtomicReference<>();
            ResultCallback.Adapter<PushResponseItem> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.isErrorIndicated()) {
                        error.set(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                                ? item.getErrorDetail().getMessage() : item.getError());
                        return;
                    }
                    if (item.getAux() != null && item.getAux().getDigest() != null) {
                        digest.set(item.getAux().getDigest());
                    }
                    String status = item.getStatus();
                    if (status != null) {
                        Matcher m = DIGEST.matcher(status);
                        if (m.find()) {
                            digest.set(m.group(1));
                        }
                        if (item.getId() != null && !item.getId().equals(target.tag())) {
                            long current = item.getProgressDetail() == null || item.getProgressDetail().getCurrent() == null
                                    ? 0 : item.getProgressDetail().getCurrent();
                            long total = item.getProgressDetail() == null || item.getProgressDetail().getTotal() == null
                                    ? 0 : item.getProgressDetail().getTotal();
                            listener.layer(item.getId(), status, current, total);
                        }
                    }
                }
            };
            try {
                engine.client().pushImageCmd(target.repository()).withTag(target.tag()).withAuthConfig(auth)
                        .exec(callback).awaitCompletion();
            } catch (InterruptedException e) {
                closeQuietly(callback);
                Thread.currentThread().interrupt();
                throw new CancellationException("Push cancelled.");
            } catch (DockerException e) {
                error.compareAndSet(null, e.getMessage());
            }
            if (error.get() == null && digest.get() != null) {
                return digest.get();
            }
            lastError = error.get() == null ? "the registry reported no digest" : error.get().strip();
            if (DENIED.matcher(lastError).find()) {
                throw new PushFailedException("The registry " + target.registry() + " refused the credentials of user \""
                        + credentials.username() + "\": check the user name and password (for Amazon ECR, get a fresh "
                        + "token; they expire after 12 hours). The registry said: " + lastError);
            }
            if (UNREACHABLE.matcher(lastError).find()) {
                throw new PushFailedException("Cannot reach the registry " + target.registry() + ": check the address, "
                        + "your network and that the registry is running. The engine said: " + lastError);
            }
            if (!TRANSIENT.matcher(lastError).find() || attempt == ATTEMPTS) {
                break;
            }
            long wait = 1000L << (attempt - 1);
            listener.log("Push failed (" + lastError + "); trying again in " + wait / 1000 + " s (attempt "
                    + (attempt + 1) + " of " + ATTEMPTS + ")");
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Push cancelled.");
            }
        }
        throw new PushFailedException("The push to " + target.registry() + " failed: " + redact(lastError, credentials));
    }

    /** Registries do not echo passwords, but an error message is no place to risk one. */
    private static String redact(String message, RegistryCredentials credentials) {
        String password = credentials.password();
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    private static void closeQuietly(ResultCallback.Adapter<?> callback) {
        try {
            callback.close();
        } catch (java.io.IOException e) {
            // closing the stream is all a cancel needs
        }
    }
}
