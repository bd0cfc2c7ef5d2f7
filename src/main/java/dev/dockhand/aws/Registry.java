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

    public Repo ensureRepository(String name) throws AwsFailure {
        try {
            Repository existing = session.ecr().describeRepositories(DescribeRepositoriesRequest.builder()
                    .repositoryNames(name).build()).repositories().get(0);
            return new Repo(existing.repositoryName(), existing.repositoryUri(), false);
        } catch (RepositoryNotFoundException missing) {
            Repository created = session.call("creating the ECR repository " + name, () -> session.ecr().createRepository(b -> b
                    .repositoryName(name)
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

    /** Deletes every image of the repository, then the repository. */
    public int deleteRepository(String name) throws AwsFailure {
        try {
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
