package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;

/**
 * Orders named roles so that each comes after the role it is chained from
 * ({@code source-role}), rejecting unknown source roles and cycles.
 */
final class RoleChains {

	private static final String ROLES = "aws.refresh.roles.";

	private static final String DEFAULT_ROLE = RoleCredentialsProviders.DEFAULT_ROLE;

	private RoleChains() {
	}

	static List<String> order(Map<String, NamedRole> named) {
		if (named.containsKey(DEFAULT_ROLE)) {
			throw new InvalidAwsRefreshPropertyException(ROLES + DEFAULT_ROLE, null,
					"'default' is the name of the role configured directly under aws.refresh",
					ROLES + "audit.role-arn=arn:aws:iam::123456789012:role/audit");
		}
		Set<String> ordered = new LinkedHashSet<>();
		for (String name : named.keySet()) {
			visit(name, named, ordered, new LinkedHashSet<>());
		}
		return new ArrayList<>(ordered);
	}

	private static void visit(String name, Map<String, NamedRole> named, Set<String> ordered, Set<String> path) {
		if (ordered.contains(name)) {
			return;
		}
		if (!path.add(name)) {
			List<String> cycle = new ArrayList<>(path);
			cycle = cycle.subList(cycle.indexOf(name), cycle.size());
			String last = cycle.get(cycle.size() - 1);
			throw new InvalidAwsRefreshPropertyException(ROLES + last + ".source-role", name,
					"role chaining forms a cycle: " + String.join(" -> ", cycle) + " -> " + name,
					ROLES + last + ".source-role=" + DEFAULT_ROLE);
		}
		String source = PropertyValues.blankToNull(named.get(name).getSourceRole());
		if (source != null && !source.equals(DEFAULT_ROLE)) {
			if (!named.containsKey(source)) {
				List<String> known = new ArrayList<>();
				known.add(DEFAULT_ROLE);
				known.addAll(named.keySet());
				throw new InvalidAwsRefreshPropertyException(ROLES + name + ".source-role", source,
						"no role of that name; configured roles: " + known,
						ROLES + name + ".source-role=" + DEFAULT_ROLE);
			}
			visit(source, named, ordered, path);
		}
		path.remove(name);
		ordered.add(name);
	}

}
