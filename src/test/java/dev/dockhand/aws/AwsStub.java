package dev.dockhand.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A local HTTP stand-in for AWS that speaks the services' wire protocols: awsQuery (form POST, XML
 * answers) for STS, CloudFormation and ELBv2, ec2Query for EC2, awsJson1_1 (X-Amz-Target) for ECS and
 * ECR. Answers are shaped like the examples in the APIs' documentation.
 */
final class AwsStub implements AutoCloseable {

    static final String ACCOUNT = "123456789012";

    final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    AwsStub() {
        server.start();
    }

    AwsSession session() {
        return AwsSession.at(URI.create(server.baseUrl()), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")));
    }

    /** A query-protocol action (STS, CloudFormation, ELBv2, EC2). */
    static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    /** A JSON 1.1 action, e.g. ("AmazonEC2ContainerServiceV20141113", "DescribeServices"). */
    static MappingBuilder json(String service, String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(service + "." + operation));
    }

    static MappingBuilder ecs(String operation) {
        return json("AmazonEC2ContainerServiceV20141113", operation);
    }

    static MappingBuilder ecr(String operation) {
        return json("AmazonEC2ContainerRegistry_V20150921", operation);
    }

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    static ResponseDefinitionBuilder jsonBody(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    static ResponseDefinitionBuilder queryError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>4c5d-example</RequestId></ErrorResponse>");
    }

    /** EC2's own error shape (ec2Query): Response/Errors/Error. */
    static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>ea96-example</RequestID></Response>");
    }

    static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    static String response(String action, String namespace, String result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>b9b4-example</RequestId></ResponseMetadata></" + action + "Response>";
    }

    static String cfn(String action, String result) {
        return response(action, "http://cloudformation.amazonaws.com/doc/2010-05-15/", result);
    }

    @Override
    public void close() {
        server.stop();
    }
}
