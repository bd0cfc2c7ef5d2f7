package dev.dockhand.ui.wizard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS session's messages as the Target step says them: its Region field, and the rehearsal that needs no account. */
class TargetPageTextsTest {

    @Test
    void noRegionNamesTheRegionFieldAndTheRehearsal() {
        assertThat(TargetPageModel.onThisPage("No AWS region is set: pass --region, set AWS_REGION, or add `region = ...` to "
                + "profile \"default\" in ~/.aws/config.")).startsWith("No AWS region is set: choose one in the Region field")
                .doesNotContain("--region").endsWith("The local rehearsal on Docker (the choice above) needs no AWS account.");
    }

    @Test
    void noCredentialsKeepsItsWayOnAndAddsTheRehearsal() {
        assertThat(TargetPageModel.onThisPage("No AWS credentials for profile \"default\": run `aws configure --profile default`."))
                .startsWith("No AWS credentials for profile").endsWith("needs no AWS account.");
        assertThat(TargetPageModel.onThisPage("AWS refused: AccessDenied")).isEqualTo("AWS refused: AccessDenied");
    }
}
