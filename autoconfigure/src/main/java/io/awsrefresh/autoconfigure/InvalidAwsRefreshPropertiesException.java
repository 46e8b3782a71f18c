package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when several {@code aws.refresh.*} values are invalid: all of them,
 * so that one restart is enough to see every mistake.
 *
 * @since 0.1.0
 */
public class InvalidAwsRefreshPropertiesException extends RuntimeException {

	private final List<InvalidAwsRefreshPropertyException> problems;

	InvalidAwsRefreshPropertiesException(List<InvalidAwsRefreshPropertyException> problems) {
		super(problems.size() + " invalid aws.refresh values: "
				+ problems.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Each invalid value, in the order the keys were checked.
	 * @return the problems
	 */
	public List<InvalidAwsRefreshPropertyException> getProblems() {
		return this.problems;
	}

}
