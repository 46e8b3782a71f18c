package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.awsrefresh.credentials.AssumeRoleSpec.ProvidedContext;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AssumeRole call of a role: every field of the SDK's request, set from a spec built
 * with {@code with…} methods, and never a secret in its description.
 */
class AssumeRoleSpecTests {

	static final AssumeRoleSpec EVERY_FIELD = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders")
		.withDuration(Duration.ofMinutes(30))
		.withExternalId("external-secret")
		.withPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
		.withPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"))
		.withTags(Map.of("team", "payments", "cost-center", "42"))
		.withTransitiveTagKeys(List.of("team"))
		.withSourceIdentity("alice")
		.withSerialNumber("arn:aws:iam::123456789012:mfa/alice")
		.withProvidedContexts(
				List.of(new ProvidedContext("arn:aws:iam::aws:contextProvider/IdentityCenter", "assertion-secret")))
		.withMinimumSessionTokenSize(4096);

	@Test
	void aSpecSetsEveryFieldOfTheSdksAssumeRoleRequest() {
		// The token code comes from the MfaTokenProvider on each refresh. A field that a
		// newer SDK adds to the request fails this test until the spec carries it.
		AssumeRoleRequest request = EVERY_FIELD.toRequest("123456");
		List<String> fields = request.sdkFields().stream().map(SdkField::memberName).toList();
		assertThat(fields).containsExactlyInAnyOrder("RoleArn", "RoleSessionName", "PolicyArns", "Policy",
				"DurationSeconds", "Tags", "TransitiveTagKeys", "ExternalId", "SerialNumber", "TokenCode",
				"SourceIdentity", "ProvidedContexts", "MinimumSessionTokenSize");
		for (SdkField<?> field : request.sdkFields()) {
			Object value = field.getValueOrDefault(request);
			assertThat(value).as(field.memberName()).isNotNull();
			if (value instanceof Collection<?> values) {
				assertThat(values).as(field.memberName()).isNotEmpty();
			}
		}
		assertThat(request.providedContexts()).singleElement().satisfies((context) -> {
			assertThat(context.providerArn()).isEqualTo("arn:aws:iam::aws:contextProvider/IdentityCenter");
			assertThat(context.contextAssertion()).isEqualTo("assertion-secret");
		});
		assertThat(request.durationSeconds()).isEqualTo(1800);
	}

	@Test
	void equalSpecsMakeEqualRequestsWhateverTheOrderOfTheirTags() {
		AssumeRoleSpec one = EVERY_FIELD.withTags(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
		AssumeRoleSpec other = EVERY_FIELD.withTags(Map.of("d", "4", "c", "3", "b", "2", "a", "1"));
		assertThat(one).isEqualTo(other);
		assertThat(one.toRequest(null)).isEqualTo(other.toRequest(null));
		assertThat(one.toRequest(null).tags()).extracting("key").containsExactly("a", "b", "c", "d");
	}

	@Test
	void ofStartsFromNothingButTheRoleAndSessionName() {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders");
		assertThat(spec.duration()).isEqualTo(AssumeRoleSpec.DEFAULT_DURATION).isEqualTo(Duration.ofHours(1));
		assertThat(spec.externalId()).isNull();
		assertThat(spec.policyArns()).isEmpty();
		assertThat(spec.tags()).isEmpty();
		assertThat(spec.providedContexts()).isEmpty();
		AssumeRoleRequest request = spec.toRequest(null);
		assertThat(request.hasTags()).isFalse();
		assertThat(request.hasProvidedContexts()).isFalse();
	}

	@Test
	void eachWithMethodChangesItsFieldAndKeepsTheOthers() {
		AssumeRoleSpec changed = EVERY_FIELD.withExternalId("another").withSessionName("reports");
		assertThat(changed.externalId()).isEqualTo("another");
		assertThat(changed.sessionName()).isEqualTo("reports");
		assertThat(changed).usingRecursiveComparison()
			.ignoringFields("externalId", "sessionName")
			.isEqualTo(EVERY_FIELD);
	}

	@SuppressWarnings("deprecation")
	@Test
	void theConstructorWithoutProvidedContextsStillWorks() {
		AssumeRoleSpec spec = new AssumeRoleSpec("arn:aws:iam::123456789012:role/app", "orders", Duration.ofHours(1),
				null, null, List.of(), Map.of(), List.of(), null, null);
		assertThat(spec).isEqualTo(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"));
	}

	@Test
	void descriptionsLeaveOutExternalIdPolicyAndAssertions() {
		assertThat(EVERY_FIELD.toString()).contains("arn:aws:iam::123456789012:role/app", "providedContexts=1")
			.doesNotContain("external-secret", "Statement", "assertion-secret");
		assertThat(EVERY_FIELD.providedContexts().get(0).toString()).contains("IdentityCenter")
			.doesNotContain("assertion-secret");
	}

}
