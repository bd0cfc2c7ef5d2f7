package dev.dockhand.aws;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockhand.testing.AwsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.dockhand.testing.AwsStub.ecr;
import static dev.dockhand.testing.AwsStub.jsonBody;
import static dev.dockhand.testing.AwsStub.jsonError;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.queryError;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions, errors in the user's words, network proposal and ECR, against the wire-protocol stub. */
class AwsCallsTest {

    private static final String STS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final AwsStub stub = new AwsStub();
    private final AwsSession session = stub.session();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        session.close();
        stub.close();
    }

    @Test
    void identityComesFromSts() throws Exception {
        stub.server.stubFor(query("GetCallerIdentity").willReturn(xml(AwsStub.response("GetCallerIdentity", STS,
                "<Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"))));

        AwsSession.Identity identity = session.identity();

        assertThat(identity.account()).isEqualTo("123456789012");
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/dev");
    }

    @Test
    void anExpiredTokenSaysHowToLogInAgain() {
        stub.server.stubFor(query("GetCallerIdentity").willReturn(queryError(400, "ExpiredToken",
                "The security token included in the request is expired")));
        assertThatThrownBy(session::identity).isInstanceOf(AwsFailure.class)
                .hasMessageContaining("has expired").hasMessageContaining("aws sso login --profile default");
    }

    @Test
    void accessDeniedNamesTheAction() {
        stub.server.stubFor(query("DescribeVpcs").willReturn(AwsStub.ec2Error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:DescribeVpcs")));
        assertThatThrownBy(() -> new Network(session).vpcs()).isInstanceOf(AwsFailure.class)
                .hasMessageContaining("Access denied").hasMessageContaining("ec2:DescribeVpcs");
    }

    @Test
    void throttlingIsRetriedWithBackOff() throws Exception {
        String ok = AwsStub.response("GetCallerIdentity", STS,
                "<Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDA</UserId><Account>123456789012</Account>");
        stub.server.stubFor(query("GetCallerIdentity").inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(queryError(400, "Throttling", "Rate exceeded")).willSetStateTo("again"));
        stub.server.stubFor(query("GetCallerIdentity").inScenario("throttle").whenScenarioStateIs("again")
                .willReturn(queryError(400, "Throttling", "Rate exceeded")).willSetStateTo("ok"));
        stub.server.stubFor(query("GetCallerIdentity").inScenario("throttle").whenScenarioStateIs("ok").willReturn(xml(ok)));

        assertThat(session.identity().account()).isEqualTo("123456789012");
        stub.server.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")));
    }

    @Test
    void noRegionAnywhereIsBadInputThatSaysWhereToSetIt() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\noutput = json\n");
        AwsProfiles profiles = AwsProfiles.load(Map.of(), home);
        assertThatThrownBy(() -> AwsSession.open(null, null, Map.of(), profiles))
                .isInstanceOf(AwsFailure.class).hasMessageContaining("No AWS region is set").hasMessageContaining("--region");
    }

    @Test
    void anUnknownProfileListsTheKnownOnes() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-1\n");
        AwsProfiles profiles = AwsProfiles.load(Map.of(), home);
        assertThatThrownBy(() -> AwsSession.open("nope", null, Map.of(), profiles))
                .isInstanceOf(AwsFailure.class).hasMessageContaining("default, work");
    }

    @Test
    void anUnknownProfileWithNoneConfiguredSaysHowToCreateIt() {
        AwsProfiles none = AwsProfiles.load(Map.of(), home);
        assertThatThrownBy(() -> AwsSession.open("nope", "eu-west-1", Map.of(), none))
                .isInstanceOf(AwsFailure.class).hasMessageEndingWith("`aws configure --profile nope` (or `aws configure sso`).")
                .hasMessageNotContaining("choose");
    }

    @Test
    void theDefaultVpcAndOnePublicSubnetPerZoneAreProposed() throws Exception {
        stub.stubNetwork();

        Network.Proposal proposal = new Network(session).propose(null, false);

        assertThat(proposal.vpcId()).isEqualTo("vpc-1");
        assertThat(proposal.loadBalancerSubnets()).containsExactly("subnet-a", "subnet-b");
        assertThat(proposal.taskSubnets()).containsExactly("subnet-a", "subnet-b");
        Network.Proposal privately = new Network(session).propose(null, true);
        assertThat(privately.taskSubnets()).containsExactly("subnet-c", "subnet-d");
        assertThat(new Network(session).subnets("vpc-1")).filteredOn(s -> !s.isPublic())
                .extracting(Network.SubnetChoice::id).containsExactly("subnet-c", "subnet-d");
    }

    @Test
    void aMissingRepositoryIsCreatedWithScanningImmutableTagsAndALifecyclePolicy() throws Exception {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonError(400, "RepositoryNotFoundException",
                "The repository with name 'app' does not exist in the registry with id '123456789012'")));
        stub.server.stubFor(ecr("CreateRepository").willReturn(jsonBody("""
                {"repository":{"repositoryArn":"arn:aws:ecr:eu-west-1:123456789012:repository/app","registryId":"123456789012",
                "repositoryName":"app","repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app",
                "imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true}}}""")));
        stub.server.stubFor(ecr("PutLifecyclePolicy").willReturn(jsonBody(
                "{\"registryId\":\"123456789012\",\"repositoryName\":\"app\",\"lifecyclePolicyText\":\"{}\"}")));

        Registry.Repo repo = new Registry(session).ensureRepository("app", line -> { });

        assertThat(repo.created()).isTrue();
        assertThat(repo.uri()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.CreateRepository"))
                .withRequestBody(containing("\"scanOnPush\":true")).withRequestBody(containing("\"imageTagMutability\":\"IMMUTABLE\""))
                .withRequestBody(containing("\"tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"app\"}]")));
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.PutLifecyclePolicy"))
                .withRequestBody(containing("imageCountMoreThan")));
    }

    private static final String REPOSITORY = """
            {"repositories":[{"repositoryName":"app","repositoryArn":"arn:aws:ecr:eu-west-1:123456789012:repository/app",
            "repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app","createdAt":1795000000}]}""";

    @Test
    void anExistingRepositoryOfDockhandsIsReused() throws Exception {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody(REPOSITORY)));
        stub.server.stubFor(ecr("ListTagsForResource").willReturn(jsonBody("{\"tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"app\"}]}")));
        Registry.Repo repo = new Registry(session).ensureRepository("app", line -> { });
        assertThat(repo.created()).isFalse();
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("CreateRepository")));
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("TagResource")));
    }

    @Test
    void aRepositorySomebodyElseMadeIsNeitherPushedToNorDeleted() {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody(REPOSITORY)));
        stub.server.stubFor(ecr("ListTagsForResource").willReturn(jsonBody("{\"tags\":[{\"Key\":\"team\",\"Value\":\"payments\"}]}")));
        stub.server.stubFor(ecr("GetLifecyclePolicy").willReturn(jsonError(400, "LifecyclePolicyNotFoundException",
                "Lifecycle policy does not exist for the repository with name 'app'")));

        assertThatThrownBy(() -> new Registry(session).ensureRepository("app", line -> { }))
                .isInstanceOf(AwsFailure.class)
                .hasMessageContaining("The ECR repository app was not created by Dockhand")
                .hasMessageContaining("tags team=payments").hasMessageContaining("--service app-app");
        assertThatThrownBy(() -> new Registry(session).deleteRepository("app"))
                .isInstanceOf(AwsFailure.class).hasMessageContaining("does not delete it");
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("DeleteRepository")));
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("TagResource")));
    }

    @Test
    void aRepositoryWithTheLifecyclePolicyEarlierVersionsSetIsPushedToButNotMarkedUnasked() throws Exception {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody(REPOSITORY)));
        stub.server.stubFor(ecr("ListTagsForResource").willReturn(jsonBody("{\"tags\":[]}")));
        stub.server.stubFor(ecr("GetLifecyclePolicy").willReturn(jsonBody(new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("repositoryName", "app").put("lifecyclePolicyText", Registry.LIFECYCLE_POLICY).toString())));
        java.util.List<String> said = new java.util.ArrayList<>();

        Registry.Repo repo = new Registry(session).ensureRepository("app", said::add);

        assertThat(repo.created()).isFalse();
        assertThat(said).singleElement().asString().contains("made by an earlier version of Dockhand");
        assertThat(new Registry(session).claim("app").map(Registry.Found::claim)).contains(Ownership.Claim.EARLIER_DOCKHAND);
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("TagResource")));
    }

    @Test
    void theEcrTokenBecomesABasicAuthLogin() throws Exception {
        stub.server.stubFor(ecr("GetAuthorizationToken").willReturn(jsonBody("""
                {"authorizationData":[{"authorizationToken":"QVdTOnNlY3JldC10b2tlbg==","expiresAt":1.8E9,
                "proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"}]}""")));

        Registry.Login login = new Registry(session).login();

        assertThat(login.registry()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        assertThat(login.username()).isEqualTo("AWS");
        assertThat(login.password()).isEqualTo("secret-token");
        assertThat(login.toString()).doesNotContain("secret-token");
    }

    @Test
    void deletingDockhandsRepositoryDeletesItsImages() throws Exception {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody(REPOSITORY)));
        stub.server.stubFor(ecr("ListTagsForResource").willReturn(jsonBody("{\"tags\":[{\"Key\":\"dockhand:service\",\"Value\":\"app\"}]}")));
        stub.server.stubFor(ecr("ListImages").willReturn(jsonBody(
                "{\"imageIds\":[{\"imageDigest\":\"sha256:aa\",\"imageTag\":\"1a2b3c4\"},{\"imageDigest\":\"sha256:bb\"}]}")));
        stub.server.stubFor(ecr("DeleteRepository").willReturn(jsonBody("{\"repository\":{\"repositoryName\":\"app\"}}")));

        assertThat(new Registry(session).deleteRepository("app")).isEqualTo(2);
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonEC2ContainerRegistry_V20150921.DeleteRepository")).withRequestBody(containing("\"force\":true")));
    }
}
