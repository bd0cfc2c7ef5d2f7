package dev.dockhand.cli;

import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.dockhand.testing.AwsStub.cfn;
import static dev.dockhand.testing.AwsStub.ecr;
import static dev.dockhand.testing.AwsStub.jsonBody;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the AWS surface: a stack and a repository named like the service that Dockhand did not
 * create survive {@code destroy --yes} and {@code deploy --yes}; a stack an earlier version made is marked
 * only when the user confirms it by name; Dockhand's own still go. The CLI as a separate process, AWS as
 * the wire-protocol stub.
 */
class ForeignResourcesTest {

    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-npm:1a2b3c4";
    private static final String REPOSITORY = """
            {"repositories":[{"repositoryName":"node-npm","repositoryArn":"arn:aws:ecr:eu-west-1:123456789012:repository/node-npm",
            "repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-npm","createdAt":1795000000}]}""";

    @TempDir
    Path temp;

    private AwsStub stub;
    private Path project;

    @BeforeEach
    void start() {
        stub = new AwsStub().service("node-npm");
        project = Fixtures.copy("node-npm", temp);
        stub.stubIdentity();
        stub.stubNetwork();
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody(REPOSITORY)));
        stub.server.stubFor(ecr("ListImages").willReturn(jsonBody("{\"imageIds\":[{\"imageDigest\":\"sha256:aa\",\"imageTag\":\"v7\"}]}")));
        stub.server.stubFor(ecr("DeleteRepository").willReturn(jsonBody("{\"repository\":{\"repositoryName\":\"node-npm\"}}")));
        stub.server.stubFor(query("DeleteStack").willReturn(xml(cfn("DeleteStack", ""))));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Run dockhand(String... args) throws Exception {
        return stub.cli(temp).run(args);
    }

    private void repositoryTags(String tagsJson) {
        stub.server.stubFor(ecr("ListTagsForResource").willReturn(jsonBody("{\"tags\":" + tagsJson + "}")));
        stub.server.stubFor(ecr("GetLifecyclePolicy").willReturn(AwsStub.jsonError(400, "LifecyclePolicyNotFoundException",
                "Lifecycle policy does not exist for the repository with name 'node-npm'")));
    }

    @Test
    void destroyWithYesLeavesAStackAndARepositorySomebodyElseMadeAndSaysWhoseTheyAre() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.foreignStack("node-npm", "CREATE_COMPLETE"))));
        repositoryTags("[{\"Key\":\"team\",\"Value\":\"payments\"}]");

        Run run = dockhand("destroy", project.toString(), "--target", "aws", "--delete-images", "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("The stack node-npm was not created by Dockhand (created 2026-11-27 09:59 UTC, "
                        + "tags team=payments, description \"Payments queue\"; it has no dockhand:service tag)")
                .contains("The ECR repository node-npm was not created by Dockhand")
                .contains("Nothing was deleted").contains("Delete it where it was made").doesNotContain("--service");
        assertThat(stub.calls("DeleteStack")).isZero();
        assertThat(stub.calls("DeleteRepository")).isZero();
        assertThat(stub.calls("BatchDeleteImage")).isZero();
    }

    @Test
    void destroyLeavesSomebodyElsesRepositoryEvenBesideDockhandsOwnStack() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(stub.ownStack("CREATE_COMPLETE", "http://x"))));
        repositoryTags("[]");

        Run run = dockhand("destroy", project.toString(), "--target", "aws", "--delete-images", "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("The ECR repository node-npm was not created by Dockhand (created 2026-11-18")
                .contains("no tags").doesNotContain("The stack node-npm was not created");
        assertThat(stub.calls("DeleteStack")).as("nothing is deleted while anything asked for is refused").isZero();
        assertThat(stub.calls("DeleteRepository")).isZero();
    }

    @Test
    void deployWithYesDoesNotTakeOverAStackSomebodyElseMade() throws Exception {
        stub.server.stubFor(query("DescribeStacks").willReturn(xml(AwsStub.foreignStack("node-npm", "UPDATE_COMPLETE"))));

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("The stack node-npm was not created by Dockhand").contains("does not update it")
                .contains("tags team=payments").contains("--service node-npm-app");
        assertThat(stub.calls("CreateChangeSet")).isZero();
        assertThat(stub.calls("ExecuteChangeSet")).isZero();
        assertThat(stub.calls("DeleteStack")).isZero();
    }

    @Test
    void aStackAnEarlierVersionMadeIsMarkedOnlyWhenTheUserNamesItAndYesDoesNotAnswer() throws Exception {
        stub.server.stubFor(query("DescribeStacks").inScenario("adopt").whenScenarioStateIs(STARTED)
                .willReturn(xml(AwsStub.earlierDockhandStack("node-npm", "UPDATE_COMPLETE"))));

        Run refused = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes");

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.out()).contains("looks made by an earlier version of Dockhand")
                .contains("run again with --adopt node-npm").contains("--yes does not answer this");
        assertThat(refused.err()).contains("was not confirmed as this service's").contains("nothing was changed");
        assertThat(stub.calls("CreateChangeSet")).isZero();

        Run wrongName = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--adopt", "other");
        assertThat(wrongName.exitCode()).isEqualTo(2);
        assertThat(stub.calls("CreateChangeSet")).isZero();

        stub.stubChangeSet("adopt", "CREATE_COMPLETE", null);
        String url = stub.server.baseUrl() + "/service";
        stub.stubStackStates("adopt", url, "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE");
        stub.server.stubFor(query("DescribeStackEvents").willReturn(xml(cfn("DescribeStackEvents", "<StackEvents></StackEvents>"))));
        stub.stubService(2);
        stub.server.stubFor(get(urlEqualTo("/service")).willReturn(aResponse().withStatus(200).withBody("hello")));

        Run adopted = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--adopt", "node-npm");

        assertThat(adopted.exitCode()).as(adopted.all()).isZero();
        assertThat(adopted.out()).contains("Confirmed by --adopt node-npm");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateChangeSet&"))
                .withRequestBody(containing("ChangeSetType=UPDATE"))
                .withRequestBody(containing("Tags.member.1.Key=dockhand%3Aservice&Tags.member.1.Value=node-npm")));
    }

    @Test
    void aSecretOfTheServicesNameThatSomebodyElseMadeIsNeitherRestoredNorUpdated() throws Exception {
        project = Fixtures.configApp(java.nio.file.Files.createDirectories(temp.resolve("c")));
        stub.server.stubFor(query("DescribeStacks").willReturn(AwsStub.queryError(400, "ValidationError",
                "Stack with id node-config-app does not exist")));
        stub.server.stubFor(AwsStub.secrets("DescribeSecret").willReturn(jsonBody("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:"
                + "123456789012:secret:dockhand/node-config-app-Ab12Cd\",\"Name\":\"dockhand/node-config-app\","
                + "\"DeletedDate\":1796000000,\"CreatedDate\":1790000000,\"Tags\":[{\"Key\":\"team\",\"Value\":\"payments\"}]}")));

        Run run = dockhand("deploy", project.toString(), "--target", "aws", "--image", IMAGE, "--yes", "--restore-secret");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("The secret dockhand/node-config-app was not created by Dockhand").contains("tags team=payments")
                .contains("Nothing was changed on AWS");
        assertThat(stub.calls("RestoreSecret")).isZero();
        assertThat(stub.calls("PutSecretValue")).isZero();
        assertThat(stub.calls("CreateChangeSet")).isZero();
    }

    @Test
    void destroyStillDeletesDockhandsOwnStackAndRepository() throws Exception {
        stub.server.stubFor(query("DescribeStacks").inScenario("d").whenScenarioStateIs(STARTED)
                .willReturn(xml(stub.ownStack("CREATE_COMPLETE", "http://x"))));
        stub.server.stubFor(query("DeleteStack").inScenario("d").willReturn(xml(cfn("DeleteStack", ""))).willSetStateTo("gone"));
        stub.server.stubFor(query("DescribeStacks").inScenario("d").whenScenarioStateIs("gone")
                .willReturn(AwsStub.queryError(400, "ValidationError", "Stack with id node-npm does not exist")));
        stub.server.stubFor(query("DescribeStackEvents").willReturn(AwsStub.queryError(400, "ValidationError",
                "Stack with id node-npm does not exist")));
        repositoryTags("[{\"Key\":\"dockhand:service\",\"Value\":\"node-npm\"}]");

        Run run = dockhand("destroy", project.toString(), "--target", "aws", "--delete-images", "--yes");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Deleted the ECR repository node-npm and its 1 image(s)");
        assertThat(stub.calls("DeleteStack")).isEqualTo(1);
        assertThat(stub.calls("DeleteRepository")).isEqualTo(1);
    }
}
