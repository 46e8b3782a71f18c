package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;

/**
 * Orders named roles so that each comes after the role it is chained from
 * ({@code source-role}), rejecting unknown source roles and cycles.
 */
final class RoleChains {

	private static final String ROLES = "aws.refresh.roles";

	private static final String DEFAULT_ROLE = RoleCredentialsProviders.DEFAULT_ROLE;

	private RoleChains() {
	}

	/**
	 * The named roles in an order where each comes after its source role. A role named
	 * {@code default} or {@code built-in-code} (the tag of roles built in code), or as
	 * roles made at run time are ({@code audit@123456789012}), a role whose source role
	 * does not exist, the roles of a cycle and the roles chained from any of those are
	 * left out, and the mistake is added to {@code problems} once.
	 * @param named the named roles
	 * @param problems where mistakes go
	 * @return the names of the roles that can be defined, in order
	 */
	static List<String> order(Map<String, NamedRole> named, PropertyProblems problems) {
		if (named.containsKey(DEFAULT_ROLE)) {
			problems.add(new InvalidAwsRefreshPropertyException(ROLES + "." + DEFAULT_ROLE, null,
					"'default' is the name of the role configured directly under aws.refresh",
					ROLES + ".audit.role-arn=arn:aws:iam::123456789012:role/audit"));
		}
		if (named.containsKey(RoleDefinition.BUILT_IN_CODE)) {
			// Meters and observations tag every role built in code with it: a role of
			// that name would share their meters.
			problems.add(new InvalidAwsRefreshPropertyException(ROLES + "." + RoleDefinition.BUILT_IN_CODE, null,
					"'" + RoleDefinition.BUILT_IN_CODE
							+ "' is the name meters and observations give every role built in code",
					ROLES + ".partner.role-arn=arn:aws:iam::123456789012:role/partner"));
		}
		Set<String> ordered = new LinkedHashSet<>();
		Set<String> rejected = new LinkedHashSet<>();
		rejected.add(DEFAULT_ROLE);
		rejected.add(RoleDefinition.BUILT_IN_CODE);
		for (String name : named.keySet()) {
			if (RoleDefinition.isRunTimeRoleName(name)) {
				// The registry would hand a template's session in that account the
				// clients of this role.
				problems.add(new InvalidAwsRefreshPropertyException(AwsRefreshKeys.entry(ROLES, name), null,
						"'" + name + "' is the name of a role made at run time (a template's role in an account, "
								+ "<template>@<account id>, or a role built in code)",
						ROLES + ".audit-prod.role-arn=arn:aws:iam::123456789012:role/audit"));
				rejected.add(name);
			}
		}
		rejected.addAll(relaxedDuplicates(named.keySet(), problems));
		for (String name : named.keySet()) {
			visit(name, named, ordered, rejected, new LinkedHashSet<>(), problems);
		}
		return new ArrayList<>(ordered);
	}

	/**
	 * Role names Spring Boot's relaxed binding reads the same keys for ({@code Audit} and
	 * {@code audit}, {@code auditRole} and {@code audit-role}): each such role would be
	 * bound from the other's keys too, one ARN silently winning.
	 */
	private static Set<String> relaxedDuplicates(Set<String> names, PropertyProblems problems) {
		Map<String, String> seen = new HashMap<>();
		Set<String> duplicates = new LinkedHashSet<>();
		for (String name : names) {
			String relaxed = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
			String other = seen.putIfAbsent(relaxed, name);
			if (other != null) {
				duplicates.add(name);
				problems.add(new InvalidAwsRefreshPropertyException(AwsRefreshKeys.entry(ROLES, name), null,
						"roles '" + other + "' and '" + name
								+ "' differ only in case or dashes, and Spring Boot reads the same keys for both; "
								+ "rename one",
						ROLES + ".audit.role-arn=arn:aws:iam::123456789012:role/audit"));
			}
		}
		return duplicates;
	}

	private static boolean visit(String name, Map<String, NamedRole> named, Set<String> ordered, Set<String> rejected,
			Set<String> path, PropertyProblems problems) {
		if (ordered.contains(name)) {
			return true;
		}
		if (rejected.contains(name)) {
			return false;
		}
		if (!path.add(name)) {
			List<String> cycle = new ArrayList<>(path);
			cycle = cycle.subList(cycle.indexOf(name), cycle.size());
			String last = cycle.get(cycle.size() - 1);
			String key = AwsRefreshKeys.entry(ROLES, last) + ".source-role";
			problems.add(new InvalidAwsRefreshPropertyException(key, name,
					"role chaining forms a cycle: " + String.join(" -> ", cycle) + " -> " + name,
					key + "=" + DEFAULT_ROLE));
			rejected.addAll(cycle);
			return false;
		}
		boolean definable = true;
		String source = PropertyValues.blankToNull(named.get(name).getSourceRole());
		if (source != null && !source.equals(DEFAULT_ROLE)) {
			if (!named.containsKey(source)) {
				Set<String> known = new LinkedHashSet<>();
				known.add(DEFAULT_ROLE);
				known.addAll(named.keySet());
				String key = AwsRefreshKeys.entry(ROLES, name) + ".source-role";
				problems.add(new InvalidAwsRefreshPropertyException(key, source,
						"no role of that name; configured roles: " + known, key + "=" + DEFAULT_ROLE));
				definable = false;
			}
			else {
				definable = visit(source, named, ordered, rejected, path, problems);
			}
		}
		path.remove(name);
		(definable ? ordered : rejected).add(name);
		return definable;
	}

}
