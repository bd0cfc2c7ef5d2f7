package dev.dockhand.aws;

import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ListImagesRequest;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The service's Amazon ECR repository: created when missing (scan on push, immutable tags, a lifecycle
 * policy that expires old images), reused when present; and the short-lived login to push to it.
 */
public final class Registry {

    /** The repository's address for image references, e.g. {@code 123.dkr.ecr.eu-west-1.amazonaws.com/app}. */
    public record Repo(String name, String uri, boolean created) {
    }

    /** A registry login: basic-auth user and token (valid 12 hours) for the registry host. */
    public record Login(String registry, String username, String password) {
        @Override
        public String toString() {
            return "Login[registry=" + registry + ", username=" + username + ", password=***]";
        }
    }

    /** Keeps the 30 newest images and drops untagged ones after a day. */
    static final String LIFECYCLE_POLICY = """
            {"rules": [
              {"rulePriority": 1, "description": "Remove untagged images after a day",
               "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
               "action": {"type": "expire"}},
              {"rulePriority": 2, "description": "Keep the 30 newest images",
               "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
               "action": {"type": "expire"}}
            ]}""";

    private final AwsSession session;

    public Registry(AwsSession session) {
        this.session = session;
    }

    /**
     * The service's repository, created (with Dockhand's mark) when missing. An existing one is used only when
     * it is Dockhand's, or one an earlier version made (its lifecycle policy is Dockhand's own), which
     * {@code said} is told. Anybody else's repository is refused: a push could make its lifecycle policy
     * expire the owner's images.
     */
    public Repo ensureRepository(String name, java.util.function.Consumer<String> said) throws AwsFailure {
        try {
            Repository existing = session.ecr().describeRepositories(DescribeRepositoriesRequest.builder()
                    .repositoryNames(name).build()).repositories().get(0);
            Found found = found(existing, name);
            if (found.claim() == Ownership.Claim.NOT_DOCKHANDS) {
                throw new AwsFailure(Ownership.refusal("The ECR repository " + name, found.provenance(), name, "push to"),
                        null, true);
            }
            if (found.claim() == Ownership.Claim.EARLIER_DOCKHAND) {
                // Its lifecycle policy is Dockhand's own, so a push only adds this service's image; it is marked
                // (and may be deleted) only once the user confirms it, as destroy --delete-images asks.
                said.accept("The ECR repository " + name + " was made by an earlier version of Dockhand (it has Dockhand's "
                        + "lifecycle policy, no " + Ownership.TAG + " tag): pushing to it.");
            }
            return new Repo(existing.repositoryName(), existing.repositoryUri(), false);
        } catch (RepositoryNotFoundException missing) {
            Repository created = session.call("creating the ECR repository " + name, () -> session.ecr().createRepository(b -> b
                    .repositoryName(name)
                    .tags(mark(name))
                    .imageTagMutability(ImageTagMutability.IMMUTABLE)
                    .imageScanningConfiguration(ImageScanningConfiguration.builder().scanOnPush(true).build())).repository());
            session.call("setting the repository's lifecycle policy", () -> session.ecr().putLifecyclePolicy(b -> b
                    .repositoryName(name).lifecyclePolicyText(LIFECYCLE_POLICY)));
            return new Repo(created.repositoryName(), created.repositoryUri(), true);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "looking up the ECR repository " + name);
        }
    }

    public Login login() throws AwsFailure {
        AuthorizationData data = session.call("getting an ECR login (GetAuthorizationToken)",
                () -> session.ecr().getAuthorizationToken(b -> { }).authorizationData().get(0));
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String registry = data.proxyEndpoint().replaceFirst("^https?://", "");
        return new Login(registry, decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Whose a repository is, and who made it as far as ECR says (creation time and tags), read once. */
    public record Found(Ownership.Claim claim, String provenance) {
    }

    /** Whose the repository {@code name} is, or empty when there is none. */
    public java.util.Optional<Found> claim(String name) throws AwsFailure {
        try {
            Repository existing = session.ecr().describeRepositories(DescribeRepositoriesRequest.builder()
                    .repositoryNames(name).build()).repositories().get(0);
            return java.util.Optional.of(found(existing, name));
        } catch (RepositoryNotFoundException missing) {
            return java.util.Optional.empty();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "looking up the ECR repository " + name);
        }
    }

    /** The refusal to delete the repository {@code name}, which is not Dockhand's. */
    public static String refusalToDelete(String name, Found found) {
        return Ownership.refusal("The ECR repository " + name, found.provenance(), name, "delete");
    }

    private Found found(Repository repository, String name) throws AwsFailure {
        java.util.Map<String, String> tags = new java.util.TreeMap<>();
        session.call("reading the repository's tags (ecr:ListTagsForResource)", () -> session.ecr()
                .listTagsForResource(b -> b.resourceArn(repository.repositoryArn())).tags())
                .forEach(t -> tags.put(t.key(), t.value()));
        Ownership.Claim claim = Ownership.ofTags(tags, name) == Ownership.Claim.DOCKHANDS ? Ownership.Claim.DOCKHANDS
                : tags.isEmpty() && hasDockhandsPolicy(name) ? Ownership.Claim.EARLIER_DOCKHAND : Ownership.Claim.NOT_DOCKHANDS;
        String provenance = Ownership.created(repository.createdAt()) + ", "
                + (tags.isEmpty() ? "no tags" : "tags " + Ownership.describe(tags));
        return new Found(claim, provenance);
    }

    /** Earlier versions marked nothing, but set exactly this lifecycle policy on the repositories they made. */
    private boolean hasDockhandsPolicy(String name) throws AwsFailure {
        try {
            String text = session.ecr().getLifecyclePolicy(b -> b.repositoryName(name)).lifecyclePolicyText();
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            return text != null && json.readTree(text).equals(json.readTree(LIFECYCLE_POLICY));
        } catch (software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException none) {
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return false;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "reading the lifecycle policy of " + name);
        }
    }

    private static software.amazon.awssdk.services.ecr.model.Tag mark(String name) {
        return software.amazon.awssdk.services.ecr.model.Tag.builder().key(Ownership.TAG).value(name).build();
    }

    /** Deletes every image of the repository, then the repository; only a repository that is Dockhand's. */
    public int deleteRepository(String name) throws AwsFailure {
        try {
            var found = claim(name);
            if (found.isPresent() && found.get().claim() == Ownership.Claim.NOT_DOCKHANDS) {
                throw new AwsFailure(refusalToDelete(name, found.get()), null, true);
            }
            List<ImageIdentifier> images = session.ecr().listImagesPaginator(ListImagesRequest.builder().repositoryName(name).build())
                    .imageIds().stream().toList();
            session.call("deleting the repository " + name, () -> session.ecr().deleteRepository(b -> b.repositoryName(name).force(true)));
            return images.size();
        } catch (RepositoryNotFoundException missing) {
            return 0;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.explain(e, session, "listing the images of " + name);
        }
    }
}
