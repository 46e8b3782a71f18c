package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Set;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.test.linkage.BytecodeReferences;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method, constructor and field of the AWS SDK that the starter's own classes call
 * exists in SDK 2.47.4, read from their bytecode rather than hoped for from the tests
 * that happen to reach each call. The one that does not is called only when its key is
 * set, which stops startup on this SDK. Classes of SDK modules that are optional for the
 * starter and not served at 2.47.4 are left out.
 */
class SdkReferencesTests {

	private static final String SDK = "software/amazon/awssdk/";

	/**
	 * Optional modules the starter uses when present, none of them on this class path.
	 */
	private static final List<String> ABSENT_MODULES = List.of(SDK + "enhanced/dynamodb/", SDK + "http/urlconnection/",
			SDK + "services/dynamodb/", SDK + "transfer/s3/");

	@Test
	void theStarterCallsNothingTheSdkLacksButTheGuardedMinimumSessionTokenSize() {
		Set<String> references = BytecodeReferences.of(AssumeRoleSpec.class, SDK);
		assertThat(references).as("references read").hasSizeGreaterThan(200);
		references.removeIf((reference) -> ABSENT_MODULES.stream().anyMatch(reference::startsWith));
		assertThat(BytecodeReferences.missing(references, getClass().getClassLoader()))
			.containsExactly("software/amazon/awssdk/services/sts/model/AssumeRoleRequest$Builder"
					+ ".minimumSessionTokenSize(Ljava/lang/Integer;)Lsoftware/amazon/awssdk/services/sts/model/AssumeRoleRequest$Builder;");
	}

}
