package io.awsrefresh.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RoleChains} orders named roles so that each comes after the role it is chained
 * from; a role named {@code default}, an unknown source role and a cycle are each
 * reported once, and the roles that cannot be defined because of them are left out.
 */
class RoleChainsTests {

	private final Map<String, NamedRole> named = new LinkedHashMap<>();

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void eachRoleComesAfterItsSourceRoleWhateverTheOrderOfTheKeys() {
		role("d", "c");
		role("c", "b");
		role("b", "a");
		role("a", "default");
		role("plain", null);
		assertThat(order()).containsExactly("a", "b", "c", "d", "plain");
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void rolesWithoutASourceRoleKeepTheOrderOfTheKeys() {
		role("zeta", null);
		role("alpha", "default");
		role("mid", " ");
		assertThat(order()).containsExactly("zeta", "alpha", "mid");
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void aRoleSharedAsSourceRoleIsOrderedOnce() {
		role("x", "base");
		role("y", "base");
		role("base", null);
		assertThat(order()).containsExactly("base", "x", "y");
	}

	@Test
	void unknownSourceRoleIsReportedUnderTheRolesSourceRoleKey() {
		role("audit", "nobody");
		role("reports", null);
		assertThat(order()).containsExactly("reports");
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.source-role");
			assertThat(problem.getValue()).isEqualTo("nobody");
			assertThat(problem.getReason())
				.isEqualTo("no role of that name; configured roles: [default, audit, reports]");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.roles.audit.source-role=default");
		});
	}

	@Test
	void rolesChainedFromARoleWithAnUnknownSourceRoleAreLeftOutSilently() {
		role("audit", "nobody");
		role("scanner", "audit");
		role("reports", "scanner");
		assertThat(order()).isEmpty();
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.audit.source-role");
	}

	@Test
	void cycleIsReportedOnceNamingEveryRoleOfIt() {
		role("a", "b");
		role("b", "c");
		role("c", "a");
		role("free", "default");
		assertThat(order()).containsExactly("free");
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.c.source-role");
			assertThat(problem.getValue()).isEqualTo("a");
			assertThat(problem.getReason()).isEqualTo("role chaining forms a cycle: a -> b -> c -> a");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.roles.c.source-role=default");
		});
	}

	@Test
	void roleChainedToItselfIsACycle() {
		role("loop", "loop");
		assertThat(order()).isEmpty();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.loop.source-role");
			assertThat(problem.getReason()).isEqualTo("role chaining forms a cycle: loop -> loop");
		});
	}

	@Test
	void rolesChainedFromACycleAreLeftOutSilently() {
		// The first key leads into the cycle from outside it.
		role("outside", "a");
		role("a", "b");
		role("b", "a");
		role("further", "outside");
		assertThat(order()).isEmpty();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.b.source-role");
			assertThat(problem.getReason()).isEqualTo("role chaining forms a cycle: a -> b -> a");
		});
	}

	@Test
	void roleNamedDefaultIsReportedAndLeftOut() {
		role("default", null);
		role("audit", null);
		assertThat(order()).containsExactly("audit");
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.default");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getMessage()).isEqualTo("Invalid 'aws.refresh.roles.default': "
					+ "'default' is the name of the role configured directly under aws.refresh");
		});
	}

	@Test
	void roleNamedAsTheTagOfRolesBuiltInCodeIsReportedAndLeftOut() {
		// Its meters would be those of every role built in code. A role chained from it
		// is left out too, the mistake reported once.
		role("built-in-code", null);
		role("partner", "built-in-code");
		role("audit", null);
		assertThat(order()).containsExactly("audit");
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.built-in-code");
			assertThat(problem.getMessage()).isEqualTo("Invalid 'aws.refresh.roles.built-in-code': "
					+ "'built-in-code' is the name meters and observations give every role built in code");
			assertThat(problem.getExample())
				.isEqualTo("aws.refresh.roles.partner.role-arn=arn:aws:iam::123456789012:role/partner");
		});
	}

	@Test
	void roleNamedAsARoleMadeAtRunTimeIsReportedAndLeftOut() {
		// A template's session in that account would be handed this role's clients.
		role("audit@111111111111", null);
		role("arn:aws:iam::111111111111:role/partner#0123456789abcdef", null);
		role("reader", "audit@111111111111");
		role("team@example", null);
		assertThat(order()).containsExactly("team@example");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles[audit@111111111111]",
					"aws.refresh.roles[arn:aws:iam::111111111111:role/partner#0123456789abcdef]");
		assertThat(this.problems.list()).first().satisfies((problem) -> {
			assertThat(problem.getMessage()).isEqualTo("Invalid 'aws.refresh.roles[audit@111111111111]': "
					+ "'audit@111111111111' is the name of a role made at run time (a template's role in an "
					+ "account, <template>@<account id>, or a role built in code)");
			assertThat(problem.getExample())
				.isEqualTo("aws.refresh.roles.audit-prod.role-arn=arn:aws:iam::123456789012:role/audit");
		});
	}

	@Test
	void sourceRoleDefaultMeansTheDefaultRoleEvenWhenANamedRoleIsCalledDefault() {
		role("default", "audit");
		role("audit", "default");
		assertThat(order()).containsExactly("audit");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.default");
	}

	@Test
	void rolesChainedFromANamedRoleCalledDefaultAreNotLeftOut() {
		// "default" as a source role is the default role, whatever is under roles.
		role("default", null);
		role("chained", "default");
		assertThat(order()).containsExactly("chained");
	}

	@Test
	void configuredRolesAreListedOnceWhenARoleIsNamedDefault() {
		role("default", null);
		role("audit", "nobody");
		assertThat(order()).isEmpty();
		assertThat(this.problems.list())
			.filteredOn((problem) -> problem.getProperty().equals("aws.refresh.roles.audit.source-role"))
			.singleElement()
			.satisfies((problem) -> assertThat(problem.getReason())
				.isEqualTo("no role of that name; configured roles: [default, audit]"));
	}

	@Test
	void everyMistakeIsReportedInOneCall() {
		role("default", null);
		role("a", "b");
		role("b", "a");
		role("c", "nobody");
		role("ok", null);
		assertThat(order()).containsExactly("ok");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.default", "aws.refresh.roles.b.source-role",
					"aws.refresh.roles.c.source-role");
	}

	private List<String> order() {
		return RoleChains.order(this.named, this.problems);
	}

	private void role(String name, @Nullable String sourceRole) {
		NamedRole role = new NamedRole();
		role.setRoleArn("arn:aws:iam::123456789012:role/" + name);
		role.setSourceRole(sourceRole);
		this.named.put(name, role);
	}

}
