package dev.dockhand.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockhand.testing.AwsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dockhand.testing.AwsStub.jsonBody;
import static dev.dockhand.testing.AwsStub.jsonError;
import static dev.dockhand.testing.AwsStub.secrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's secret in Secrets Manager, against a stub of its JSON 1.1 protocol. */
class SecretStoreTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockhand/app-Ab12Cd";
    private static final String OURS = "{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\","
            + "\"Tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"app\"}],\"VersionIdsToStages\":{\"v1\":[\"AWSCURRENT\"]}}";
    private static final String NOT_FOUND_TYPE = "ResourceNotFoundException";

    private final AwsStub aws = new AwsStub();
    private final AwsSession session = aws.session();
    private final SecretStore store = new SecretStore(session);

    @AfterEach
    void close() {
        session.close();
        aws.close();
    }

    private List<LoggedRequest> calls(String operation) {
        return aws.server.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/"))
                .withHeader("X-Amz-Target", WireMock.equalTo("secretsmanager." + operation)));
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        return new ObjectMapper().readTree(request.getBodyAsString());
    }

    @Test
    void theFirstDeployCreatesOneTaggedJsonSecret() throws Exception {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonError(400, NOT_FOUND_TYPE, "Secrets Manager can't find the specified secret.")));
        aws.server.stubFor(secrets("CreateSecret").willReturn(jsonBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\",\"VersionId\":\"v1\"}")));
        SecretStore.Stored stored = store.store("app", Map.of("DATABASE_URL", "postgres://u:PLANTED@db/app", "SESSION_SECRET", "s3"), Set.of());
        assertThat(stored).isEqualTo(new SecretStore.Stored(ARN, "v1", true, true, null));
        JsonNode create = body(calls("CreateSecret").get(0));
        assertThat(create.path("Name").asText()).isEqualTo("dockhand/app");
        assertThat(new ObjectMapper().readTree(create.path("SecretString").asText()).path("DATABASE_URL").asText())
                .isEqualTo("postgres://u:PLANTED@db/app");
        assertThat(create.path("Tags").get(0).path("Key").asText()).isEqualTo(SecretStore.SERVICE_TAG);
    }

    @Test
    void anUnchangedValuePutsNoVersionAndAChangedOnePutsOne() throws Exception {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonBody(OURS)));
        aws.server.stubFor(secrets("GetSecretValue").willReturn(jsonBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\","
                + "\"SecretString\":\"{\\\"A\\\":\\\"1\\\",\\\"B\\\":\\\"2\\\"}\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}")));
        aws.server.stubFor(secrets("PutSecretValue").willReturn(jsonBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\","
                + "\"VersionId\":\"v2\",\"VersionStages\":[\"AWSCURRENT\"]}")));

        assertThat(store.store("app", Map.of("A", "1", "B", "2"), Set.of())).isEqualTo(new SecretStore.Stored(ARN, "v1", false, false, null));
        assertThat(calls("PutSecretValue")).isEmpty();

        // B's source is not on this machine (CI): it keeps the stored value; A changed.
        SecretStore.Stored changed = store.store("app", Map.of("A", "new"), Set.of("B"));
        assertThat(changed.versionId()).isEqualTo("v2");
        assertThat(changed.changed()).isTrue();
        JsonNode put = new ObjectMapper().readTree(body(calls("PutSecretValue").get(0)).path("SecretString").asText());
        assertThat(put.path("A").asText()).isEqualTo("new");
        assertThat(put.path("B").asText()).isEqualTo("2");

        assertThatThrownBy(() -> store.store("app", Map.of(), Set.of("C")))
                .hasMessageContaining("C is to keep its value from Secrets Manager, but dockhand/app holds no C");
    }

    @Test
    void aDeletedButRecoverableSecretAsksToRestoreAndASecretNotOursIsNotTouched() throws Exception {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonBody(OURS.replace("\"Tags\"", "\"DeletedDate\":1.7964E9,\"Tags\""))));
        assertThatThrownBy(() -> store.store("app", Map.of("A", "1"), Set.of()))
                .isInstanceOf(AwsFailure.class)
                .hasMessageContaining("was deleted on")
                .hasMessageContaining("--restore-secret")
                .hasMessageContaining("or choose another service name");

        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonBody(OURS.replace("dockhand:service", "owner"))));
        assertThatThrownBy(() -> store.store("app", Map.of("A", "1"), Set.of()))
                .hasMessageContaining("exists that Dockhand did not create");
        assertThat(store.deleteOwn("app", 7)).isEmpty();
        assertThat(calls("DeleteSecret")).isEmpty();
        assertThat(calls("PutSecretValue")).isEmpty();
    }

    @Test
    void accessDeniedNamesTheMissingPermission() {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonError(400, NOT_FOUND_TYPE, "not found")));
        aws.server.stubFor(secrets("CreateSecret").willReturn(jsonError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: secretsmanager:CreateSecret on resource: "
                        + "dockhand/app because no identity-based policy allows the secretsmanager:CreateSecret action")));
        assertThatThrownBy(() -> store.store("app", Map.of("A", "PLANTED-SECRET-x"), Set.of()))
                .hasMessageContaining("may not call secretsmanager:CreateSecret")
                .hasMessageNotContaining("PLANTED");
    }

    @Test
    void teardownDeletesOnlyItsOwnSecretWithARecoveryWindowAndRestoreBringsItBack() throws Exception {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonBody(OURS)));
        aws.server.stubFor(secrets("DeleteSecret").willReturn(jsonBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\","
                + "\"DeletionDate\":1796400000}")));
        aws.server.stubFor(secrets("RestoreSecret").willReturn(jsonBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"dockhand/app\"}")));
        assertThat(store.deleteOwn("app", 7)).contains(java.time.Instant.ofEpochSecond(1796400000));
        JsonNode delete = body(calls("DeleteSecret").get(0));
        assertThat(delete.path("RecoveryWindowInDays").asLong()).isEqualTo(7);
        assertThat(delete.path("SecretId").asText()).isEqualTo(ARN);
        assertThat(delete.has("ForceDeleteWithoutRecovery")).isFalse();
        store.restore("app");
        assertThat(body(calls("RestoreSecret").get(0)).path("SecretId").asText()).isEqualTo("dockhand/app");
    }

    @Test
    void anExistingSecretIsCheckedAndItsKeyReferenceReducedToTheSecret() throws Exception {
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonBody("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:"
                + "secret:stripe-Xy12Zz\",\"Name\":\"stripe\",\"KmsKeyId\":\"arn:aws:kms:eu-west-1:123456789012:key/k-1\"}")));
        SecretStore.Existing existing = store.existing("arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Xy12Zz:api_key::");
        assertThat(existing.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/k-1");
        assertThat(body(calls("DescribeSecret").get(0)).path("SecretId").asText())
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Xy12Zz");
        aws.server.stubFor(secrets("DescribeSecret").willReturn(jsonError(400, NOT_FOUND_TYPE, "not found")));
        assertThatThrownBy(() -> store.existing("arn:aws:secretsmanager:eu-west-1:123456789012:secret:gone-Ab12Cd"))
                .hasMessageContaining("There is no secret").hasMessageContaining("Configuration step");
    }
}
