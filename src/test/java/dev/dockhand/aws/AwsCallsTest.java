package dev.dockhand.aws;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import static dev.dockhand.aws.AwsStub.ecr;
import static dev.dockhand.aws.AwsStub.jsonBody;
import static dev.dockhand.aws.AwsStub.jsonError;
import static dev.dockhand.aws.AwsStub.query;
import static dev.dockhand.aws.AwsStub.queryError;
import static dev.dockhand.aws.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions, errors in the user's words, network proposal and ECR, against the wire-protocol stub. */
class AwsCallsTest {

    private static final String STS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

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
    void theDefaultVpcAndOnePublicSubnetPerZoneAreProposed() throws Exception {
        stubNetwork();

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

        Registry.Repo repo = new Registry(session).ensureRepository("app");

        assertThat(repo.created()).isTrue();
        assertThat(repo.uri()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app");
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.CreateRepository"))
                .withRequestBody(containing("\"scanOnPush\":true")).withRequestBody(containing("\"imageTagMutability\":\"IMMUTABLE\"")));
        stub.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.PutLifecyclePolicy"))
                .withRequestBody(containing("imageCountMoreThan")));
    }

    @Test
    void anExistingRepositoryIsReused() throws Exception {
        stub.server.stubFor(ecr("DescribeRepositories").willReturn(jsonBody("""
                {"repositories":[{"repositoryName":"app","repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"}]}""")));
        Registry.Repo repo = new Registry(session).ensureRepository("app");
        assertThat(repo.created()).isFalse();
        stub.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("CreateRepository")));
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

    private void stubNetwork() {
        stub.server.stubFor(query("DescribeVpcs").willReturn(xml("<DescribeVpcsResponse xmlns=\"" + EC2 + "\"><requestId>r</requestId>"
                + "<vpcSet><item><vpcId>vpc-9</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault></item>"
                + "<item><vpcId>vpc-1</vpcId><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>")));
        StringBuilder subnets = new StringBuilder();
        String[][] rows = {{"subnet-a", "eu-west-1a"}, {"subnet-b", "eu-west-1b"}, {"subnet-a2", "eu-west-1a"},
                {"subnet-c", "eu-west-1a"}, {"subnet-d", "eu-west-1b"}};
        for (String[] row : rows) {
            subnets.append("<item><subnetId>").append(row[0]).append("</subnetId><vpcId>vpc-1</vpcId><availabilityZone>")
                    .append(row[1]).append("</availabilityZone><cidrBlock>172.31.0.0/20</cidrBlock></item>");
        }
        stub.server.stubFor(query("DescribeSubnets").willReturn(xml("<DescribeSubnetsResponse xmlns=\"" + EC2
                + "\"><requestId>r</requestId><subnetSet>" + subnets + "</subnetSet></DescribeSubnetsResponse>")));
        stub.server.stubFor(query("DescribeRouteTables").willReturn(xml("<DescribeRouteTablesResponse xmlns=\"" + EC2
                + "\"><requestId>r</requestId><routeTableSet>"
                + "<item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
                + "<gatewayId>igw-1</gatewayId></item></routeSet><associationSet><item><routeTableAssociationId>a1</routeTableAssociationId>"
                + "<routeTableId>rtb-main</routeTableId><main>true</main></item></associationSet></item>"
                + "<item><routeTableId>rtb-private</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
                + "<natGatewayId>nat-1</natGatewayId></item></routeSet><associationSet>"
                + "<item><routeTableAssociationId>a2</routeTableAssociationId><routeTableId>rtb-private</routeTableId><subnetId>subnet-c</subnetId><main>false</main></item>"
                + "<item><routeTableAssociationId>a3</routeTableAssociationId><routeTableId>rtb-private</routeTableId><subnetId>subnet-d</subnetId><main>false</main></item>"
                + "</associationSet></item></routeTableSet></DescribeRouteTablesResponse>")));
    }
}
